import { describeDown, down } from '../../lab/down.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

export async function runDown(options: { name?: string }, deps: CliDeps): Promise<number> {
  const name = parseLabName(options.name);
  const result = await down(name, { runtimes: deps.runtimes, store: deps.store });
  deps.stdout.write(describeDown(result) + '\n');
  return 0;
}
