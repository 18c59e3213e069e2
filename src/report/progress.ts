import { isStepEvent } from '../common/step-events.js';
import { listrRenderer } from './listr-renderer.js';
import { plainRenderer } from './plain-renderer.js';
import type { StepRenderer } from './step-renderer.js';

/** How progress is drawn: a live list on a terminal, plain lines in CI or a pipe, nothing for --json and tests. */
export type ProgressMode = 'live' | 'plain' | 'silent';

export function progressModeFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, quiet = false): ProgressMode {
  if (quiet) return 'silent';
  return stream.isTTY && !env.CI ? 'live' : 'plain';
}

/** Draws what work reports. It only listens: the work runs the same whether anything is drawn or not. */
export interface ProgressRenderer {
  /** Takes any event of the work; those that are not step events are ignored. */
  emit(event: { type: string }): void;
  /** Waits until everything is drawn. */
  close(): Promise<void>;
}

/**
 * The renderer for a mode, writing to `stream` (stderr, so stdout stays free for results). `notes` are the
 * messages for people beside the list ("booted lab X"); --quiet turns them off with the list.
 */
export function createProgressRenderer(options: { mode: ProgressMode; stream: NodeJS.WritableStream; notes: boolean }): ProgressRenderer {
  const { stream } = options;
  const renderer: StepRenderer | undefined = // Live mode is only chosen for a terminal (progressModeFor), which is a tty.WriteStream.
    options.mode === 'live' ? listrRenderer(stream as NodeJS.WriteStream) : options.mode === 'plain' ? plainRenderer(stream) : undefined;
  return {
    emit(event) {
      if (!isStepEvent(event)) return;
      if (event.type === 'note') {
        if (options.notes) stream.write(`${event.message}\n`);
        return;
      }
      renderer?.draw(event);
    },
    close: () => renderer?.close() ?? Promise.resolve(),
  };
}
