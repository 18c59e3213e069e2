import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } from 'listr2';
import type { StepEvent } from '../common/step-events.js';
import type { StepRenderer } from './step-renderer.js';

type Outcome = { kind: 'finished' } | { kind: 'failed'; message: string } | { kind: 'skipped'; reason: string };

/** What the listr task of one step waits for: its start (or a skip before it), output lines, its end. */
interface StepView {
  begin: Promise<'started' | Outcome>;
  end: Promise<Outcome>;
  start(): void;
  settle(outcome: Outcome): void;
  output: (line: string) => void;
}

function stepView(): StepView {
  let start!: (value: 'started' | Outcome) => void;
  let settle!: (outcome: Outcome) => void;
  const begin = new Promise<'started' | Outcome>((resolve) => (start = resolve));
  const end = new Promise<Outcome>((resolve) => (settle = resolve));
  return {
    begin,
    end,
    start: () => start('started'),
    settle: (outcome) => {
      start(outcome); // a step skipped before it started
      settle(outcome);
    },
    output: () => undefined,
  };
}

/**
 * listr2's live list on a terminal, drawn from events: each listr task only waits for its step's events and
 * shows them (listr marks a failed task by the task throwing, so the task throws the step's message). The
 * work itself runs elsewhere and never waits for the drawing.
 */
export function listrRenderer(stream: NodeJS.WriteStream): StepRenderer {
  let views: StepView[] = [];
  let drawing: Promise<void> = Promise.resolve();

  const settleAll = () => views.forEach((v) => v.settle({ kind: 'skipped', reason: 'not run' }));
  const startList = (titles: string[]) => {
    settleAll(); // a new list (the scenario's steps after up's phases) closes the one before
    const listViews = titles.map(() => stepView());
    views = listViews;
    const logger = new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(stream, stream) });
    const list = new Listr(
      titles.map((title, i) => ({
        title,
        task: async (_ctx: unknown, task: { output: string; skip(message?: string): void }) => {
          const view = listViews[i]!;
          view.output = (line) => void (task.output = line);
          const first = await view.begin;
          const outcome = first === 'started' ? await view.end : first;
          if (outcome.kind === 'skipped') task.skip(outcome.reason);
          if (outcome.kind === 'failed') throw new Error(outcome.message);
        },
      })),
      {
        concurrent: false,
        exitOnError: false,
        registerSignalListeners: false,
        renderer: 'default',
        rendererOptions: { collapseErrors: false, timer: PRESET_TIMER, logger },
        // listr falls back to its line renderer where the stream is no terminal: same stream, same timer.
        fallbackRendererOptions: { timer: PRESET_TIMER, logger },
      },
    );
    const previous = drawing;
    drawing = previous.then(() =>
      list.run().then(
        () => undefined,
        () => undefined,
      ),
    );
  };

  return {
    draw(event: StepEvent) {
      const view = 'index' in event ? views[event.index - 1] : undefined;
      switch (event.type) {
        case 'steps':
          return startList(event.titles);
        case 'step-started':
          return view?.start();
        case 'step-output':
          return view?.output(event.line);
        case 'step-finished':
          return view?.settle({ kind: 'finished' });
        case 'step-failed':
          return view?.settle({ kind: 'failed', message: event.message.split('\n')[0]! });
        case 'step-skipped':
          return view?.settle({ kind: 'skipped', reason: event.reason });
        case 'note':
          return;
      }
    },
    async close() {
      settleAll();
      await drawing;
    },
  };
}
