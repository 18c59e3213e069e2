// SDOWN, ODOWN and asking the other sentinels (sentinel.c: sentinelCheckSubjectivelyDown,
// sentinelCheckObjectivelyDown, sentinelAskMasterStateToOtherSentinels, sentinelReceiveIsMasterDownReply).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAST_TIMING, FailoverState, REDIS_TIMING, SRI_MASTER_DOWN, SRI_MASTER_REBOOT, SRI_O_DOWN, SRI_S_DOWN, SRI_SLAVE } from '../../../src/sentinel/constants.js';
import { ASK_FORCED, askMasterStateToOtherSentinels, checkObjectivelyDown, checkSubjectivelyDown, judgeSubjectivelyDown, receiveIsMasterDownReply } from '../../../src/sentinel/core/down-detection.js';
import { refreshInstanceInfo } from '../../../src/sentinel/core/info-refresh.js';
import { MASTER, MY_ID, connectAll, masterInfo, rid, rig, sentinelOf } from '../../support/sentinel-fixtures.js';

const PROFILES = [
  ['REDIS_TIMING', REDIS_TIMING],
  ['FAST_TIMING', FAST_TIMING],
] as const;

export function downDetectionCases(): void {
  describe('subjectively down', () => {
    test('a ping pending for more than down-after-milliseconds is SDOWN; exactly down-after is not', () => {
      const r = rig();
      connectAll(r);
      const now = r.io.now();
      r.master.link.actPingTime = now - 5000;
      assert.equal(judgeSubjectivelyDown(r.master, now, REDIS_TIMING.infoPeriod).down, false);
      r.master.link.actPingTime = now - 5001;
      const v = judgeSubjectivelyDown(r.master, now, REDIS_TIMING.infoPeriod);
      assert.equal(v.down, true);
      assert.equal(v.elapsedMs, 5001);
      assert.match(v.reason, /no valid reply to PING for 5001 ms \(down-after-milliseconds 5000\)/);
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(), [`+sdown ${MASTER}`]);
      assert.ok(r.master.has(SRI_S_DOWN));
      assert.equal(r.master.sDownSinceTime, now);
      assert.deepEqual(r.io.explanations.at(-1), { kind: 'sdown', instance: 'mymaster', reason: v.reason, elapsedMs: 5001, downAfterMs: 5000 });
      // Checking again emits nothing new; a PONG brings it back.
      checkSubjectivelyDown(r.engine, r.master);
      assert.equal(r.io.events().length, 1);
      const ping = r.io.commands(['PING'], r.master).find((c) => !c.answered)!;
      r.io.answer(ping, 'PONG');
      assert.equal(r.master.link.actPingTime, 0);
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(), [`+sdown ${MASTER}`, `-sdown ${MASTER}`]);
      assert.ok(!r.master.has(SRI_S_DOWN));
    });

    test('a disconnected instance is SDOWN once its last valid reply is older than down-after', () => {
      const r = rig();
      const now = r.io.now();
      r.master.link.actPingTime = 0;
      r.master.link.disconnected = true;
      r.master.link.lastAvailTime = now - 5001;
      const v = judgeSubjectivelyDown(r.master, now, REDIS_TIMING.infoPeriod);
      assert.equal(v.down, true);
      assert.match(v.reason, /^disconnected for 5001 ms/);
      r.master.link.lastAvailTime = now - 4000;
      assert.equal(judgeSubjectivelyDown(r.master, now, REDIS_TIMING.infoPeriod).down, false);
    });

    test('the ping timeout starts at creation: an instance never reached goes SDOWN after down-after', () => {
      const r = rig();
      r.engine.tick(); // connects, PING never answered
      for (let i = 0; i < 50; i++) {
        r.io.advance(100);
        r.engine.tick();
      }
      assert.deepEqual(r.io.events(), []);
      r.io.advance(1);
      r.engine.tick();
      assert.deepEqual(r.io.events(), [`+sdown ${MASTER}`]);
    });

    test('a master reporting role:slave is SDOWN after down-after + 2 INFO periods', () => {
      const r = rig();
      connectAll(r);
      const now = r.io.now();
      r.master.roleReported = SRI_SLAVE;
      r.master.roleReportedTime = now - (5000 + 2 * 10_000);
      assert.equal(judgeSubjectivelyDown(r.master, now, 10_000).down, false);
      r.master.roleReportedTime -= 1;
      const v = judgeSubjectivelyDown(r.master, now, 10_000);
      assert.equal(v.down, true);
      assert.match(v.reason, /reports role:slave for 25001 ms/);
      // A replica reporting role:slave is of course fine.
      const replica = rig({ replicas: [6380] });
      const s = replica.master.slaves.get('127.0.0.1:6380')!;
      s.link.actPingTime = 0;
      s.roleReported = SRI_SLAVE;
      s.roleReportedTime = 0;
      assert.equal(judgeSubjectivelyDown(s, now, 10_000).down, false);
    });

    test('master-reboot-down-after-period: a rebooted master is SDOWN until it answers PONG', () => {
      const r = rig({ master: { masterRebootDownAfterPeriodMs: 3000 } });
      connectAll(r);
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('1')));
      assert.deepEqual(r.io.events(), []);
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('2')));
      assert.deepEqual(r.io.events(), [`+reboot ${MASTER}`]);
      assert.ok(r.master.has(SRI_MASTER_REBOOT));
      const since = r.master.masterRebootSinceTime;
      assert.equal(judgeSubjectivelyDown(r.master, since + 3000, 10_000).down, false);
      assert.match(judgeSubjectivelyDown(r.master, since + 3001, 10_000).reason, /rebooted 3001 ms ago/);
      // LOADING counts as available but does not clear the reboot flag; PONG does.
      r.engine.tick();
      for (const reply of ['LOADING Redis is loading', 'PONG']) {
        r.io.advance(1500);
        r.engine.tick();
        const ping = r.io.pending(r.master).find((c) => c.args[0] === 'PING')!;
        r.io.answer(ping, reply);
        assert.equal(r.master.has(SRI_MASTER_REBOOT), reply !== 'PONG');
      }
    });

    test('a reboot without master-reboot-down-after-period only logs +reboot', () => {
      const r = rig();
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('1')));
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('2')));
      assert.ok(!r.master.has(SRI_MASTER_REBOOT));
      assert.equal(r.master.runId, rid('2'));
    });

    test('a command link with a ping stuck for half down-after is closed after the min reconnect period', () => {
      const r = rig();
      r.engine.tick();
      const connAt = r.io.now();
      r.master.link.pcLastActivity = connAt + 1e9; // keep the pub/sub link out of this test
      r.io.advance(REDIS_TIMING.minLinkReconnectPeriod + 1);
      r.master.link.actPingTime = r.io.now() - 2501;
      r.master.link.lastPongTime = r.io.now() - 2501;
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.closes.map((c) => c.kind), ['cc']);
      assert.equal(r.master.link.cc, false);
      assert.equal(r.master.link.disconnected, true);
    });

    test('a pub/sub link silent for three publish periods is closed after the min reconnect period', () => {
      const r = rig();
      r.engine.tick();
      r.io.advance(REDIS_TIMING.minLinkReconnectPeriod + 1);
      r.master.link.actPingTime = 0;
      r.master.link.pcLastActivity = r.io.now() - 3 * REDIS_TIMING.publishPeriod;
      checkSubjectivelyDown(r.engine, r.master);
      assert.equal(r.io.closes.length, 0);
      r.master.link.pcLastActivity -= 1;
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.closes.map((c) => c.kind), ['pc']);
    });
  });

  describe('objectively down', () => {
    test('ODOWN needs SDOWN plus enough sentinels reporting the master down (quorum counts ourselves)', () => {
      const r = rig({ sentinels: ['a', 'b', 'c'], master: { quorum: 3 } });
      r.master.flags |= SRI_S_DOWN;
      sentinelOf(r, 'a').flags |= SRI_MASTER_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.ok(!r.master.has(SRI_O_DOWN));
      sentinelOf(r, 'c').flags |= SRI_MASTER_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.ok(r.master.has(SRI_O_DOWN));
      assert.deepEqual(r.io.events(), [`+odown ${MASTER} #quorum 3/3`]);
      assert.deepEqual(r.io.explanations.at(-1), { kind: 'odown', master: 'mymaster', votes: 3, quorum: 3, agreeing: [MY_ID, `${rid('a')}`, `${rid('c')}`] });
      assert.equal(r.master.oDownSinceTime, r.io.now());
    });

    test('without our own SDOWN the others do not count, and ODOWN ends with -odown', () => {
      const r = rig({ sentinels: ['a', 'b'] });
      sentinelOf(r, 'a').flags |= SRI_MASTER_DOWN;
      sentinelOf(r, 'b').flags |= SRI_MASTER_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.ok(!r.master.has(SRI_O_DOWN));
      r.master.flags |= SRI_S_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(), [`+odown ${MASTER} #quorum 3/2`]);
      r.master.flags &= ~SRI_S_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(1), [`-odown ${MASTER}`]);
    });

    test('quorum 1: our own SDOWN is enough', () => {
      const r = rig({ master: { quorum: 1 } });
      r.master.flags |= SRI_S_DOWN;
      checkObjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(), [`+odown ${MASTER} #quorum 1/1`]);
    });
  });

  describe('asking the other sentinels', () => {
    test('SENTINEL is-master-down-by-addr goes to connected sentinels only while we see SDOWN; "*" outside a failover', () => {
      const r = rig({ sentinels: ['a', 'b'], currentEpoch: 7 });
      connectAll(r);
      r.io.clearRecords();
      r.io.advance(2000);
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.equal(r.io.sent.length, 0);
      r.master.flags |= SRI_S_DOWN;
      sentinelOf(r, 'b').link.disconnected = true;
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.deepEqual(r.io.sent.map((c) => [c.instance.runId, ...c.args]), [[rid('a'), 'SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '7', '*']]);
      r.master.failoverState = FailoverState.WAIT_START;
      sentinelOf(r, 'b').link.disconnected = false;
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.deepEqual(r.io.sent.slice(1).map((c) => c.args.at(-1)), [MY_ID, MY_ID]);
    });

    for (const [name, timing] of PROFILES) {
      test(`${name}: asks once per ask period (${timing.askPeriod} ms) after a reply, unless forced`, () => {
        const r = rig({ timing, sentinels: ['a'] });
        connectAll(r);
        r.master.flags |= SRI_S_DOWN;
        const a = sentinelOf(r, 'a');
        r.io.clearRecords();
        a.lastMasterDownReplyTime = r.io.now() - timing.askPeriod + 1;
        askMasterStateToOtherSentinels(r.engine, r.master, 0);
        assert.equal(r.io.sent.length, 0);
        askMasterStateToOtherSentinels(r.engine, r.master, ASK_FORCED);
        assert.equal(r.io.sent.length, 1);
        a.lastMasterDownReplyTime = r.io.now() - timing.askPeriod;
        askMasterStateToOtherSentinels(r.engine, r.master, 0);
        assert.equal(r.io.sent.length, 2);
      });

      test(`${name}: a reply older than 5 ask periods (${5 * timing.askPeriod} ms) no longer counts`, () => {
        const r = rig({ timing, sentinels: ['a'] });
        const a = sentinelOf(r, 'a');
        receiveIsMasterDownReply(r.engine, a, [1, rid('a'), 3]);
        assert.ok(a.has(SRI_MASTER_DOWN));
        assert.equal(a.leader, rid('a'));
        r.io.advance(5 * timing.askPeriod);
        askMasterStateToOtherSentinels(r.engine, r.master, 0);
        assert.ok(a.has(SRI_MASTER_DOWN));
        r.io.advance(1);
        askMasterStateToOtherSentinels(r.engine, r.master, 0);
        assert.ok(!a.has(SRI_MASTER_DOWN));
        assert.equal(a.leader, null);
        assert.equal(a.leaderEpoch, 3, 'the epoch of the old vote stays, as in sentinel.c');
      });
    }

    test('replies: [down, leader, epoch] sets or clears the flag and records votes; other shapes are ignored', () => {
      const r = rig({ sentinels: ['a'] });
      const a = sentinelOf(r, 'a');
      const t0 = a.lastMasterDownReplyTime;
      r.io.advance(10);
      for (const bad of ['OK', [1, '*'], ['1', '*', 0], [1, 2, 3], [1, '*', '0'], null]) receiveIsMasterDownReply(r.engine, a, bad);
      assert.equal(a.lastMasterDownReplyTime, t0);
      assert.ok(!a.has(SRI_MASTER_DOWN));
      receiveIsMasterDownReply(r.engine, a, [1, '*', 0]);
      assert.ok(a.has(SRI_MASTER_DOWN));
      assert.equal(a.leader, null);
      assert.equal(a.lastMasterDownReplyTime, r.io.now());
      receiveIsMasterDownReply(r.engine, a, [0, rid('b'), 4]);
      assert.ok(!a.has(SRI_MASTER_DOWN));
      assert.deepEqual([a.leader, a.leaderEpoch], [rid('b'), 4]);
      assert.deepEqual(r.io.logs.map((l) => l.text), [`${rid('a')} voted for ${rid('b')} 4`]);
      receiveIsMasterDownReply(r.engine, a, [1, rid('b'), 4]);
      assert.equal(r.io.logs.length, 1, 'the same vote is logged once');
    });
  });
}
