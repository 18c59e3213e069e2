import { describeDown, down } from '../../lab/down.js';
import { parseRuntimeChoice } from '../../runtime/select-runtime.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

/**
 * Removes a lab wherever its record says it runs. --runtime names where to look when there is no record (a lab
 * started from the rendered compose file); when it disagrees with the record, the record wins and down says so.
 */
export async function runDown(options: { name?: string; runtime?: string }, deps: CliDeps): Promise<number> {
  const name = parseLabName(options.name);
  const choice = parseRuntimeChoice(options.runtime);
  const record = await deps.store.read(name);
  if (record && choice !== 'auto' && choice !== record.runtime) {
    deps.stderr.write(
      `lab '${name}' was booted on ${record.runtime}, not ${choice} (its record says so): removing it from ${record.runtime}\n`,
    );
  }
  const result = await down(name, { runtimes: deps.runtimes, store: deps.store, ...(choice !== 'auto' ? { runtime: choice } : {}) });
  deps.stdout.write(describeDown(result) + '\n');
  return 0;
}
