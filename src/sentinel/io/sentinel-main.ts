// The fast way into the engine: `redis-ha-lab sentinel <conf> [--timing fast|redis] [--explain]` starts here
// without loading the rest of the CLI (Docker client, progress renderer...), so an engine answers its first PING
// sooner. `--help` still goes through the full CLI.

import { ExitCode } from '../../common/errors.js';
import { SentinelConfigError, SentinelConfigFileError } from '../config/sentinel-config-error.js';
import { runEngine } from './run-engine.js';

export async function sentinelMain(args: string[]): Promise<void> {
  const config = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--timing');
  const timingIndex = args.indexOf('--timing');
  const timing = timingIndex >= 0 ? args[timingIndex + 1] : 'fast';
  if (!config || (timing !== 'fast' && timing !== 'redis')) {
    process.stderr.write('usage: redis-ha-lab sentinel <sentinel.conf> [--timing fast|redis] [--explain] [--lab-faults]\n');
    process.exit(ExitCode.usage);
  }
  let running;
  try {
    running = await runEngine({
      configPath: config,
      timing,
      explain: args.includes('--explain'),
      labFaults: args.includes('--lab-faults'),
    });
  } catch (error) {
    // What redis-sentinel prints for a bad file, on stderr, exit 1.
    if (error instanceof SentinelConfigError) process.stderr.write(`\n${error.message}\n`);
    else if (error instanceof SentinelConfigFileError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`Could not start the sentinel engine: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const stop = (): void => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.exit(await running.exited);
}
