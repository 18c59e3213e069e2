import { ExitCode, UserError } from '../../common/errors.js';
import { SentinelConfigError, SentinelConfigFileError } from '../../sentinel/config/sentinel-config-error.js';
import { runEngine } from '../../sentinel/io/run-engine.js';
import type { CliDeps } from '../cli-deps.js';

export interface SentinelCommandOptions {
  config: string;
  timing: 'fast' | 'redis';
  explain: boolean;
}

/**
 * Runs the embedded sentinel engine in the foreground until SIGTERM/SIGINT or SHUTDOWN, like
 * `redis-sentinel <sentinel.conf>`. A config error prints Redis's "FATAL CONFIG FILE ERROR" text and exits 1.
 */
export async function runSentinel(options: SentinelCommandOptions, deps: CliDeps): Promise<number> {
  let running;
  try {
    running = await runEngine({ configPath: options.config, timing: options.timing, explain: options.explain });
  } catch (error) {
    if (error instanceof SentinelConfigError || error instanceof SentinelConfigFileError) throw new UserError(error.message, ExitCode.failed);
    if (isListenError(error)) throw new UserError(`Could not create server TCP listening socket: ${String((error as Error).message)}`, ExitCode.failed);
    throw error;
  }
  const stopped = new Promise<number>((resolve) => {
    deps.signal.addEventListener('abort', () => void running.stop().then(() => resolve(ExitCode.ok)), { once: true });
  });
  return Promise.race([stopped, running.exited]);
}

function isListenError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
}
