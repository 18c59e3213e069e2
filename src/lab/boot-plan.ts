import { plural } from '../common/text.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes, sentinelNodes } from '../topology/topology.js';

/** What a boot phase waits for before the next one starts. */
export type BootGate = 'answering' | 'ready';

export interface BootPhase {
  title: string;
  nodes: LabNode[];
  gate: BootGate;
}

/**
 * The order `up` starts nodes in, chosen for speed: the master first, then the replicas and the sentinels together
 * once it answers.
 *
 * The master goes first so that no replica or sentinel ever sees it missing: a replica would retry its master only at
 * its next replicationCron (1 s later), and a sentinel that cannot reach the master for down-after (1 s in some
 * scenarios) would flag it s_down and could start a failover of a lab that is still booting.
 *
 * The replicas need not be linked before the sentinels start: each sentinel.conf lists them (known-replica), so a
 * sentinel knows them from its first second instead of from the master's INFO (sentinel.c: SENTINEL_INFO_PERIOD,
 * 10 s). Starting them together keeps Docker busy with five containers at once instead of two, then three.
 */
export function planBoot(topology: Topology): BootPhase[] {
  const [master, ...replicas] = redisNodes(topology);
  const sentinels = sentinelNodes(topology);
  const rest = [...replicas, ...sentinels];
  const title =
    replicas.length === 0
      ? `Start ${plural(sentinels.length, 'sentinel')}`
      : `Start ${plural(replicas.length, 'replica')} and ${plural(sentinels.length, 'sentinel')}`;
  return [
    { title: `Start ${master!.name}`, nodes: [master!], gate: 'answering' },
    { title, nodes: rest, gate: 'ready' },
  ];
}
