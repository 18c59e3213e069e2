import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } from 'listr2';

/** How long work is shown: a live list on a terminal, plain lines in CI or a pipe, nothing in tests. */
export type ProgressMode = 'live' | 'plain' | 'silent';

export function progressModeFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env, quiet = false): ProgressMode {
  if (quiet) return 'silent';
  return stream.isTTY && !env.CI ? 'live' : 'plain';
}

export interface ProgressStep {
  title: string;
  /** Skipped (and shown as skipped) when this returns a reason. */
  skip?: () => string | false;
  run(step: { output(line: string): void; title(text: string): void }): Promise<void>;
}

/**
 * Runs steps one after the other with listr2, on stderr so stdout stays free for results (a table, JSON).
 * The first failure stops the list and is rethrown unchanged, so its exit code survives; with
 * continueAfterFailure the list goes on and shows each failed step (the caller keeps the outcomes).
 */
export async function runProgress(steps: ProgressStep[], mode: ProgressMode, options: { continueAfterFailure?: boolean } = {}): Promise<void> {
  // listr2 prints a failed step's message beside it and the CLI prints the whole error at the end: listr2 gets
  // only its first line, and the original error (with its exit code) is rethrown.
  let failure: unknown;
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      skip: step.skip,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        let last = '';
        await step
          .run({
          // The plain renderer prints every update: repeat nothing.
          output: (line) => {
            if (line !== last) task.output = last = line;
          },
          title: (text) => {
            task.title = text;
          },
        })
          .catch((error: unknown) => {
            failure = error;
            throw new Error(String((error as Error)?.message ?? error).split('\n')[0]);
          });
      },
    })),
    {
      concurrent: false,
      exitOnError: !options.continueAfterFailure,
      registerSignalListeners: false,
      renderer: mode === 'live' ? 'default' : mode === 'plain' ? 'simple' : 'silent',
      rendererOptions: { collapseErrors: false, timer: PRESET_TIMER, logger: progressLogger() },
    },
  );
  try {
    await list.run();
  } catch (error) {
    throw failure ?? error;
  }
}

/** listr2 writes to stdout by default; a logger whose "stdout" is stderr keeps stdout for results. */
function progressLogger(): ListrLogger {
  return new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(process.stderr, process.stderr) });
}
