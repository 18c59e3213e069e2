import type { Clock } from './clock.js';
import { describeError } from './errors.js';
import type { Emit, StepEvent } from './step-events.js';

/** One step of a list that stops at the first failure (the phases of `up`). */
export interface ListStep {
  title: string;
  run(output: (line: string) => void): Promise<void>;
}

/**
 * Runs steps one after the other and reports each as events. The first failure ends the list: the steps after
 * it are reported skipped and the error is rethrown unchanged, so its exit code survives. An aborted signal is
 * checked before each step: the rest are reported skipped.
 */
export async function runStepList(steps: ListStep[], deps: { emit: Emit<StepEvent>; clock: Clock; signal?: AbortSignal }): Promise<void> {
  const { emit, clock } = deps;
  emit({ type: 'steps', titles: steps.map((s) => s.title) });
  for (const [i, step] of steps.entries()) {
    const index = i + 1;
    const skipFrom = (first: number, reason: string) => {
      for (let later = first; later <= steps.length; later++) emit({ type: 'step-skipped', index: later, reason });
    };
    if (deps.signal?.aborted) {
      skipFrom(index, 'interrupted');
      throw deps.signal.reason;
    }
    try {
      emit({ type: 'step-started', index, at: clock.now() });
      let last = '';
      await step.run((line) => {
        // Repeated lines say nothing new (a wait that polls reports the same finding many times).
        if (line !== last) emit({ type: 'step-output', index, line: (last = line) });
      });
      emit({ type: 'step-finished', index, at: clock.now(), status: 'done' });
    } catch (error) {
      emit({ type: 'step-failed', index, at: clock.now(), status: 'error', message: describeError(error).split('\n')[0]! });
      skipFrom(index + 1, 'an earlier step failed');
      throw error;
    }
  }
}
