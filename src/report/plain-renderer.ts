import type { StepEvent } from '../common/step-events.js';
import type { StepRenderer } from './step-renderer.js';
import { formatStepDuration } from './step-renderer.js';

/**
 * One line per change, no colour and no redrawing, for CI logs and pipes; the same marks as listr2's list
 * (❯ started, › output, ✔ done, ✖ failed, ↓ skipped), so a log reads like the terminal did.
 */
export function plainRenderer(stream: NodeJS.WritableStream): StepRenderer {
  let titles: string[] = [];
  const startedAt = new Map<number, number>();
  const write = (line: string) => void stream.write(`${line}\n`);
  const title = (index: number) => titles[index - 1] ?? `step ${index}`;
  return {
    draw(event: StepEvent) {
      switch (event.type) {
        case 'steps':
          titles = event.titles;
          startedAt.clear();
          return;
        case 'step-started':
          startedAt.set(event.index, event.at);
          return write(`❯ ${title(event.index)}`);
        case 'step-output':
          return write(`› ${event.line}`);
        case 'step-finished':
          return write(`✔ ${title(event.index)} [${formatStepDuration(event.at - (startedAt.get(event.index) ?? event.at))}]`);
        case 'step-failed':
          return write(`✖ ${title(event.index)} [FAILED: ${event.message.split('\n')[0]}]`);
        case 'step-skipped':
          return write(`↓ ${title(event.index)} [SKIPPED: ${event.reason}]`);
        case 'note':
          return;
      }
    },
    close: () => Promise.resolve(),
  };
}
