// judgeClient: the per-client verdict from a driver's attempts, on made-up but typical failover histories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriverAttempt } from '../../src/clients/driver-protocol.js';
import { judgeClientExpectations } from '../../src/clients/client-expectations.js';
import { errorKind, judgeClient } from '../../src/clients/client-verdict.js';
import type { DriverRun } from '../../src/clients/run-driver.js';

const oldMaster = '127.0.1.10:6379';
const newMaster = '127.0.1.11:6379';
const faultAt = 10_000;
const switchAt = 12_000;

/** The old master is master until the switch; the promoted replica from then on. */
const wasMaster = (server: string, t: number) => (server === oldMaster ? t < switchAt : server === newMaster ? t >= switchAt : undefined);

let seq = 0;
function write(t: number, server: string | undefined, error?: string): DriverAttempt {
  const n = seq++;
  return {
    type: 'attempt',
    t,
    ms: 2,
    op: 'write',
    key: `rhl:k:${n}`,
    value: String(n),
    ok: !error,
    ...(error ? { error } : {}),
    ...(server ? { server } : {}),
  };
}

function run(attempts: DriverAttempt[], extra: Partial<DriverRun> = {}): DriverRun {
  return {
    name: 'redis-py',
    command: ['python3'],
    hello: { type: 'hello', library: 'redis-py', version: '4.3.4', profile: 'recommended' },
    attempts,
    problems: [],
    ended: 'finished',
    ...extra,
  };
}

/** Every acknowledged write is on the final master unless listed in `missing`. */
function storedAll(attempts: DriverAttempt[], missing: DriverAttempt[] = []): Map<string, string | null> {
  return new Map(attempts.filter((a) => a.op === 'write').map((a) => [a.key, missing.includes(a) ? null : (a.value ?? null)]));
}

