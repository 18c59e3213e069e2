// The adaptive timing profile (core/haste.ts, not in sentinel.c): which instance needs watching, the periods
// and timer it then gets, and the round-trip scaling of answer lifetimes and of the failover start spread.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADAPTIVE_TIMING,
  FAST_TIMING,
  REDIS_TIMING,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_MASTER,
  SRI_MASTER_DOWN,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_S_DOWN,
  SRI_SLAVE,
} from '../../../src/sentinel/constants.js';
import { askMasterStateToOtherSentinels, receiveIsMasterDownReply } from '../../../src/sentinel/core/down-detection.js';
import {
  answerLifetime,
  failoverStartWindow,
  needsWatching,
  noteRoundTrip,
  periodsFor,
  roundTripBound,
} from '../../../src/sentinel/core/haste.js';
import type { Instance } from '../../../src/sentinel/core/instance.js';
import { connectAll, replicaAt, rid, rig, sentinelOf, tickAfter, type Rig } from '../../support/sentinel-fixtures.js';

const REST = { ping: 1000, ask: 1000, failoverInfo: 1000 };
const HASTE = { ping: 100, ask: 100, failoverInfo: 50 };

function adaptive(): Rig {
  const r = rig({ timing: ADAPTIVE_TIMING, replicas: [6380], sentinels: ['a'] }); // down-after 5000
  connectAll(r);
  return r;
}

/** The timer's delay over many draws: sentinel.c's period / (1 + random), so between half the period and the period. */
function tickDelays(r: Rig): { min: number; max: number } {
  const delays = [0, 0.5, 0.999].map((x) => {
    r.io.randomValues.push(x);
    return r.engine.nextTickDelay();
  });
  return { min: Math.min(...delays), max: Math.max(...delays) };
}

