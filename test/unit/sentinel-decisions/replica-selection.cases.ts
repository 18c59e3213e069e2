// Choosing the replica to promote (sentinel.c: sentinelSelectSlave, compareSlavesForPromotion).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAST_TIMING, REDIS_TIMING, SRI_O_DOWN, SRI_S_DOWN } from '../../../src/sentinel/constants.js';
import type { Instance } from '../../../src/sentinel/core/instance.js';
import { compareForPromotion, exclusionReason, selectReplica } from '../../../src/sentinel/core/replica-selection.js';
import { replicaAt, rid, rig, type Rig } from '../../support/sentinel-fixtures.js';

/** A rig whose replicas are all connected, answering and freshly INFOed. */
function healthy(ports: number[], timing = REDIS_TIMING): Rig {
  const r = rig({ replicas: ports, timing });
  const now = r.io.now();
  for (const s of r.master.slaves.values()) {
    s.link.disconnected = false;
    s.link.lastAvailTime = now;
    s.infoRefresh = now;
    s.runId = rid(String(s.addr.port % 10));
  }
  return r;
}

const clock = (r: Rig) => ({ now: r.io.now(), pingPeriod: r.timing.pingPeriod, infoPeriod: r.timing.infoPeriod });
const ports = (list: Instance[]) => list.map((s) => s.addr.port);

export function replicaSelectionCases(): void {
  describe('replica selection', () => {
    test('excluded: priority 0, SDOWN, ODOWN, disconnected', () => {
      const r = healthy([6380, 6381, 6382, 6383, 6384]);
      replicaAt(r, 6380).slavePriority = 0;
      replicaAt(r, 6381).flags |= SRI_S_DOWN;
      replicaAt(r, 6382).flags |= SRI_O_DOWN;
      replicaAt(r, 6383).link.disconnected = true;
      const { chosen, verdicts } = selectReplica(r.master, clock(r));
      assert.equal(chosen?.addr.port, 6384);
      assert.deepEqual(
        verdicts.map((v) => [v.replica, v.eligible, v.reason]),
        [
          ['127.0.0.1:6380', false, 'its replica-priority is 0'],
          ['127.0.0.1:6381', false, 'it is down'],
          ['127.0.0.1:6382', false, 'it is down'],
          ['127.0.0.1:6383', false, 'we are not connected to it'],
          ['127.0.0.1:6384', true, 'best by priority, then replication offset, then run id'],
        ],
      );
    });

    for (const timing of [REDIS_TIMING, FAST_TIMING]) {
      const label = timing === REDIS_TIMING ? 'REDIS_TIMING' : 'FAST_TIMING';
      test(`${label}: a last valid PING reply older than 5 ping periods (${timing.pingPeriod * 5} ms) excludes`, () => {
        const r = healthy([6380], timing);
        const s = replicaAt(r, 6380);
        s.link.lastAvailTime = r.io.now() - timing.pingPeriod * 5;
        assert.equal(exclusionReason(r.master, s, clock(r)), null);
        s.link.lastAvailTime -= 1;
        assert.equal(exclusionReason(r.master, s, clock(r)), `its last valid PING reply is ${timing.pingPeriod * 5 + 1} ms old`);
      });

      test(`${label}: INFO must be fresher than 5 ping periods while the master is SDOWN, else 3 INFO periods`, () => {
        const r = healthy([6380], timing);
        const s = replicaAt(r, 6380);
        s.infoRefresh = r.io.now() - timing.pingPeriod * 5 - 1;
        assert.equal(exclusionReason(r.master, s, clock(r)), null);
        r.master.flags |= SRI_S_DOWN;
        r.master.sDownSinceTime = r.io.now();
        assert.match(
          exclusionReason(r.master, s, clock(r))!,
          new RegExp(`^its INFO is ${timing.pingPeriod * 5 + 1} ms old \\(limit ${timing.pingPeriod * 5}\\)`),
        );
        r.master.flags &= ~SRI_S_DOWN;
        s.infoRefresh = r.io.now() - timing.infoPeriod * 3 - 1;
        assert.match(exclusionReason(r.master, s, clock(r))!, /^its INFO is/);
      });
    }

    test('a replica whose master link is down too long is excluded (10 × down-after, plus the SDOWN time)', () => {
      const r = healthy([6380]);
      const s = replicaAt(r, 6380);
      s.masterLinkDownTime = 50_000;
      assert.equal(exclusionReason(r.master, s, clock(r)), null);
      s.masterLinkDownTime = 50_001;
      assert.equal(exclusionReason(r.master, s, clock(r)), 'its link to the master has been down 50001 ms (limit 50000)');
      r.master.flags |= SRI_S_DOWN;
      r.master.sDownSinceTime = r.io.now() - 7000;
      s.link.lastAvailTime = s.infoRefresh = r.io.now();
      s.masterLinkDownTime = 57_000;
      assert.equal(exclusionReason(r.master, s, clock(r)), null);
    });

    test('order: lower priority first, then bigger offset, then smaller run id, a missing run id last', () => {
      const r = healthy([6380, 6381, 6382, 6383, 6384]);
      const [a, b, c, d, e] = [6380, 6381, 6382, 6383, 6384].map((p) => replicaAt(r, p)) as [
        Instance,
        Instance,
        Instance,
        Instance,
        Instance,
      ];
      Object.assign(a, { slavePriority: 100, slaveReplOffset: 900, runId: rid('1') });
      Object.assign(b, { slavePriority: 10, slaveReplOffset: 10, runId: rid('9') });
      Object.assign(c, { slavePriority: 100, slaveReplOffset: 1000, runId: null });
      Object.assign(d, { slavePriority: 100, slaveReplOffset: 1000, runId: rid('B') });
      Object.assign(e, { slavePriority: 100, slaveReplOffset: 1000, runId: rid('a') });
      const { chosen, verdicts } = selectReplica(r.master, clock(r));
      assert.equal(chosen, b);
      assert.deepEqual(
        ports([a, b, c, d, e].sort(compareForPromotion)),
        [6381, 6384, 6383, 6382, 6380],
        'run ids compare case-insensitively: a < B',
      );
      assert.deepEqual(
        verdicts.map((v) => v.reason),
        [
          'best by priority, then replication offset, then run id',
          'ranked 2 of 5: priority 100 vs 10',
          'ranked 3 of 5: priority 100 vs 10',
          'ranked 4 of 5: priority 100 vs 10',
          'ranked 5 of 5: priority 100 vs 10',
        ],
      );
      b.slavePriority = 100;
      const again = selectReplica(r.master, clock(r));
      assert.equal(again.chosen, e);
      assert.deepEqual(again.verdicts.map((v) => v.reason).slice(1), [
        `ranked 2 of 5: run id ${rid('B')} sorts after ${rid('a')}`,
        `ranked 3 of 5: run id (none) sorts after ${rid('a')}`,
        'ranked 4 of 5: offset 900 vs 1000',
        'ranked 5 of 5: offset 10 vs 1000',
      ]);
    });

    test('two replicas without run ids compare equal', () => {
      const r = healthy([6380, 6381]);
      replicaAt(r, 6380).runId = null;
      replicaAt(r, 6381).runId = null;
      assert.equal(compareForPromotion(replicaAt(r, 6380), replicaAt(r, 6381)), 0);
    });

    test('no eligible replica: nothing chosen', () => {
      const r = healthy([6380]);
      replicaAt(r, 6380).slavePriority = 0;
      assert.equal(selectReplica(r.master, clock(r)).chosen, null);
    });
  });
}
