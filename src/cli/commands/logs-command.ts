import { usageError } from '../../common/errors.js';
import { readLab } from '../../lab/status.js';
import { probeLab } from '../../observe/node-status.js';
import { runtimeOf } from '../../runtime/select-runtime.js';
import { checkSelector, resolveSelector } from '../../scenario/node-selector.js';
import { parseLabName } from '../../topology/lab-options.js';
import { redisNodes } from '../../topology/topology.js';
import type { CliDeps } from '../cli-deps.js';

/** Prints the last lines a node logged, on Docker (container logs) and on the local runtime (its log file). */
export async function runLogs(nodeName: string, options: { name?: string; lines?: string }, deps: CliDeps): Promise<number> {
  const record = await readLab(parseLabName(options.name), deps.store);
  const lines = Number(options.lines ?? 100);
  if (!Number.isInteger(lines) || lines < 1) throw usageError(`--lines '${options.lines}' is not allowed: use a whole number of lines, 1 or more`);
  const topology = record.topology;
  const problem = checkSelector(nodeName, topology, new Set(), { group: false });
  if (problem) throw usageError(problem.replace(/, a role \(.*?\)/, ", or master / replica / sentinel"));
  const statuses = await probeLab(topology, redisNodes(topology));
  const resolution = resolveSelector(nodeName, {
    topology,
    roles: new Map(statuses.map((s) => [s.name, s.role as 'master' | 'replica' | 'down'])),
    aliases: new Map(),
  });
  if ('error' in resolution) throw usageError(resolution.error);
  const node = resolution.nodes[0]!;
  deps.stdout.write(await runtimeOf(record.runtime, deps.runtimes).logs(topology, node, lines));
  return 0;
}
