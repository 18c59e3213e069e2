// A seeded, randomized simulation of whole Sentinel deployments (3 or 5 SentinelEngines, 1 master and 2-3
// replicas) on a virtual clock, through fault schedules: crashes and restarts of Redis nodes (new run id)
// and sentinels (rebuilt from their last saved config), partitions between any two hosts or whole splits,
// slow and lossy links, paused processes, crashes at the failover's critical points. Checked on every
// schedule: (a) no failover epoch elects two leaders or promotes two replicas; (b) once the faults end the
// deployment converges: one master, every other node replicating it, every sentinel naming it. And liveness:
// a dead master with a reachable quorum is failed over within a bound. A failing schedule prints its seed;
// replay it alone, with its story, with SIM_SEED=<seed> (SIM_SCHEDULES=<n> runs more schedules).

import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { FAST_TIMING, REDIS_TIMING } from '../../src/sentinel/constants.js';
import type { ClusterSpec } from '../support/sentinel-sim/cluster.js';
import { Rng } from '../support/sentinel-sim/rng.js';
import { runLiveness, runSchedule, type Verdict } from '../support/sentinel-sim/schedule.js';

const ONLY = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : null;
const SCHEDULES = Number(process.env.SIM_SCHEDULES ?? 160);
const HARSH_SCHEDULES = Math.ceil(SCHEDULES / 6);
const LIVENESS_RUNS = 100;
const HARSH_BASE = 50_000; // seeds from here on get the harsh fault mix

/** The deployment a seed describes: 3 or 5 sentinels, quorum 2 or 3, 2-3 replicas, either timing profile. */
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
    // Some replicas can never be promoted; the first one always can.
    priorities: Array.from({ length: replicas }, (_, i) => (i > 0 && rng.chance(0.15) ? 0 : rng.pick([10, 100, 100]))),
  };
}

/** Run the schedule of `seed`: a normal or a harsh fault mix, over a window of simulated time. */
function schedule(seed: number): Verdict {
  const rng = new Rng(seed ^ 0xfa17);
  const harsh = seed >= HARSH_BASE;
  return runSchedule(
    specFor(seed),
    harsh ? rng.int(8, 20) : rng.int(2, 8),
    harsh ? rng.pick([120_000, 200_000]) : rng.pick([40_000, 80_000, 120_000]),
  );
}

function runAll(t: TestContext, seeds: number[]): void {
  const runs: Verdict[] = [];
  for (const seed of seeds) {
    const v = schedule(seed);
    runs.push(v);
    if (ONLY !== null) console.log(v.report);
    assert.ok(v.ok, `schedule failed; replay it with SIM_SEED=${seed}\n${v.report}`);
  }
  const sim = runs.reduce((n, r) => n + r.simulatedMs, 0);
  const counts = new Map<string, number>();
  for (const r of runs) for (const [k, n] of r.eventCounts) counts.set(k, (counts.get(k) ?? 0) + n);
  const seen = [
    '+try-failover',
    '+promoted-slave',
    '+switch-master',
    '-failover-abort-not-elected',
    '-failover-abort-slave-timeout',
    '-failover-abort-no-good-slave',
    '+failover-end-for-timeout',
    '+convert-to-slave',
    '+fix-slave-config',
    '+tilt',
  ];
  t.diagnostic(
    `${runs.length} schedules, ${(sim / 60_000).toFixed(0)} simulated minutes, ${runs.reduce((n, r) => n + r.events, 0)} events, ${runs.reduce((n, r) => n + r.failovers, 0)} promotions`,
  );
  t.diagnostic(seen.map((k) => `${k} ${counts.get(k) ?? 0}`).join(', '));
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('sentinel simulation', () => {
  if (ONLY !== null) {
    test(`replay of seed ${ONLY}`, (t) => runAll(t, [ONLY]));
    return;
  }

  test(`${SCHEDULES} fault schedules (2-8 faults): safety throughout, convergence after`, (t) => runAll(t, range(1000, SCHEDULES)));

  test(`${HARSH_SCHEDULES} harsh schedules (8-20 faults, crashes at the failover's critical points)`, (t) =>
    runAll(t, range(HARSH_BASE, HARSH_SCHEDULES)));

  test(`liveness: a dead master with a reachable quorum is failed over (${LIVENESS_RUNS} runs)`, (t) => {
    let worst = 0;
    for (let seed = 1; seed <= LIVENESS_RUNS; seed++) {
      const spec = specFor(seed * 7919);
      // Down sentinels: as many as still leave both the quorum and a majority of all sentinels alive.
      const majority = Math.floor(spec.sentinels / 2) + 1;
      const down = new Rng(seed).int(0, spec.sentinels - Math.max(spec.quorum, majority));
      // Split votes are retried after 2 × failover-timeout: allow four rounds.
      const bound = spec.downAfterMs + 8 * spec.failoverTimeoutMs + 15_000;
      const v = runLiveness({ ...spec, priorities: [] }, down, bound);
      assert.ok(v.ok, `no failover within ${bound} ms; replay with the spec of seed ${seed * 7919}\n${v.report}`);
      worst = Math.max(worst, (v.failoverMs - spec.downAfterMs) / spec.failoverTimeoutMs);
    }
    t.diagnostic(`slowest failover: down-after + ${worst.toFixed(2)} × failover-timeout`);
  });

  test('a schedule replays identically from its seed', () => {
    const a = schedule(1003);
    const b = schedule(1003);
    assert.equal(a.report, b.report);
    assert.equal(a.events, b.events);
  });

  test('the checks catch sentinels that vote twice in an epoch', () => {
    const caught = range(1000, 20).some((seed) => {
      const rng = new Rng(seed ^ 0xfa17);
      const v = runSchedule({ ...specFor(seed), forgetfulVoters: true }, rng.int(2, 8), 60_000);
      return !v.ok && /two leaders in epoch|promoted two replicas/.test(v.report);
    });
    assert.ok(caught, 'no schedule noticed a double vote');
  });
});
