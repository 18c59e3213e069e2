// The timer: TILT (sentinel.c: sentinelCheckTiltCondition, sentinelHandleRedisInstance), links
// (sentinelReconnectInstance, instanceLinkConnectionError) and the periodic commands whose periods differ
// between the two timing profiles (sentinelSendPeriodicCommands).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAST_TIMING, REDIS_TIMING, SRI_O_DOWN, SRI_S_DOWN, type Timing } from '../../../src/sentinel/constants.js';
import { sendPeriodicCommands } from '../../../src/sentinel/core/links.js';
import { MASTER, MY_ID, connectAll, replicaAt, rid, rig, sentinelOf, tickAfter } from '../../support/sentinel-fixtures.js';

const PROFILES: [string, Timing][] = [
  ['REDIS_TIMING', REDIS_TIMING],
  ['FAST_TIMING', FAST_TIMING],
];

export function timerCases(): void {
  describe('TILT', () => {
    for (const [name, timing] of PROFILES) {
      test(`${name}: a timer late by more than ${timing.tiltTrigger} ms, or a clock going back, enters TILT`, () => {
        const r = rig({ timing });
        tickAfter(r, timing.tiltTrigger);
        assert.deepEqual(r.io.events(), []);
        tickAfter(r, timing.tiltTrigger + 1);
        assert.deepEqual(r.io.events(), ['+tilt #tilt mode entered']);
        assert.equal(r.engine.state.tilt, true);
        assert.equal(r.engine.state.tiltStartTime, r.io.now());
        const back = rig({ timing });
        tickAfter(back, -1);
        assert.deepEqual(back.io.events(), ['+tilt #tilt mode entered']);
      });

      test(`${name}: in TILT nothing is judged for ${timing.tiltPeriod} ms, then -tilt and back to work`, () => {
        const r = rig({ timing });
        connectAll(r);
        tickAfter(r, 2001);
        const entered = r.io.now();
        // The master never answers: it would be SDOWN after 5 s, but TILT holds every judgement.
        while (r.io.now() - entered < timing.tiltPeriod - 100) tickAfter(r, 100);
        assert.deepEqual(r.io.events(), ['+tilt #tilt mode entered']);
        assert.ok(!r.master.has(SRI_S_DOWN));
        assert.ok(r.io.commands(['PING'], r.master).length > 1, 'the monitoring half goes on: pings are still sent');
        tickAfter(r, 100);
        assert.deepEqual(r.io.events(), ['+tilt #tilt mode entered', '-tilt #tilt mode exited', `+sdown ${MASTER}`]);
      });
    }
  });

  describe('links', () => {
    test('masters and replicas get a command and a pub/sub link, sentinels a command link; a PING goes first', () => {
      const r = rig({ replicas: [6380], sentinels: ['a'], master: { authPass: 'secret' } });
      r.engine.tick();
      assert.deepEqual(
        r.io.connects.map((c) => [c.instance.name, c.kind, c.setup.clientName, c.setup.subscribe ?? null, c.setup.auth?.pass ?? null]),
        [
          ['mymaster', 'cc', `sentinel-${MY_ID.slice(0, 8)}-cmd`, null, 'secret'],
          ['mymaster', 'pc', `sentinel-${MY_ID.slice(0, 8)}-pubsub`, '__sentinel__:hello', 'secret'],
          ['127.0.0.1:6380', 'cc', `sentinel-${MY_ID.slice(0, 8)}-cmd`, null, 'secret'],
          ['127.0.0.1:6380', 'pc', `sentinel-${MY_ID.slice(0, 8)}-pubsub`, '__sentinel__:hello', 'secret'],
          [rid('a'), 'cc', `sentinel-${MY_ID.slice(0, 8)}-cmd`, null, null],
        ],
      );
      assert.deepEqual(r.io.sent[0]!.args, ['PING']);
      assert.equal(r.master.link.disconnected, false);
    });

    test('a lost link is reported with its generation; a report about an older connection is ignored', () => {
      const r = rig({ sentinels: ['a'] });
      r.engine.tick();
      const a = sentinelOf(r, 'a');
      const gen = a.link.generation;
      r.engine.linkClosed(a, 'cc', gen - 1);
      assert.equal(a.link.cc, true);
      r.engine.linkClosed(a, 'cc', gen);
      assert.deepEqual([a.link.cc, a.link.disconnected, a.link.pendingCommands], [false, true, 0]);
      // Reconnected at the next tick at least a ping period later.
      tickAfter(r, 500);
      assert.equal(a.link.cc, false);
      tickAfter(r, 600);
      assert.equal(a.link.cc, true);
      assert.equal(a.link.generation, gen + 2);
    });
  });

  describe('periodic commands', () => {
    for (const [name, timing] of PROFILES) {
      test(`${name}: PING when the last PONG is older than ${timing.pingPeriod} ms and the last PING than half that`, () => {
        const r = rig({ timing });
        connectAll(r);
        r.io.clearRecords();
        const now = r.io.now();
        Object.assign(r.master.link, { lastPongTime: now - timing.pingPeriod, lastPingTime: now - timing.pingPeriod });
        r.master.infoRefresh = r.master.lastPubTime = now;
        sendPeriodicCommands(r.engine, r.master);
        assert.equal(r.io.sent.length, 0);
        r.master.link.lastPongTime -= 1;
        r.master.link.lastPingTime = now - timing.pingPeriod / 2;
        sendPeriodicCommands(r.engine, r.master);
        assert.equal(r.io.sent.length, 0);
        r.master.link.lastPingTime -= 1;
        sendPeriodicCommands(r.engine, r.master);
        assert.deepEqual(
          r.io.sent.map((c) => c.args),
          [['PING']],
        );
      });

      test(`${name}: replicas of an ODOWN master get INFO every ${timing.failoverInfoPeriod} ms, else every ${timing.infoPeriod} ms`, () => {
        const r = rig({ timing, replicas: [6380] });
        connectAll(r);
        const s = replicaAt(r, 6380);
        const now = r.io.now();
        Object.assign(s.link, { lastPongTime: now, lastPingTime: now });
        s.lastPubTime = now;
        r.io.clearRecords();
        s.infoRefresh = now - timing.failoverInfoPeriod - 1;
        sendPeriodicCommands(r.engine, s);
        assert.equal(r.io.sent.length, timing.failoverInfoPeriod < timing.infoPeriod ? 0 : 1);
        r.master.flags |= SRI_O_DOWN;
        sendPeriodicCommands(r.engine, s);
        assert.deepEqual(
          r.io.sent.map((c) => c.args),
          [['INFO']],
        );
        r.master.flags &= ~SRI_O_DOWN;
        s.masterLinkDownTime = 3000; // a replica that lost its master is watched closely too
        sendPeriodicCommands(r.engine, s);
        assert.equal(r.io.sent.length, 2);
      });
    }

    test('the ping period never exceeds down-after-milliseconds', () => {
      const r = rig({ master: { downAfterMs: 300 } });
      connectAll(r);
      r.io.clearRecords();
      const now = r.io.now();
      Object.assign(r.master.link, { lastPongTime: now - 301, lastPingTime: now - 151 });
      r.master.infoRefresh = r.master.lastPubTime = now;
      sendPeriodicCommands(r.engine, r.master);
      assert.deepEqual(
        r.io.sent.map((c) => c.args),
        [['PING']],
      );
    });

    test('at most 100 pending commands per link', () => {
      const r = rig();
      connectAll(r);
      r.master.link.pendingCommands = 100;
      r.io.clearRecords();
      r.io.advance(30_000);
      sendPeriodicCommands(r.engine, r.master);
      assert.equal(r.io.sent.length, 0);
    });
  });
}
