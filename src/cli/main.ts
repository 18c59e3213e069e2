import { CommanderError } from 'commander';
import { ExitCode, UserError } from '../common/errors.js';
import type { CliDeps } from './cli-deps.js';
import { defaultDeps } from './cli-deps.js';
import { buildProgram } from './program.js';

/**
 * The only place that exits: a UserError prints its message and exits with its code; anything else is a bug
 * and prints its stack. The first Ctrl-C asks the running command to stop and clean up; a second one exits.
 */
export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  // `redis-ha-lab ... | head`: the reader went away; stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(ExitCode.ok);
      throw error;
    });
  }
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts === 1) {
      // `watch` and `sentinel` end on Ctrl-C as their normal way out: nothing to say then.
      if (argv[2] !== 'watch' && argv[2] !== 'sentinel')
        process.stderr.write('\ninterrupted: cleaning up (Ctrl-C again to exit at once)\n');
      controller.abort(new Error('interrupted'));
    } else {
      process.exit(ExitCode.interrupted);
    }
  });
  process.on('SIGTERM', () => controller.abort(new Error('terminated')));

  const exitCode = await runProgram(argv, defaultDeps(controller.signal));
  // Leave even if a socket or timer is still open, but only once stdout and stderr are flushed: writes to a
  // pipe are asynchronous, and exiting earlier would cut a large --json report short.
  process.exitCode = exitCode;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(exitCode);
}

/**
 * Runs one command line against the given dependencies and returns its exit code, having printed what it has to
 * say; it never exits. main() passes the real world; tests pass a fake lab.
 */
export async function runProgram(argv: string[], deps: CliDeps): Promise<number> {
  let exitCode: number = ExitCode.ok;
  try {
    await buildProgram(deps, (code) => (exitCode = code)).parseAsync(argv);
  } catch (error) {
    exitCode = exitCodeFor(error, deps.stderr);
  }
  return exitCode;
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}

function exitCodeFor(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end with code 0.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UserError) {
    stderr.write(`redis-ha-lab: ${error.message}\n`);
    return error.exitCode;
  }
  stderr.write(`redis-ha-lab: internal error (please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
  return ExitCode.internal;
}
