// Fault schedules: random, seeded lists of faults over a window of simulated time, and their application to
// a SimCluster. Every fault ends inside the window (crashed processes restart, paused ones resume,
// partitions heal), so what follows the window is fault-free.

import type { SimCluster } from './cluster.js';
import type { Rng } from './rng.js';

export type Fault =
  | { kind: 'crash-master'; at: number; ms: number } // whichever node is master when it strikes
  | { kind: 'crash-node'; at: number; ms: number; node: number }
  | { kind: 'crash-sentinel'; at: number; ms: number; sentinel: number }
  | { kind: 'pause-node'; at: number; ms: number; node: number }
  | { kind: 'pause-sentinel'; at: number; ms: number; sentinel: number }
  | { kind: 'partition'; at: number; ms: number; a: string; b: string }
  | { kind: 'split'; at: number; ms: number; side: string[] } // these hosts against all the others
  | { kind: 'slow'; at: number; ms: number; a: string; b: string; extraMs: number }
  | { kind: 'lossy'; at: number; ms: number; a: string; b: string; p: number }
  // Armed for `ms`: the first time the sentinel publishes `event`, it crashes at once and restarts
  // `downMs` later (the crash points of SENTINEL SIMULATE-FAILURE, and a crash right after voting).
  | { kind: 'crash-on'; at: number; ms: number; sentinel: number; event: string; downMs: number };

/** The events after which a sentinel crash is most likely to expose a mistake. */
export const CRASH_POINTS = ['+vote-for-leader', '+elected-leader', '+failover-state-wait-promotion', '+promoted-slave', '+new-epoch'];

export function describeFault(f: Fault): string {
  const { kind, at, ms, ...rest } = f;
  return `${kind} at +${(at / 1000).toFixed(1)}s for ${(ms / 1000).toFixed(1)}s ${JSON.stringify(rest)}`;
}

/** `count` random faults starting in [0, windowMs), each over before windowMs. */
export function randomFaults(rng: Rng, c: { nodes: number; sentinels: number; hosts: string[] }, count: number, windowMs: number): Fault[] {
  const faults: Fault[] = [];
  for (let i = 0; i < count; i++) {
    const at = rng.int(0, windowMs - 2000);
    const ms = Math.min(rng.pick([1500, 4000, 8000, 15_000, 30_000, 45_000]) + rng.int(0, 1000), windowMs - at);
    const [a, b] = twoHosts(rng, c.hosts);
    const roll = rng.int(0, 99);
    if (roll < 22) faults.push({ kind: 'crash-master', at, ms });
    else if (roll < 30) faults.push({ kind: 'crash-node', at, ms, node: rng.int(0, c.nodes - 1) });
    else if (roll < 40) faults.push({ kind: 'crash-sentinel', at, ms, sentinel: rng.int(0, c.sentinels - 1) });
    else if (roll < 47) faults.push({ kind: 'pause-node', at, ms, node: rng.int(0, c.nodes - 1) });
    else if (roll < 54) faults.push({ kind: 'pause-sentinel', at, ms, sentinel: rng.int(0, c.sentinels - 1) });
    else if (roll < 72) faults.push({ kind: 'partition', at, ms, a, b });
    else if (roll < 84) faults.push({ kind: 'split', at, ms, side: c.hosts.filter(() => rng.chance(0.4)) });
    else if (roll < 90) faults.push({ kind: 'slow', at, ms, a, b, extraMs: rng.pick([200, 1000, 3000]) });
    else if (roll < 95) faults.push({ kind: 'lossy', at, ms, a, b, p: rng.pick([0.05, 0.3]) });
    else
      faults.push({
        kind: 'crash-on',
        at,
        ms,
        sentinel: rng.int(0, c.sentinels - 1),
        event: rng.pick(CRASH_POINTS),
        downMs: rng.pick([300, 2000, 10_000]),
      });
  }
  return faults.sort((x, y) => x.at - y.at);
}

function twoHosts(rng: Rng, hosts: string[]): [string, string] {
  const a = rng.pick(hosts);
  let b = rng.pick(hosts);
  while (b === a) b = rng.pick(hosts);
  return [a, b];
}

/** Schedule `faults` on the cluster, with times relative to `origin` (a virtual time). */
export function applyFaults(cluster: SimCluster, faults: Fault[], origin: number): void {
  for (const f of faults) cluster.sched.at(origin + f.at, () => start(cluster, f));
}

function start(c: SimCluster, f: Fault): void {
  c.note(`FAULT ${describeFault(f)}`);
  const end = c.now() + f.ms;
  const later = (run: () => void): void => c.sched.at(end, run);
  switch (f.kind) {
    case 'crash-master': {
      const master = c.liveMasters()[0];
      if (!master) return;
      master.crash();
      later(() => master.restart());
      return;
    }
    case 'crash-node': {
      const n = c.nodes[f.node]!;
      n.crash();
      return later(() => n.restart());
    }
    case 'crash-sentinel': {
      const s = c.sentinels[f.sentinel]!;
      s.crash();
      return later(() => s.restart());
    }
    case 'pause-node': {
      const n = c.nodes[f.node]!;
      n.pause();
      return later(() => n.resume());
    }
    case 'pause-sentinel': {
      const s = c.sentinels[f.sentinel]!;
      s.pause();
      return later(() => s.resume());
    }
    case 'partition':
      return c.net.partition(f.a, f.b, end);
    case 'split': {
      const side = new Set(f.side);
      for (const a of side) for (const b of c.hosts) if (!side.has(b)) c.net.partition(a, b, end);
      return;
    }
    case 'slow':
      return c.net.slowDown(f.a, f.b, end, f.extraMs);
    case 'lossy':
      return c.net.makeLossy(f.a, f.b, end, f.p);
    case 'crash-on': {
      const s = c.sentinels[f.sentinel]!;
      return c.armCrash(s, f.event, end, f.downMs);
    }
  }
}
