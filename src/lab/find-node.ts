import { usageError } from '../common/errors.js';
import type { LabIo } from '../observe/lab-io.js';
import { checkSelector, resolveSelector } from '../topology/node-selector.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';

/**
 * One node of a lab for commands such as `cli`, `logs` and `node`: by its name (redis-master, sentinel-2) or by
 * its role now (master, replica, replica#2, sentinel), the way scenarios name nodes.
 */
export async function findNode(topology: Topology, selector: string, io: LabIo): Promise<LabNode> {
  return (await findNodes(topology, selector, io, { group: false }))[0]!;
}

/** The nodes a selector means now; with group, also a group (a server, sentinels, all). */
export async function findNodes(topology: Topology, selector: string, io: LabIo, options: { group: boolean }): Promise<LabNode[]> {
  const problem = checkSelector(selector, topology, new Set(), options);
  if (problem) throw usageError(problem.replace(/, a role \((.*?)\)/, ', or a role ($1)'));
  const statuses = await io.probe(topology, redisNodes(topology));
  const resolution = resolveSelector(selector, {
    topology,
    roles: new Map(statuses.map((s) => [s.name, s.role as 'master' | 'replica' | 'down'])),
    aliases: new Map(),
  });
  if ('error' in resolution) throw usageError(resolution.error);
  return resolution.nodes;
}
