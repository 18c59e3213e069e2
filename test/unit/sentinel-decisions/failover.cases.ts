// The failover state machine, tick by tick, with the events in Sentinel's exact formats
// (sentinel.c: sentinelStartFailoverIfNeeded ... sentinelFailoverSwitchToPromotedSlave).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FAST_TIMING,
  FailoverState,
  REDIS_TIMING,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_O_DOWN,
  SRI_PROMOTED,
  SRI_S_DOWN,
  type Timing,
} from '../../../src/sentinel/constants.js';
import { configSnapshot } from '../../../src/sentinel/core/config-snapshot.js';
import { currentMasterAddress } from '../../../src/sentinel/core/hello.js';
import {
  MASTER,
  MY_ID,
  connectAll,
  replicaAt,
  replicaName,
  rid,
  rig,
  sentinelConf,
  tickAfter,
  type Rig,
  type RigOptions,
} from '../../support/sentinel-fixtures.js';
import { World } from '../../support/sentinel-world.js';

const PROFILES: [string, Timing][] = [
  ['REDIS_TIMING', REDIS_TIMING],
  ['FAST_TIMING', FAST_TIMING],
];

/** A sentinel with two peers, a master on 6379 and replicas on 6380 and 6381, all answering. */
function setup(timing: Timing, o: RigOptions = {}): { r: Rig; w: World } {
  const r = rig({ timing, replicas: [6380, 6381], sentinels: ['a', 'b'], ...o });
  const w = new World(6379, [6380, 6381]);
  connectAll(r);
  r.io.answerAll(w.respond);
  play(r, w, () => false, 3000);
  r.io.clearRecords();
  return { r, w };
}

/** Tick every 100 ms, answering after each tick, until `done` or `maxMs`. Returns the time it took. */
function play(r: Rig, w: World, done: (events: string[]) => boolean, maxMs: number): number {
  for (let t = 0; t < maxMs; t += 100) {
    tickAfter(r, 100);
    r.io.answerAll(w.respond);
    if (done(r.io.events())) return t + 100;
  }
  return maxMs;
}

const has = (type: string) => (events: string[]) => events.some((e) => e.startsWith(`${type} `));
const R80 = replicaName(6380);
const R81 = replicaName(6381);