export function hasteCases(): void {
  describe('adaptive timing: what needs watching', () => {
    const cases: Array<[string, (r: Rig) => Instance, boolean]> = [
      ['a master answering on time', (r) => r.master, false],
      ['a replica answering on time', (r) => replicaAt(r, 6380), false],
      ['a sentinel answering on time', (r) => sentinelOf(r, 'a'), false],
      ['a ping waiting exactly a tenth of down-after', (r) => late(r.master, r, 500), false],
      ['a ping waiting more than a tenth of down-after', (r) => late(r.master, r, 501), true],
      ['a lost link', (r) => Object.assign(r.master, { link: { ...r.master.link, disconnected: true } }), true],
      ['a master in SDOWN', (r) => flag(r.master, SRI_S_DOWN), true],
      ['a master in ODOWN', (r) => flag(r.master, SRI_O_DOWN), true],
      ['a master failing over', (r) => flag(r.master, SRI_FAILOVER_IN_PROGRESS), true],
      ['a rebooted master', (r) => flag(r.master, SRI_MASTER_REBOOT), true],
      ['a master that reports role:slave', (r) => Object.assign(r.master, { roleReported: SRI_SLAVE }), true],
      [
        'a replica that reports role:master (a demoted master to convert)',
        (r) => Object.assign(replicaAt(r, 6380), { roleReported: SRI_MASTER }),
        true,
      ],
      ['a replica that lost its master', (r) => Object.assign(replicaAt(r, 6380), { masterLinkDownTime: 2000 }), true],
      ['a replica of a master in SDOWN (a candidate)', (r) => (flag(r.master, SRI_S_DOWN), replicaAt(r, 6380)), true],
      ['a sentinel, while its master is in SDOWN (its answers and votes)', (r) => (flag(r.master, SRI_S_DOWN), sentinelOf(r, 'a')), true],
    ];
    for (const [what, pick, watched] of cases) {
      test(`${what}: ${watched ? 'watched' : 'at rest'}`, () => {
        const r = adaptive();
        const ri = pick(r);
        assert.equal(needsWatching(ri, r.io.now(), ADAPTIVE_TIMING.haste!.lateFraction), watched);
        assert.deepEqual(periodsFor(r.engine, ri), watched ? HASTE : REST);
      });
    }

    test('the fast and redis profiles have no haste: their own periods whatever happens', () => {
      for (const timing of [FAST_TIMING, REDIS_TIMING]) {
        const r = rig({ timing });
        connectAll(r);
        r.master.flags |= SRI_O_DOWN;
        assert.deepEqual(periodsFor(r.engine, r.master), {
          ping: timing.pingPeriod,
          ask: timing.askPeriod,
          failoverInfo: timing.failoverInfoPeriod,
        });
      }
    });

    test('SENTINEL DEBUG periods faster than the haste are kept when watching', () => {
      const r = adaptive();
      r.engine.state.timing.pingPeriod = 40;
      r.master.flags |= SRI_S_DOWN;
      assert.equal(periodsFor(r.engine, r.master).ping, 40);
    });
  });

  describe('adaptive timing: the timer and the periodic commands', () => {
    test('at rest the timer runs at 4-8 Hz, while something needs watching at 50-100 Hz', () => {
      const r = adaptive();
      r.engine.tick();
      assert.deepEqual(tickDelays(r), { min: 250 / 1.999, max: 250 });
      late(r.master, r, 501);
      r.engine.tick();
      assert.deepEqual(tickDelays(r), { min: 20 / 1.999, max: 20 });
      r.master.link.actPingTime = 0; // the PONG came
      r.engine.tick();
      assert.equal(tickDelays(r).max, 250);
    });

    test('a link that closes between ticks wakes the timer at once (once), and the next delay is the fast one', () => {
      const r = adaptive();
      r.engine.tick();
      let wakes = 0;
      r.engine.onWake = () => wakes++;
      r.engine.linkClosed(r.master, 'cc', r.master.link.generation - 1); // an older connection: nothing
      assert.equal(wakes, 0);
      r.engine.linkClosed(r.master, 'cc', r.master.link.generation);
      r.engine.linkClosed(r.master, 'pc', r.master.link.generation);
      assert.equal(wakes, 1);
      assert.equal(tickDelays(r).max, 20);
      const redis = rig({ timing: REDIS_TIMING });
      connectAll(redis);
      redis.engine.onWake = () => wakes++;
      redis.engine.linkClosed(redis.master, 'cc', redis.master.link.generation);
      assert.equal(wakes, 1, "the redis profile keeps sentinel.c's timer");
    });

    test('a late master is pinged every 100 ms instead of every 1000 ms, and a lost link retried as often', () => {
      const r = adaptive();
      const pings = () => r.io.commands(['PING'], r.master).length;
      r.io.clearRecords();
      // Ticks every 100 ms here (the rest timer would tick less often): the periods decide what is sent.
      for (let i = 0; i < 11; i++) tickAfter(r, 100); // the last PONG is 1100 ms old: a ping, which nothing answers
      assert.equal(pings(), 1, 'at rest: one ping per second');
      for (let i = 0; i < 5; i++) tickAfter(r, 100);
      assert.equal(pings(), 1, 'a ping waiting 500 ms (a tenth of down-after) is not late yet');
      for (let i = 0; i < 5; i++) tickAfter(r, 100); // late: watched from now on
      assert.equal(pings(), 6, 'watched: a ping every 100 ms');
      r.engine.linkClosed(r.master, 'cc', r.master.link.generation);
      const connects = r.io.connects.length;
      tickAfter(r, 100);
      tickAfter(r, 100);
      assert.ok(r.io.connects.length > connects, 'reconnected within 200 ms');
    });
  });

  describe('round trips', () => {
    test("RFC 6298's estimator, a slower sample taken at once; the bound is srtt + 4 × rttvar", () => {
      const rtt = { srtt: 0, rttvar: 0 };
      noteRoundTrip(rtt, 8);
      assert.deepEqual(rtt, { srtt: 8, rttvar: 4 });
      noteRoundTrip(rtt, 0);
      assert.deepEqual(rtt, { srtt: 7, rttvar: 5 });
      noteRoundTrip(rtt, 400);
      assert.deepEqual(rtt, { srtt: 400, rttvar: 0.75 * 5 + 0.25 * 393 });
      assert.equal(roundTripBound(rtt), 400 + 4 * (0.75 * 5 + 0.25 * 393));
    });

    test('pings and is-master-down replies measure the round trip to a sentinel', () => {
      const r = adaptive();
      const a = sentinelOf(r, 'a');
      r.io.clearRecords();
      r.master.flags |= SRI_S_DOWN;
      r.io.advance(1000);
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      r.io.advance(300);
      r.io.answer(r.io.commands(['SENTINEL'], a)[0]!, [1, '*', 0]);
      assert.deepEqual(a.link.rtt, { srtt: 300, rttvar: 150 });
    });

    test("answers and votes live 5 ask periods, each lengthened by the round-trip bound (redis: sentinel.c's fixed 5)", () => {
      const r = adaptive();
      const a = sentinelOf(r, 'a');
      a.link.rtt = { srtt: 300, rttvar: 50 }; // bound 500
      assert.equal(answerLifetime(REDIS_TIMING, 1000, a), 5000);
      assert.equal(answerLifetime(ADAPTIVE_TIMING, 100, a), 3000);
      r.master.flags |= SRI_S_DOWN;
      receiveIsMasterDownReply(r.engine, a, [1, rid('a'), 1]);
      r.io.advance(2999);
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.ok(a.has(SRI_MASTER_DOWN), 'still counts after 2999 ms (500 ms without the scaling)');
      r.io.advance(2);
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.ok(!a.has(SRI_MASTER_DOWN));
      assert.equal(a.leader, null);
    });

    test('the failover start spread grows by the slowest round-trip bound to the sentinels', () => {
      const r = rig({ timing: ADAPTIVE_TIMING, sentinels: ['a', 'b'] });
      sentinelOf(r, 'a').link.rtt = { srtt: 100, rttvar: 10 };
      sentinelOf(r, 'b').link.rtt = { srtt: 600, rttvar: 100 };
      assert.equal(failoverStartWindow(ADAPTIVE_TIMING, r.master), 250 + 1000);
      assert.equal(failoverStartWindow({ ...FAST_TIMING, rttScaled: false }, r.master), 250);
      assert.equal(failoverStartWindow(REDIS_TIMING, r.master), 0);
    });
  });
}

function flag(ri: Instance, f: number): Instance {
  ri.flags |= f;
  return ri;
}

function late(ri: Instance, r: Rig, ms: number): Instance {
  ri.link.actPingTime = r.io.now() - ms;
  return ri;
}
