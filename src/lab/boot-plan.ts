import { plural } from '../common/text.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes, sentinelNodes } from '../topology/topology.js';

/** What a boot phase waits for before the next one starts. */
export type BootGate = 'answering' | 'replicas-linked' | 'ready';

export interface BootPhase {
  title: string;
  nodes: LabNode[];
  gate: BootGate;
}

/**
 * The order `up` starts nodes in, chosen for speed: the master first; the replicas once it answers, so their
 * first connection attempt succeeds; the sentinels only once every replica's link is up, so each sentinel's
 * first INFO of the master already lists every replica. Started together, sentinels would find late replicas
 * only at their next INFO, 10 s later (sentinel.c: SENTINEL_INFO_PERIOD).
 */
export function planBoot(topology: Topology): BootPhase[] {
  const [master, ...replicas] = redisNodes(topology);
  const sentinels = sentinelNodes(topology);
  const phases: BootPhase[] = [{ title: `Start ${master!.name}`, nodes: [master!], gate: 'answering' }];
  if (replicas.length > 0) {
    phases.push({ title: `Start ${plural(replicas.length, 'replica')}`, nodes: replicas, gate: 'replicas-linked' });
  }
  phases.push({ title: `Start ${plural(sentinels.length, 'sentinel')}`, nodes: sentinels, gate: 'ready' });
  return phases;
}
