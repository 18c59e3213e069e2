// What must hold once the faults are over: the safety record kept by the cluster is clean, and the
// deployment converges — every live sentinel names the same master, that node is the only live master, and
// every other live node replicates it with its link up.

import { MASTER_NAME, type SimCluster } from './cluster.js';

/** Why the deployment has not converged, or null when it has. */
export function convergenceProblem(c: SimCluster): string | null {
  const views = c.sentinelViews();
  const first = views[0]?.addr;
  if (!first) return 'no live sentinel';
  const differ = views.filter((v) => !v.addr || v.addr.host !== first.host || v.addr.port !== first.port);
  if (differ.length)
    return `sentinels disagree: ${views.map((v) => `${v.host}→${v.addr ? `${v.addr.host}:${v.addr.port}` : '?'}`).join(', ')}`;
  const masters = c.liveMasters();
  if (masters.length !== 1) return `${masters.length} live masters: ${masters.map((n) => n.host).join(', ')}`;
  const master = masters[0]!;
  if (master.host !== first.host || master.port !== first.port)
    return `sentinels name ${first.host}:${first.port}, the master is ${master.host}`;
  for (const n of c.nodes) {
    if (!n.alive || n === master) continue;
    if (n.replicaOf?.host !== master.host || n.replicaOf.port !== master.port)
      return `${n.host} replicates ${n.replicaOf ? `${n.replicaOf.host}:${n.replicaOf.port}` : 'nobody'}`;
    if (!n.linkUp) return `${n.host} has its master link down`;
  }
  for (const s of c.sentinels) {
    const m = s.engine?.state.masters.get(MASTER_NAME);
    if (s.alive && m && m.failoverState !== 0) return `${s.host} is still failing over`;
    if (s.alive && s.engine?.state.tilt) return `${s.host} is in TILT`;
  }
  return null;
}

/** Whether every sentinel knows every other sentinel and every replica (discovery is done). */
export function discoveryProblem(c: SimCluster): string | null {
  for (const s of c.sentinels) {
    const m = s.engine?.state.masters.get(MASTER_NAME);
    if (!m) return `${s.host} has no master`;
    if (m.sentinels.size !== c.sentinels.length - 1) return `${s.host} knows ${m.sentinels.size} sentinels`;
    if (m.slaves.size !== c.nodes.length - 1) return `${s.host} knows ${m.slaves.size} replicas`;
  }
  return null;
}
