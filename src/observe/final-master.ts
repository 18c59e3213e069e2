import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import type { LabIo } from './lab-io.js';
import { withNode } from './lab-io.js';

/** The one node that says role:master once the lab has settled, or why there is not exactly one. */
export async function findFinalMaster(io: LabIo, topology: Topology): Promise<{ node: LabNode } | { error: string }> {
  const masters = (await io.probe(topology, redisNodes(topology))).filter((s) => s.role === 'master');
  if (masters.length !== 1)
    return { error: `no single master to judge the writes on (${masters.map((m) => m.name).join(', ') || 'none'})` };
  return { node: topology.nodes.find((n) => n.name === masters[0]!.name)! };
}

/** What `node` holds for each key (null: missing), read in batches of MGET. */
export async function readKeys(io: LabIo, topology: Topology, node: LabNode, keys: readonly string[]): Promise<Map<string, string | null>> {
  const stored = new Map<string, string | null>();
  await withNode(io, topology, node, 5000, async (client) => {
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      const values = (await client.call('MGET', ...batch)) as (string | null)[];
      batch.forEach((key, j) => stored.set(key, values[j] ?? null));
    }
  });
  return stored;
}
