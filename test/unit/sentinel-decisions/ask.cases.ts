// Asking the other sentinels whether the master is down, and their replies
// (sentinel.c: sentinelAskMasterStateToOtherSentinels, sentinelReceiveIsMasterDownReply).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAST_TIMING, FailoverState, REDIS_TIMING, SRI_MASTER_DOWN, SRI_S_DOWN } from '../../../src/sentinel/constants.js';
import { ASK_FORCED, askMasterStateToOtherSentinels, receiveIsMasterDownReply } from '../../../src/sentinel/core/down-detection.js';
import { MY_ID, connectAll, rid, rig, sentinelOf } from '../../support/sentinel-fixtures.js';

const PROFILES = [
  ['REDIS_TIMING', REDIS_TIMING],
  ['FAST_TIMING', FAST_TIMING],
] as const;

export function askCases(): void {
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
      assert.deepEqual(
        r.io.sent.map((c) => [c.instance.runId, ...c.args]),
        [[rid('a'), 'SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '7', '*']],
      );
      r.master.failoverState = FailoverState.WAIT_START;
      sentinelOf(r, 'b').link.disconnected = false;
      askMasterStateToOtherSentinels(r.engine, r.master, 0);
      assert.deepEqual(
        r.io.sent.slice(1).map((c) => c.args.at(-1)),
        [MY_ID, MY_ID],
      );
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
      assert.deepEqual(
        r.io.logs.map((l) => l.text),
        [`${rid('a')} voted for ${rid('b')} 4`],
      );
      receiveIsMasterDownReply(r.engine, a, [1, rid('b'), 4]);
      assert.equal(r.io.logs.length, 1, 'the same vote is logged once');
    });
  });
}
