import { usageError } from '../../common/errors.js';
import { findNodes } from '../../lab/find-node.js';
import { readLab } from '../../lab/status.js';
import type { NodeFault } from '../../runtime/runtime.js';
import { runtimeOf } from '../../runtime/select-runtime.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

export const nodeActions: NodeFault[] = ['stop', 'kill', 'start', 'restart', 'pause', 'unpause'];

/** One fault by hand, the same on Docker and on the local runtime: `redis-ha-lab node stop master`. */
export async function runNode(action: string, nodeName: string, options: { name?: string }, deps: CliDeps): Promise<number> {
  if (!(nodeActions as string[]).includes(action)) throw usageError(`unknown action '${action}': use ${nodeActions.join(', ')}`);
  const record = await readLab(parseLabName(options.name), deps.store);
  // A group acts on each of its nodes at once: `node kill server-a` is a server dying.
  const nodes = await findNodes(record.topology, nodeName, deps.io, { group: true });
  const runtime = runtimeOf(record.runtime, deps.runtimes, record.topology.programs);
  await runtime.check();
  await Promise.all(nodes.map((node) => runtime.apply(record.topology, node, action as NodeFault)));
  deps.stdout.write(`${action}: ${nodes.map((n) => n.name).join(', ')}\n`);
  return 0;
}