export function failoverCases(): void {
  describe('failover state machine', () => {
    for (const [name, timing] of PROFILES) {
      test(`${name}: a whole failover, event by event`, () => {
        const { r, w } = setup(timing);
        w.node(6379).dead = true;
        play(r, w, has('+switch-master'), 30_000);
        assert.deepEqual(r.io.events(), [
          `+sdown ${MASTER}`,
          `+odown ${MASTER} #quorum 3/2`,
          '+new-epoch 1',
          `+try-failover ${MASTER}`,
          `+vote-for-leader ${MY_ID} 1`,
          `+elected-leader ${MASTER}`,
          `+failover-state-select-slave ${MASTER}`,
          `+selected-slave ${R80}`,
          `+failover-state-send-slaveof-noone ${R80}`,
          `+failover-state-wait-promotion ${R80}`,
          `-role-change ${R80} new reported role is master`,
          `+promoted-slave ${R80}`,
          `+failover-state-reconf-slaves ${MASTER}`,
          `+slave-reconf-sent ${R81}`,
          `+slave-reconf-inprog ${R81}`,
          `+slave-reconf-done ${R81}`,
          `+failover-end ${MASTER}`,
          '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380',
          `+slave ${replicaName(6381, '127.0.0.1 6380')}`,
          `+slave ${replicaName(6379, '127.0.0.1 6380')}`,
        ]);
        const slaveofs = r.io.commands(['SLAVEOF']).map((c) => `${c.instance.addr.port} ${c.args.slice(1).join(' ')}`);
        assert.deepEqual(slaveofs, ['6380 NO ONE', '6381 127.0.0.1 6380']);
        const tx = r.io.sent.filter((c) => c.instance.addr.port === 6380 && !['PING', 'INFO', 'PUBLISH'].includes(c.args[0]!));
        assert.deepEqual(
          tx.map((c) => c.args.join(' ')),
          ['MULTI', 'SLAVEOF NO ONE', 'CONFIG REWRITE', 'CLIENT KILL TYPE normal', 'CLIENT KILL TYPE pubsub', 'EXEC'],
        );
        assert.deepEqual(r.master.addr, { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 });
        assert.equal(r.master.configEpoch, 1);
        assert.equal(r.master.failoverState, FailoverState.NONE);
        assert.equal(r.master.flags & (SRI_FAILOVER_IN_PROGRESS | SRI_O_DOWN | SRI_S_DOWN), 0);
        assert.deepEqual([...r.master.slaves.keys()], ['127.0.0.1:6381', '127.0.0.1:6379']);
      });

      test(`${name}: the fast profile acts within the election tick, the Redis profile one step per tick`, () => {
        const { r, w } = setup(timing);
        w.node(6379).dead = true;
        for (let t = 0; t < 30_000; t += 100) {
          tickAfter(r, 100);
          if (has('+elected-leader')(r.io.events())) break; // look before the replies of this tick
          r.io.answerAll(w.respond);
        }
        const tail = r.io.events().slice(r.io.events().findIndex((e) => e.startsWith('+elected-leader')));
        const expected = timing.eagerInfo ? 5 : 2; // elected, select-slave (+ selected, send-slaveof-noone, wait-promotion)
        assert.equal(tail.length, expected);
        assert.equal(r.master.failoverState, timing.eagerInfo ? FailoverState.WAIT_PROMOTION : FailoverState.SELECT_SLAVE);
        if (timing.eagerInfo) assert.deepEqual(r.io.sent.at(-1)!.args, ['INFO'], 'INFO right behind the SLAVEOF NO ONE transaction');
      });
    }

    test('not elected: -failover-abort-not-elected after the election timeout, then no new attempt for 2 × failover-timeout', () => {
      const { r, w } = setup(REDIS_TIMING, { master: { failoverTimeoutMs: 8000 } });
      w.vote = () => rid('z'); // the others already voted for someone else
      w.node(6379).dead = true;
      play(r, w, has('+try-failover'), 30_000);
      const started = r.master.failoverStartTime;
      const took = play(r, w, has('-failover-abort-not-elected'), 30_000);
      assert.ok(!r.io.events().some((e) => e.startsWith('+elected-leader')));
      // min(election timeout 10 s, failover-timeout 8 s) after the (desynchronised) start time.
      assert.ok(r.io.now() - started > 8000 && r.io.now() - started <= 8100, `aborted ${r.io.now() - started} ms after start (${took})`);
      assert.equal(r.master.failoverState, FailoverState.NONE);
      assert.ok(!r.master.has(SRI_FAILOVER_IN_PROGRESS));
      const before = r.io.events().filter((e) => e.startsWith('+try-failover')).length;
      play(r, w, () => false, 7000); // < 2 × 8 s after the start
      assert.equal(r.io.events().filter((e) => e.startsWith('+try-failover')).length, before);
      assert.ok(r.io.logs.some((l) => l.text.startsWith('Next failover delay: I will not start a failover before ')));
      play(r, w, () => r.io.events().filter((e) => e.startsWith('+try-failover')).length > before, 10_000);
      assert.ok(r.io.now() - started >= 16_000, 'the next attempt waits 2 × failover-timeout from the last start');
      assert.equal(r.engine.state.currentEpoch, 2);
    });

    test('no good replica: -failover-abort-no-good-slave', () => {
      const { r, w } = setup(REDIS_TIMING);
      replicaAt(r, 6380).slavePriority = 0;
      w.node(6380).priority = 0;
      w.node(6381).priority = 0;
      w.node(6379).dead = true;
      play(r, w, has('-failover-abort-no-good-slave'), 30_000);
      assert.ok(!r.io.events().some((e) => e.startsWith('+selected-slave')));
      assert.equal(r.master.failoverState, FailoverState.NONE);
    });

    test('the promoted replica is unreachable: -failover-abort-slave-timeout after failover-timeout', () => {
      const { r, w } = setup(REDIS_TIMING, { master: { failoverTimeoutMs: 10_000 } });
      w.node(6379).dead = true;
      play(r, w, has('+failover-state-send-slaveof-noone'), 30_000);
      const promoted = r.master.promotedSlave!;
      promoted.link.disconnected = true; // the links stay "open" but marked down; nothing can be sent
      promoted.link.lastReconnTime = Number.MAX_SAFE_INTEGER; // and no reconnection happens in this test
      const at = r.master.failoverStateChangeTime;
      play(r, w, has('-failover-abort-slave-timeout'), 20_000);
      assert.ok(r.io.now() - at > 10_000 && r.io.now() - at <= 10_100);
      assert.ok(!promoted.has(SRI_PROMOTED), 'the replica is no longer marked promoted');
      assert.equal(r.master.promotedSlave, null);
      assert.equal(r.io.commands(['SLAVEOF']).length, 0);
    });

    test('the promotion never shows in INFO: -failover-abort-slave-timeout from wait-promotion', () => {
      const { r, w } = setup(REDIS_TIMING, { master: { failoverTimeoutMs: 10_000 } });
      w.node(6379).dead = true;
      const realRespond = w.respond;
      const ignoreSlaveOf = (ri: Parameters<typeof realRespond>[0], args: string[]) =>
        args[0] === 'SLAVEOF' ? 'QUEUED' : realRespond(ri, args);
      for (let t = 0; t < 40_000 && !has('-failover-abort-slave-timeout')(r.io.events()); t += 100) {
        tickAfter(r, 100);
        r.io.answerAll(ignoreSlaveOf);
      }
      const events = r.io.events();
      assert.ok(events.includes(`+failover-state-wait-promotion ${R80}`));
      assert.ok(events.includes(`-failover-abort-slave-timeout ${MASTER}`));
      assert.ok(!events.some((e) => e.startsWith('+promoted-slave')));
    });

    test('replicas that never finish: -slave-reconf-sent-timeout, +failover-end-for-timeout and best-effort SLAVEOF', () => {
      const { r, w } = setup(REDIS_TIMING, { replicas: [6380, 6381, 6382], master: { failoverTimeoutMs: 5000 } });
      w.nodes.set(6382, { masterPort: 6379, linkUp: true, runId: rid('3'), offset: 990, priority: 100, dead: false });
      w.replicasSync = false; // told to follow 6380, they never report the link up
      w.node(6379).dead = true;
      play(r, w, has('+switch-master'), 60_000);
      const events = r.io.events();
      const from = events.indexOf(`+failover-state-reconf-slaves ${MASTER}`);
      assert.deepEqual(events.slice(from + 1, from + 3), [`+slave-reconf-sent ${R81}`, `+slave-reconf-inprog ${R81}`]);
      assert.deepEqual(events.slice(events.indexOf(`+failover-end-for-timeout ${MASTER}`)), [
        `+failover-end-for-timeout ${MASTER}`,
        `+failover-end ${MASTER}`,
        // RECONF_INPROG is not skipped by the best-effort pass (sentinelFailoverDetectEnd skips SENT and DONE only).
        `+slave-reconf-sent-be ${R81}`,
        `+slave-reconf-sent-be ${replicaName(6382)}`,
        '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380',
        `+slave ${replicaName(6381, '127.0.0.1 6380')}`,
        `+slave ${replicaName(6382, '127.0.0.1 6380')}`,
        `+slave ${replicaName(6379, '127.0.0.1 6380')}`,
      ]);
      assert.ok(!events.includes(`+slave-reconf-done ${R81}`));
    });

    /** Like play(), but replica `port` swallows SLAVEOF: it keeps following its old master. */
    function playStubborn(r: Rig, w: World, port: number, done: (events: string[]) => boolean, maxMs: number): void {
      const respond = (ri: Parameters<World['respond']>[0], args: string[]) =>
        ri.addr.port === port && args[0] === 'SLAVEOF' ? 'QUEUED' : w.respond(ri, args);
      for (let t = 0; t < maxMs && !done(r.io.events()); t += 100) {
        tickAfter(r, 100);
        r.io.answerAll(respond);
      }
    }

    test('a RECONF_SENT replica that never moves is counted done after the slave reconf timeout', () => {
      const { r, w } = setup(REDIS_TIMING, { master: { parallelSyncs: 2 } });
      w.node(6379).dead = true;
      playStubborn(r, w, 6381, has('+switch-master'), 60_000);
      const events = r.io.events();
      const sent = events.indexOf(`+slave-reconf-sent ${R81}`);
      assert.deepEqual(events.slice(sent + 1), [
        `-slave-reconf-sent-timeout ${R81}`,
        // sentinelFailoverReconfNextSlave marks it DONE and, in the same pass, sends the SLAVEOF again.
        `+slave-reconf-sent ${R81}`,
        `+failover-end ${MASTER}`,
        '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380',
        `+slave ${replicaName(6381, '127.0.0.1 6380')}`,
        `+slave ${replicaName(6379, '127.0.0.1 6380')}`,
      ]);
    });

    test('with parallel-syncs 1 the reconf timeout is never reached (sentinel.c checks it only below the limit)', () => {
      const { r, w } = setup(REDIS_TIMING, { master: { failoverTimeoutMs: 20_000 } });
      w.node(6379).dead = true;
      playStubborn(r, w, 6381, has('+switch-master'), 60_000);
      const events = r.io.events();
      assert.ok(!events.some((e) => e.startsWith('-slave-reconf-sent-timeout')));
      assert.ok(events.includes(`+failover-end-for-timeout ${MASTER}`));
    });

    test('configSnapshot during a failover: the promoted replica is written as master once it took the role', () => {
      const { r, w } = setup(REDIS_TIMING);
      const base = sentinelConf([]);
      w.node(6379).dead = true;
      play(r, w, has('+failover-state-wait-promotion'), 30_000);
      let snap = configSnapshot(base, r.engine.state).masters[0]!;
      assert.deepEqual([snap.host, snap.port, snap.configEpoch, snap.leaderEpoch], ['127.0.0.1', 6379, 0, 1]);
      play(r, w, has('+promoted-slave'), 30_000);
      assert.equal(r.master.failoverState, FailoverState.RECONF_SLAVES);
      assert.deepEqual(currentMasterAddress(r.master), { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 });
      const full = configSnapshot(base, r.engine.state);
      snap = full.masters[0]!;
      assert.deepEqual([snap.host, snap.port, snap.configEpoch, snap.leaderEpoch], ['127.0.0.1', 6380, 1, 1]);
      assert.deepEqual(snap.knownReplicas, [
        { host: '127.0.0.1', port: 6381 },
        { host: '127.0.0.1', port: 6379 },
      ]);
      assert.deepEqual(
        snap.knownSentinels.map((s) => s.runId),
        [rid('a'), rid('b')],
      );
      assert.equal(full.currentEpoch, 1);
      assert.equal(full.myid, MY_ID);
    });
  });
}
