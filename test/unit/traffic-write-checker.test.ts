import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WriteAttempt } from '../../src/traffic/write-attempt.js';
import type { WriteCheck } from '../../src/traffic/write-checker.js';
import { checkWrites } from '../../src/traffic/write-checker.js';

const FAULT = Date.UTC(2025, 0, 15, 12, 0, 5);

/** One write as the traffic client records it: key traffic:<client>:<seq>, value <run>:<seq>. */
function attempt(client: string, seq: number, ok: boolean, extra: Partial<WriteAttempt> = {}): WriteAttempt {
  const startedAt = FAULT + (seq - 10) * 100;
  return {
    client,
    seq,
    key: `traffic:${client}:${seq}`,
    value: `run-a:${seq}`,
    startedAt,
    endedAt: startedAt + 2,
    ok,
    node: 'redis-master',
    ...(ok ? {} : { error: 'Connection is closed.' }),
    ...extra,
  };
}

/** What the final master holds for each key the traffic wrote (null: missing). */
function storedAs(entries: [string, string | null][]): Map<string, string | null> {
  return new Map(entries);
}

describe('checkWrites: the fate of one write', () => {
  const write = attempt('sentinel', 7, true);
  const refused = attempt('sentinel', 7, false);
  const cases: { title: string; attempt: WriteAttempt; stored: string | null; expected: Omit<WriteCheck, 'lost'> & { lost: number } }[] = [
    {
      title: 'acknowledged and present with the value written → present',
      attempt: write,
      stored: 'run-a:7',
      expected: { attempted: 1, acknowledged: 1, present: 1, lost: 0, failed: 0, indeterminate: 0 },
    },
    {
      title: 'acknowledged, key missing on the final master → lost',
      attempt: write,
      stored: null,
      expected: { attempted: 1, acknowledged: 1, present: 0, lost: 1, failed: 0, indeterminate: 0 },
    },
    {
      title: 'acknowledged, key overwritten with another value → lost',
      attempt: write,
      stored: 'run-b:7',
      expected: { attempted: 1, acknowledged: 1, present: 0, lost: 1, failed: 0, indeterminate: 0 },
    },
    {
      title: 'acknowledged, value differs only in case → lost (values compare exactly)',
      attempt: { ...write, value: 'Run-A:7' },
      stored: 'run-a:7',
      expected: { attempted: 1, acknowledged: 1, present: 0, lost: 1, failed: 0, indeterminate: 0 },
    },
    {
      title: 'failed but present (e.g. a timeout after the SET landed) → indeterminate, not lost',
      attempt: { ...refused, error: 'Command timed out' },
      stored: 'run-a:7',
      expected: { attempted: 1, acknowledged: 0, present: 0, lost: 0, failed: 1, indeterminate: 1 },
    },
    {
      title: 'failed and absent → failed only',
      attempt: refused,
      stored: null,
      expected: { attempted: 1, acknowledged: 0, present: 0, lost: 0, failed: 1, indeterminate: 0 },
    },
    {
      title: 'failed, key holds another value → failed, not indeterminate',
      attempt: refused,
      stored: 'run-b:7',
      expected: { attempted: 1, acknowledged: 0, present: 0, lost: 0, failed: 1, indeterminate: 0 },
    },
    {
      title: 'refused by WAIT (too few replicas) yet present → indeterminate',
      attempt: { ...refused, error: 'WAIT: 0 of 1 replicas confirmed' },
      stored: 'run-a:7',
      expected: { attempted: 1, acknowledged: 0, present: 0, lost: 0, failed: 1, indeterminate: 1 },
    },
  ];
  for (const { title, attempt: a, stored, expected } of cases) {
    test(title, () => {
      const check = checkWrites([a], storedAs([[a.key, stored]]));
      assert.deepEqual({ ...check, lost: check.lost.length }, expected);
      assert.deepEqual(check.lost, expected.lost === 1 ? [a] : []);
    });
  }
});

