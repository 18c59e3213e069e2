// SDOWN and ODOWN (sentinel.c: sentinelCheckSubjectivelyDown, sentinelCheckObjectivelyDown).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDIS_TIMING, SRI_MASTER_DOWN, SRI_MASTER_REBOOT, SRI_O_DOWN, SRI_S_DOWN, SRI_SLAVE } from '../../../src/sentinel/constants.js';
import { checkObjectivelyDown, checkSubjectivelyDown, judgeSubjectivelyDown } from '../../../src/sentinel/core/down-detection.js';
import { refreshInstanceInfo } from '../../../src/sentinel/core/info-refresh.js';
import { MASTER, MY_ID, connectAll, masterInfo, rid, rig, sentinelOf } from '../../support/sentinel-fixtures.js';

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
      assert.deepEqual(r.io.explanations.at(-1), {
        kind: 'sdown',
        instance: 'mymaster',
        reason: v.reason,
        elapsedMs: 5001,
        downAfterMs: 5000,
      });
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
      assert.deepEqual(
        r.io.closes.map((c) => c.kind),
        ['cc'],
      );
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
      assert.deepEqual(
        r.io.closes.map((c) => c.kind),
        ['pc'],
      );
    });
    test('closing a stuck link counts from the next round: SDOWN is judged on the links as they were', () => {
      const r = rig();
      r.engine.tick();
      r.io.advance(REDIS_TIMING.minLinkReconnectPeriod + 1);
      const now = r.io.now();
      Object.assign(r.master.link, { actPingTime: 0, lastAvailTime: now - 6000, pcLastActivity: now - 6001 });
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(
        r.io.closes.map((c) => c.kind),
        ['pc'],
      );
      assert.equal(r.master.link.disconnected, true);
      assert.deepEqual(r.io.events(), [], 'sentinelCheckSubjectivelyDown computed the elapsed time before closing');
      checkSubjectivelyDown(r.engine, r.master);
      assert.deepEqual(r.io.events(), [`+sdown ${MASTER}`]);
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
      assert.deepEqual(r.io.explanations.at(-1), {
        kind: 'odown',
        master: 'mymaster',
        votes: 3,
        quorum: 3,
        agreeing: [MY_ID, `${rid('a')}`, `${rid('c')}`],
      });
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
}