describe('judgeClient', () => {
  it('recovered: fails during the failover, then writes to the new master; outage from its last success', () => {
    const attempts = [
      write(9_000, oldMaster),
      write(9_900, oldMaster),
      write(10_100, undefined, 'ConnectionError: Error 111 connecting to 127.0.1.10:6379. Connection refused.'),
      write(11_000, undefined, 'TimeoutError: Timeout reading from socket'),
      write(12_500, newMaster),
      write(13_000, newMaster),
    ];
    const verdict = judgeClient({ run: run(attempts), faultAt, endedAt: 14_000, stored: storedAll(attempts), wasMaster });
    assert.equal(verdict.status, 'recovered');
    assert.equal(verdict.recoveredAfterMs, 2_502);
    assert.equal(verdict.longestOutageMs, 12_502 - 9_902);
    assert.deepEqual(verdict.errors, { readonly: 0, timeout: 1, connection: 1, other: 0 });
    assert.deepEqual(verdict.lost, []);
    assert.deepEqual(verdict.ackedByNonMaster, []);
    assert.equal(verdict.stuck, undefined);
    assert.equal(verdict.version, '4.3.4');
  });

  it('stuck: still failing at the end, with its last error and how long it had been failing', () => {
    const attempts = [
      write(9_000, oldMaster),
      write(10_500, undefined, 'ReadOnlyError: You cannot write against a read only replica.'),
      write(13_000, undefined, "READONLY You can't write against a read only replica."),
    ];
    const verdict = judgeClient({ run: run(attempts), faultAt, endedAt: 20_000, stored: storedAll(attempts), wasMaster });
    assert.equal(verdict.status, 'stuck');
    assert.equal(verdict.recoveredAfterMs, null);
    assert.deepEqual(verdict.stuck, { lastError: "READONLY You can't write against a read only replica.", failingForMs: 9_500 });
    assert.equal(verdict.errors.readonly, 2);
    assert.equal(verdict.longestOutageMs, 20_000 - 9_002);
  });

  it('a write acknowledged by the old master after the switch is not a recovery, and is counted', () => {
    const attempts = [
      write(10_500, undefined, 'ConnectionError: Connection closed by server.'),
      write(12_500, oldMaster), // the demoted master, before the sentinels converted it
      write(13_000, oldMaster),
    ];
    const verdict = judgeClient({
      run: run(attempts),
      faultAt,
      endedAt: 15_000,
      stored: storedAll(attempts, [attempts[1]!, attempts[2]!]),
      wasMaster,
    });
    assert.equal(verdict.status, 'stuck');
    assert.deepEqual(verdict.ackedByNonMaster, [attempts[1], attempts[2]]);
    assert.deepEqual(verdict.lost, [attempts[1], attempts[2]], 'and they are lost: the final master does not hold them');
  });

  it('lost: an acknowledged write the final master does not hold, or holds with another value', () => {
    const attempts = [write(9_000, oldMaster), write(9_500, oldMaster), write(12_500, newMaster)];
    const stored = storedAll(attempts, [attempts[1]!]);
    stored.set(attempts[0]!.key, 'overwritten');
    const verdict = judgeClient({ run: run(attempts), faultAt, endedAt: 13_000, stored, wasMaster });
    assert.equal(verdict.status, 'unaffected', 'it never failed');
    assert.deepEqual(verdict.lost, [attempts[0], attempts[1]]);
  });

  it('a library that does not say its server cannot be caught acknowledging on a non-master', () => {
    const attempts = [write(10_500, undefined, 'Error: connect ECONNREFUSED'), write(12_500, undefined)];
    const verdict = judgeClient({ run: run(attempts), faultAt, endedAt: 13_000, stored: storedAll(attempts), wasMaster });
    assert.equal(verdict.status, 'recovered');
    assert.deepEqual(verdict.ackedByNonMaster, []);
  });

  it('stale reads: a read that misses what the client wrote to that key just before', () => {
    const w = write(9_000, oldMaster);
    const fresh: DriverAttempt = { ...w, t: 9_100, op: 'read', value: w.value };
    const stale: DriverAttempt = { ...w, t: 9_200, op: 'read', value: null };
    const neverWritten: DriverAttempt = { type: 'attempt', t: 9_300, ms: 1, op: 'read', key: 'rhl:k:none', value: null, ok: true };
    const verdict = judgeClient({ run: run([w, fresh, stale, neverWritten]), faultAt, endedAt: 10_000, stored: storedAll([w]), wasMaster });
    assert.equal(verdict.staleReads, 1);
  });

  it('broken: a driver that failed before any attempt is not judged as a client', () => {
    const verdict = judgeClient({
      run: run([], { hello: undefined, ended: 'exited-early', problems: ['redis-py exited with code 3 before the scenario ended'] }),
      faultAt,
      endedAt: 13_000,
      stored: new Map(),
      wasMaster,
    });
    assert.equal(verdict.status, 'broken');
    assert.deepEqual(verdict.problems, ['redis-py exited with code 3 before the scenario ended']);
  });
});

