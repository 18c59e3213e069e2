import chalk from 'chalk';
import type { RawLabOptions } from '../../topology/lab-options.js';
import { parseLabOptions } from '../../topology/lab-options.js';
import { up } from '../../lab/up.js';
import { summarizeStatus } from '../../observe/lab-status.js';
import { createProgressRenderer, progressModeFor } from '../../report/progress.js';
import { formatStatusTable } from '../../report/status-table.js';
import { chooseRuntime, parseRuntimeChoice } from '../../runtime/select-runtime.js';
import type { CliDeps } from '../cli-deps.js';

export interface UpCommandOptions extends RawLabOptions {
  quiet?: boolean;
  runtime?: string;
}

export async function runUp(options: UpCommandOptions, deps: CliDeps): Promise<number> {
  const labOptions = parseLabOptions(options, deps.env);
  const runtime = await chooseRuntime(parseRuntimeChoice(options.runtime), deps.runtimes, labOptions.programs);
  const renderer = createProgressRenderer({
    mode: progressModeFor(deps.stderr, deps.env, options.quiet),
    stream: deps.stderr,
    notes: true,
  });
  const result = await up(labOptions, { ...deps, runtime, emit: (e) => renderer.emit(e) }).finally(() => renderer.close());
  const status = summarizeStatus(result.topology, runtime.kind, result.statuses);
  deps.stdout.write(formatStatusTable(status, result.topology) + '\n');
  deps.stdout.write(
    chalk.dim(
      `ready in ${(result.bootMs / 1000).toFixed(1)} s · files in ${result.labDir} · remove with: redis-ha-lab down${nameFlag(result.topology.name)}`,
    ) + '\n',
  );
  return 0;
}

export function nameFlag(name: string): string {
  return name === 'redis-ha-lab' ? '' : ` --name ${name}`;
}
