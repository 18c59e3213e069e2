import { findNode } from '../../lab/find-node.js';
import { readLab } from '../../lab/status.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

/**
 * Prints a node's address as "host port": where the other nodes reach it (for REPLICAOF), or with --published
 * where the host reaches it. `redis-ha-lab cli replica-2 REPLICAOF $(redis-ha-lab address replica-1)`.
 */
export async function runAddress(nodeName: string, options: { name?: string; published?: boolean }, deps: CliDeps): Promise<number> {
  const record = await readLab(parseLabName(options.name), deps.store);
  const node = await findNode(record.topology, nodeName, deps.io);
  const address = options.published ? node.published : node.address;
  deps.stdout.write(`${address.host} ${address.port}\n`);
  return 0;
}
