import { usageError } from '../../common/errors.js';
import { findNode } from '../../lab/find-node.js';
import { readLab } from '../../lab/status.js';
import { runtimeOf } from '../../runtime/select-runtime.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

/** Prints the last lines a node logged, on Docker (container logs) and on the local runtime (its log file). */
export async function runLogs(nodeName: string, options: { name?: string; lines?: string }, deps: CliDeps): Promise<number> {
  const record = await readLab(parseLabName(options.name), deps.store);
  const lines = Number(options.lines ?? 100);
  if (!Number.isInteger(lines) || lines < 1)
    throw usageError(`--lines '${options.lines}' is not allowed: use a whole number of lines, 1 or more`);
  const node = await findNode(record.topology, nodeName, deps.io);
  deps.stdout.write(await runtimeOf(record.runtime, deps.runtimes).logs(record.topology, node, lines));
  return 0;
}