describe('judgeClient after a failover (the master changed at switchedAt)', () => {
  const judge = (attempts: DriverAttempt[], endedAt = 15_000) =>
    judgeClient({ run: run(attempts), faultAt, endedAt, stored: storedAll(attempts), wasMaster, switchedAt: switchAt });

  it('a client whose library waited out the failover without an error still recovered, and its outage shows', () => {
    const queued: DriverAttempt = { ...write(9_950, newMaster), ms: 2_600 }; // sent before, acknowledged by the new master
    const verdict = judge([write(9_000, oldMaster), write(9_900, oldMaster), queued, write(12_600, newMaster)]);
    assert.equal(verdict.status, 'recovered');
    assert.equal(verdict.recoveredAfterMs, 2_550);
    assert.equal(verdict.failed, 0);
    assert.deepEqual(verdict.ackedByNonMaster, [], 'acknowledged after the switch, by the new master');
    assert.equal(verdict.longestOutageMs, 12_550 - 9_902);
  });

  it('a library that does not name its server recovered once a write begun after the switch succeeded', () => {
    const verdict = judge([write(9_000, undefined), write(10_500, undefined, 'Error: connect ECONNREFUSED'), write(12_100, undefined)]);
    assert.equal(verdict.status, 'recovered');
    assert.equal(verdict.recoveredAfterMs, 2_102);
  });

  it('a client that only ever writes to the old master (cut off with it) is stuck, without an error', () => {
    const attempts = [write(9_000, oldMaster), write(11_000, oldMaster), write(13_000, oldMaster)];
    const verdict = judge(attempts, 16_000);
    assert.equal(verdict.status, 'stuck');
    assert.deepEqual(verdict.stuck, { lastError: 'none: its attempts succeeded, but never on the new master', failingForMs: 4_000 });
    assert.deepEqual(verdict.ackedByNonMaster, [attempts[2]], 'the write after the switch was acknowledged by a non-master');
    assert.equal(verdict.longestOutageMs, 16_000 - 11_002, 'what a non-master acknowledged is not service');
  });

  it('samples the first error of each kind, as the library worded it', () => {
    const verdict = judge([
      write(10_100, undefined, 'ConnectionError: Connection closed by server.'),
      write(10_200, undefined, 'ConnectionError: Error 111 connecting to 127.0.1.10:6379. Connection refused.'),
      write(10_300, undefined, 'TimeoutError: Timeout reading from socket'),
      write(12_500, newMaster),
    ]);
    assert.deepEqual(verdict.errorSamples, {
      connection: 'ConnectionError: Connection closed by server.',
      timeout: 'TimeoutError: Timeout reading from socket',
    });
  });
});

describe('errorKind', () => {
  const cases: [string, string][] = [
    ["READONLY You can't write against a read only replica.", 'readonly'],
    ['ReadOnlyError: You cannot write against a read only replica.', 'readonly'],
    ["Redis::CommandError: READONLY You can't write against a read only replica.", 'readonly'],
    ['TimeoutError: Timeout reading from socket', 'timeout'],
    ['Error: Command timed out', 'timeout'],
    ['Redis::TimeoutError: Connection timed out', 'timeout'],
    ['Error: connect ECONNREFUSED 127.0.1.10:6379', 'connection'],
    ['Predis\\Connection\\ConnectionException: Connection refused [tcp://127.0.1.10:6379]', 'connection'],
    ['MaxRetriesPerRequestError: Reached the max retries per request limit (which is 1).', 'connection'],
    ['UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)', 'connection'],
    ['ResponseError: WRONGTYPE Operation against a key holding the wrong kind of value', 'other'],
  ];
  for (const [text, kind] of cases) it(`${kind}: ${text}`, () => assert.equal(errorKind(text), kind));
});

describe('judgeClientExpectations', () => {
  it("a client's own thresholds go on top of those for all; other clients keep the common ones", () => {
    const attempts = [
      write(9_000, oldMaster),
      write(10_100, undefined, 'TimeoutError: Timeout reading from socket'),
      write(12_500, newMaster),
    ];
    const verdict = judgeClient({ run: run(attempts), faultAt, endedAt: 14_000, stored: storedAll(attempts), wasMaster });
    const expect = { recovers: true, maxOutageMs: 10_000, byClient: { 'redis-py': { maxOutageMs: 1_000 } } };
    const mine = judgeClientExpectations(expect, verdict).map((r) => [r.title, r.ok]);
    assert.deepEqual(mine, [
      ['redis-py recovers', true],
      ['redis-py: outage at most 1 s', false],
    ]);
    const other = judgeClientExpectations(expect, { ...verdict, client: 'ioredis' }).map((r) => [r.title, r.ok]);
    assert.deepEqual(other, [
      ['ioredis recovers', true],
      ['ioredis: outage at most 10 s', true],
    ]);
  });
});
