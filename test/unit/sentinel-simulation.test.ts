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
import { ADAPTIVE_TIMING, FAST_TIMING, REDIS_TIMING, type Timing } from '../../src/sentinel/constants.js';
import type { ClusterSpec } from '../support/sentinel-sim/cluster.js';
import { Rng } from '../support/sentinel-sim/rng.js';
import { runLiveness, runSchedule, type SlowLinks, type Verdict } from '../support/sentinel-sim/schedule.js';

const ONLY = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : null;
const SCHEDULES = Number(process.env.SIM_SCHEDULES ?? 160);
const HARSH_SCHEDULES = Math.ceil(SCHEDULES / 6);
const LIVENESS_RUNS = 100;
const SLOW_RUNS = 30;
const HARSH_BASE = 50_000; // seeds from here on get the harsh fault mix

const PROFILES: Array<[string, Timing]> = [
  ['ADAPTIVE_TIMING', ADAPTIVE_TIMING],
  ['ADAPTIVE_TIMING', ADAPTIVE_TIMING],
  ['FAST_TIMING', FAST_TIMING],
  ['REDIS_TIMING', REDIS_TIMING],
  ['REDIS_TIMING', REDIS_TIMING],
];

/** The deployment a seed describes: 3 or 5 sentinels, quorum 2 or 3, 2-3 replicas, any timing profile. */
function specFor(seed: number): ClusterSpec {
  const rng = new Rng(seed);
  const five = rng.chance(0.35);
  const [timingName, timing] = rng.pick(PROFILES);
  const replicas = rng.int(2, 3);
  return {
    seed,
    sentinels: five ? 5 : 3,
    quorum: five ? rng.int(2, 3) : 2,
    replicas,
    timing,
    timingName,
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

  // The links between sentinels carry the "down" answers and the votes. On slow ones (each packet delayed by up
  // to 0.2-1.2 s) the failover must still happen: answers and votes must outlive the time the next ones take to
  // arrive, and the first candidate's vote request must reach the others before they start their own.
  const SLOW: SlowLinks = { share: 1, extraMs: [200, 500, 800, 1200], sentinelsOnly: true };
  const slowSpec = (seed: number, timing: Timing, timingName: string): ClusterSpec => ({
    ...specFor(seed),
    timing,
    timingName,
    downAfterMs: 5000, // above the slowest round trip, so the slow links alone make nothing look down
    priorities: [],
  });
  const slowBound = (spec: ClusterSpec) => spec.downAfterMs + 8 * spec.failoverTimeoutMs + 15_000;
  /** Failover times of the slow-link runs, seeds 1..SLOW_RUNS: -1 for none within the bound, or with `live` a failure. */
  const slowRuns = (timing: Timing, name: string, live: boolean): number[] =>
    range(1, SLOW_RUNS).map((seed) => {
      const spec = slowSpec(seed * 104_729, timing, name);
      const v = runLiveness(spec, 0, slowBound(spec), SLOW);
      // A failover that happened but is not ok broke safety: always a failure.
      if (v.failoverMs >= 0 && !v.ok) assert.fail(`safety violated; replay with the spec of seed ${seed * 104_729}\n${v.report}`);
      if (live) assert.ok(v.ok, `no failover within ${slowBound(spec)} ms; replay with the spec of seed ${seed * 104_729}\n${v.report}`);
      return v.failoverMs;
    });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  for (const [name, timing] of [
    ['ADAPTIVE_TIMING', ADAPTIVE_TIMING],
    ['FAST_TIMING', FAST_TIMING],
  ] as const) {
    test(`liveness on slow links between sentinels, ${name} (${SLOW_RUNS} runs)`, (t) => {
      const times = slowRuns(timing, name, true);
      t.diagnostic(
        `failover after the crash: mean ${(mean(times) / 1000).toFixed(1)} s, slowest ${(Math.max(...times) / 1000).toFixed(1)} s`,
      );
    });
  }

  test('on slow links, scaling to the round trip fails over at least twice as fast as fixed lifetimes and spread', (t) => {
    // The fast profile as it was before rttScaled: 500 ms lifetimes and a fixed 250 ms spread split the votes
    // (every candidate votes for itself) and wait 2 × failover-timeout before each new election.
    const fixed = slowRuns({ ...FAST_TIMING, rttScaled: false }, 'FAST_TIMING without rttScaled', false);
    const scaled = slowRuns(FAST_TIMING, 'FAST_TIMING', true);
    const late = (xs: number[]) => xs.map((ms) => (ms < 0 ? 200_000 : ms)); // none within the bound counts as 200 s
    t.diagnostic(`mean failover: fixed ${(mean(late(fixed)) / 1000).toFixed(1)} s, scaled ${(mean(scaled) / 1000).toFixed(1)} s`);
    assert.ok(mean(late(fixed)) >= 2 * mean(scaled), `fixed ${mean(late(fixed))} ms, scaled ${mean(scaled)} ms`);
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
