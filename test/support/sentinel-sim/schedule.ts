// One simulated schedule from start to verdict: warm up (discovery), run the faults, then run fault-free
// until the deployment has converged and stayed converged, within a deadline. Also the liveness run: the
// master dies for good while a quorum and a majority of sentinels stay reachable.

import { SimCluster, START, type ClusterSpec } from './cluster.js';
import { convergenceProblem, discoveryProblem } from './checks.js';
import { applyFaults, describeFault, randomFaults, type Fault } from './faults.js';
import { Rng } from './rng.js';

export const WARMUP_MS = 12_000;
const POLL_MS = 1000;

export interface Verdict {
  ok: boolean;
  /** Simulated time the schedule covered. */
  simulatedMs: number;
  events: number;
  failovers: number;
  eventCounts: Map<string, number>;
  report: string;
}

/** Time to wait, fault-free, before convergence must have been reached. */
export function settleDeadline(spec: ClusterSpec): number {
  return spec.timing.tiltPeriod + 8 * spec.failoverTimeoutMs + 2 * spec.timing.infoPeriod + 4 * spec.downAfterMs;
}

export function runSchedule(spec: ClusterSpec, faultCount: number, windowMs: number): Verdict {
  const c = new SimCluster(spec);
  const faults = randomFaults(
    new Rng(spec.seed ^ 0x5eed),
    { nodes: c.nodes.length, sentinels: c.sentinels.length, hosts: c.hosts },
    faultCount,
    windowMs,
  );
  c.run(WARMUP_MS);
  const discovery = discoveryProblem(c);
  if (discovery) return verdict(c, faults, false, `discovery incomplete after warm-up: ${discovery}`);
  applyFaults(c, faults, c.now());
  c.run(windowMs);
  // Every fault is over by now; make sure of it (overlapping faults may have left a process down).
  for (const p of [...c.nodes, ...c.sentinels]) {
    p.restart();
    p.resume();
  }
  // Converged (no sentinel in TILT or failing over), and still converged a failover-timeout later.
  const stable = spec.failoverTimeoutMs;
  const deadline = c.now() + settleDeadline(spec);
  let since: number | null = null;
  let problem: string | null = 'not checked';
  while (c.now() < deadline + stable) {
    c.run(POLL_MS);
    problem = convergenceProblem(c);
    if (problem) since = null;
    else since ??= c.now();
    if (since !== null && c.now() - since >= stable) break;
    if (since === null && c.now() >= deadline) break;
    if (c.violations.length) break;
  }
  if (c.violations.length) return verdict(c, faults, false, `safety violated:\n  ${c.violations.join('\n  ')}`);
  if (since === null || c.now() - since < stable)
    return verdict(c, faults, false, `no convergence ${settleDeadline(spec)} ms after the faults: ${problem}`);
  return verdict(c, faults, true, 'converged');
}

/** Links slowed for a whole liveness run: each pair of hosts with probability `share`, by up to one of `extraMs`. */
export interface SlowLinks {
  share: number;
  extraMs: number[];
  /** Only links between two sentinels. */
  sentinelsOnly?: boolean;
}

/**
 * Liveness: the master crashes for good; `downSentinels` sentinels are down too (a minority that keeps both
 * the quorum and the majority reachable). Returns the time from the crash until every live sentinel names a
 * new master that is the only live master, or the verdict of a failure.
 */
export function runLiveness(
  spec: ClusterSpec,
  downSentinels: number,
  boundMs: number,
  slow: SlowLinks = { share: 0.2, extraMs: [50, 300] },
): Verdict & { failoverMs: number } {
  const c = new SimCluster(spec);
  c.run(WARMUP_MS);
  const discovery = discoveryProblem(c);
  if (discovery) return { ...verdict(c, [], false, `discovery incomplete: ${discovery}`), failoverMs: -1 };
  for (let i = 0; i < downSentinels; i++) c.sentinels[i]!.crash();
  const rng = new Rng(spec.seed ^ 0x11fe);
  const slowed: string[] = [];
  const sentinelHosts = new Set(c.sentinels.map((s) => s.host));
  for (const a of c.hosts)
    for (const b of c.hosts) {
      if (a >= b || !rng.chance(slow.share)) continue;
      if (slow.sentinelsOnly && !(sentinelHosts.has(a) && sentinelHosts.has(b))) continue;
      const extra = rng.pick(slow.extraMs);
      c.net.slowDown(a, b, Number.MAX_SAFE_INTEGER, extra);
      slowed.push(`${a}-${b} +0..${extra} ms`);
    }
  c.note(`FAULT slow links (one way, each packet): ${slowed.join(', ') || 'none'}`);
  const old = c.liveMasters()[0]!;
  c.note(`FAULT master ${old.host} crashes for good; ${downSentinels} sentinel(s) down`);
  old.crash();
  const crashedAt = c.now();
  while (c.now() - crashedAt <= boundMs) {
    c.run(POLL_MS);
    const views = c.sentinelViews();
    const masters = c.liveMasters();
    const moved = views.every((v) => v.addr && v.addr.host !== old.host && v.addr.host === views[0]!.addr!.host);
    if (moved && masters.length === 1 && masters[0]!.host === views[0]!.addr!.host) {
      return { ...verdict(c, [], c.violations.length === 0, 'failed over'), failoverMs: c.now() - crashedAt };
    }
  }
  return { ...verdict(c, [], false, `no failover within ${boundMs} ms`), failoverMs: -1 };
}

function verdict(c: SimCluster, faults: Fault[], ok: boolean, summary: string): Verdict {
  const s = c.spec;
  const report = [
    `seed ${s.seed}: ${summary}`,
    `spec: ${s.sentinels} sentinels, quorum ${s.quorum}, ${s.replicas} replicas, ${s.timingName}, down-after ${s.downAfterMs}, failover-timeout ${s.failoverTimeoutMs}, priorities ${JSON.stringify(s.priorities ?? [])}`,
    'faults:',
    ...faults.map((f) => `  ${describeFault(f)}`),
    'story (last lines):',
    ...c.story.slice(-120).map((l) => `  ${l}`),
  ].join('\n');
  return {
    ok: ok && c.violations.length === 0,
    simulatedMs: c.now() - START,
    events: c.sched.executed,
    failovers: c.promotions.length,
    eventCounts: c.eventCounts,
    report,
  };
}