describe('checkWrites: a whole run', () => {
  // Two clients through a failover: the sentinel client loses the two writes the old master acknowledged but
  // never replicated, the direct client's refused writes are absent except one that timed out after landing.
  const attempts: WriteAttempt[] = [
    attempt('sentinel', 1, true),
    attempt('direct', 1, true),
    attempt('sentinel', 2, true),
    attempt('direct', 2, true),
    attempt('sentinel', 3, true),
    attempt('direct', 3, false, { error: 'Command timed out' }),
    attempt('sentinel', 4, false),
    attempt('direct', 4, false),
    attempt('sentinel', 5, true, { node: 'redis-replica-1' }),
    attempt('direct', 5, false, { error: 'Connection is closed.' }),
    attempt('sentinel', 6, true, { node: 'redis-replica-1' }),
  ];
  const stored = storedAs([
    ['traffic:sentinel:1', 'run-a:1'],
    ['traffic:direct:1', 'run-a:1'],
    ['traffic:sentinel:2', null],
    ['traffic:direct:2', 'run-a:2'],
    ['traffic:sentinel:3', 'stale'],
    ['traffic:direct:3', 'run-a:3'],
    ['traffic:sentinel:4', null],
    ['traffic:direct:4', null],
    ['traffic:sentinel:5', 'run-a:5'],
    ['traffic:direct:5', null],
    ['traffic:sentinel:6', 'run-a:6'],
  ]);
  const check = checkWrites(attempts, stored);

  test('counts every attempt, acknowledged or not', () => {
    assert.equal(check.attempted, 11);
    assert.equal(check.acknowledged, 7);
    assert.equal(check.failed, 4);
  });

  test('present counts the acknowledged writes the final master still holds', () => {
    assert.equal(check.present, 5);
  });

  test('lost lists the acknowledged writes that are gone or overwritten, in the order they were made', () => {
    assert.deepEqual(
      check.lost.map((w) => [w.client, w.seq, w.key]),
      [
        ['sentinel', 2, 'traffic:sentinel:2'],
        ['sentinel', 3, 'traffic:sentinel:3'],
      ],
    );
    assert.equal(check.lost[0], attempts[2], 'the lost write is reported as the client saw it');
  });

  test('a failed write that landed anyway is indeterminate', () => {
    assert.equal(check.indeterminate, 1);
  });

  test('present + lost = acknowledged, acknowledged + failed = attempted', () => {
    assert.equal(check.present + check.lost.length, check.acknowledged);
    assert.equal(check.acknowledged + check.failed, check.attempted);
  });

  test('does not change the attempts it judges', () => {
    assert.equal(attempts.length, 11);
    assert.deepEqual(
      attempts.map((a) => `${a.client}:${a.seq}`),
      [
        'sentinel:1',
        'direct:1',
        'sentinel:2',
        'direct:2',
        'sentinel:3',
        'direct:3',
        'sentinel:4',
        'direct:4',
        'sentinel:5',
        'direct:5',
        'sentinel:6',
      ],
    );
  });
});

describe('checkWrites: edge cases', () => {
  test('no traffic at all → all zero, nothing lost', () => {
    assert.deepEqual(checkWrites([], new Map()), { attempted: 0, acknowledged: 0, present: 0, lost: [], failed: 0, indeterminate: 0 });
  });

  test('every write refused and none landed → nothing acknowledged, nothing lost', () => {
    const attempts = [1, 2, 3].map((seq) => attempt('direct', seq, false));
    const check = checkWrites(attempts, storedAs(attempts.map((a) => [a.key, null])));
    assert.deepEqual(check, { attempted: 3, acknowledged: 0, present: 0, lost: [], failed: 3, indeterminate: 0 });
  });

  test('every write acknowledged and all lost (the master lost its data set)', () => {
    const attempts = [1, 2, 3].map((seq) => attempt('sentinel', seq, true));
    const check = checkWrites(attempts, storedAs(attempts.map((a) => [a.key, null])));
    assert.equal(check.present, 0);
    assert.deepEqual(check.lost, attempts);
  });
});
