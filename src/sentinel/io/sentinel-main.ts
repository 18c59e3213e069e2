// The fast way into the engine: `redis-ha-lab sentinel <conf> [--timing adaptive|fast|redis] [--explain]` starts here
// without loading the rest of the CLI (Docker client, progress renderer...), so an engine answers its first PING
// sooner. `--help` still goes through the full CLI.

import { ExitCode } from '../../common/errors.js';
import { SentinelConfigError, SentinelConfigFileError } from '../config/sentinel-config-error.js';
import { COMPAT_IDS, DEFAULT_COMPAT, isCompatId, compatProfile } from '../compat/compat-profile.js';
import { DEFAULT_TIMING_PROFILE, TIMING_PROFILES, type TimingProfileName } from '../constants.js';
import { runEngine } from './run-engine.js';

export async function sentinelMain(args: string[]): Promise<void> {
  const valued = new Set(['--timing', '--compat']);
  const config = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  const valueOf = (flag: string, fallback: string): string | undefined => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const timing = valueOf('--timing', DEFAULT_TIMING_PROFILE);
  const compat = valueOf('--compat', DEFAULT_COMPAT);
  if (compat === undefined || !isCompatId(compat)) {
    process.stderr.write(`redis-ha-lab sentinel: --compat wants one of ${COMPAT_IDS.join(', ')}, got '${compat ?? ''}'\n`);
    process.exit(ExitCode.usage);
  }
  if (!config || timing === undefined || !(timing in TIMING_PROFILES)) {
    process.stderr.write(
      `usage: redis-ha-lab sentinel <sentinel.conf> [--timing ${Object.keys(TIMING_PROFILES).join('|')}] [--compat ${COMPAT_IDS.join('|')}] [--explain] [--lab-faults]\n`,
    );
    process.exit(ExitCode.usage);
  }
  let running;
  try {
    running = await runEngine({
      configPath: config,
      timing: timing as TimingProfileName,
      explain: args.includes('--explain'),
      labFaults: args.includes('--lab-faults'),
      compat: compatProfile(compat),
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
