import { describeError, UserError } from '../common/errors.js';
import type { EmitRunEvent } from './run-events.js';
import type { StepRecord } from './run-record.js';
import type { ScenarioStep } from './scenario.js';
import type { StepContext } from './step-kind.js';
import { StepError } from './step-kind.js';

/** A record per step, all 'skipped' until they run. */
export function stepRecords(steps: ScenarioStep[]): StepRecord[] {
  return steps.map((step) => ({
    index: step.index,
    line: step.line,
    kind: step.kind.kind,
    category: step.kind.category,
    title: step.title,
    status: 'skipped',
  }));
}

/**
 * Runs the steps in order, filling their records and reporting each as events. A failed fault, action or wait,
 * or a step that could not do its work, stops the run (the rest are reported skipped); a failed assertion does
 * not, so every check is reported. `current` tells the caller which step runs now (for fault marks).
 */
export async function runSteps(
  steps: ScenarioStep[],
  records: StepRecord[],
  ctx: StepContext,
  emit: EmitRunEvent,
  current: { index: number } = { index: 0 },
): Promise<void> {
  emit({ type: 'steps', titles: steps.map((s) => s.title) });
  let stopped: string | undefined;
  for (const [i, step] of steps.entries()) {
    const record = records[i]!;
    if (stopped === undefined && ctx.signal.aborted) stopped = 'interrupted';
    if (stopped !== undefined) {
      emit({ type: 'step-skipped', index: step.index, reason: stopped });
      continue;
    }
    if (step.skip !== undefined) {
      record.detail = step.skip;
      record.notApplicable = true;
      emit({ type: 'step-skipped', index: step.index, reason: step.skip });
      continue;
    }
    current.index = step.index;
    record.startedAt = ctx.clock.now();
    emit({ type: 'step-started', index: step.index, at: record.startedAt });
    await runStep(step, ctx, record);
    record.endedAt = ctx.clock.now();
    if (record.status === 'passed' || record.status === 'done') {
      emit({
        type: 'step-finished',
        index: step.index,
        at: record.endedAt,
        status: record.status,
        ...(record.detail ? { detail: record.detail } : {}),
      });
    } else if (record.status === 'failed') {
      emit({
        type: 'step-failed',
        index: step.index,
        at: record.endedAt,
        status: 'failed',
        message: `expected ${record.expected}; seen ${record.seen}`,
        expected: record.expected,
        seen: record.seen,
      });
    } else {
      emit({ type: 'step-failed', index: step.index, at: record.endedAt, status: 'error', message: record.error ?? 'error' });
    }
    const assertionFailed = record.status === 'failed' && step.kind.category === 'assert';
    if (record.status === 'error' || (record.status === 'failed' && !assertionFailed))
      stopped = ctx.signal.aborted ? 'interrupted' : 'an earlier step did not pass';
  }
}

/** Runs one step and fills its record: its outcome, or why it could not run. */
async function runStep(step: ScenarioStep, ctx: StepContext, record: StepRecord): Promise<void> {
  try {
    ctx.signal.throwIfAborted();
    const outcome = await step.kind.run(step.args, ctx);
    record.status = outcome.status;
    if (outcome.status === 'failed') {
      record.expected = outcome.expected;
      record.seen = outcome.seen;
    } else {
      record.detail = outcome.detail;
    }
  } catch (error) {
    record.status = 'error';
    record.error = ctx.signal.aborted ? 'interrupted' : describeError(error);
    // A StepError or UserError is the step saying why it cannot go on; anything else is a bug worth flagging.
    if (!(error instanceof StepError) && !(error instanceof UserError) && !ctx.signal.aborted) record.error = `unexpected: ${record.error}`;
  }
}
