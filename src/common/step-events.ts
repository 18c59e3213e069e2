/**
 * Progress of a list of steps (the phases of `up`, the steps of a scenario) as the work reports it. The work
 * only emits these; renderers (a live list on a terminal, plain lines in CI, nothing for --json) draw them.
 * Steps are numbered from 1 in the order of the `steps` event that announced them.
 */
export type StepEvent =
  /** A new list of steps begins; every step of it ends with exactly one finished, failed or skipped event. */
  | { type: 'steps'; titles: string[] }
  | { type: 'step-started'; index: number; at: number }
  /** A line about what the running step is doing now ("waiting: redis-replica-1 link down"). */
  | { type: 'step-output'; index: number; line: string }
  | { type: 'step-finished'; index: number; at: number; status: 'passed' | 'done'; detail?: string }
  /** failed: a check did not hold (expected / seen); error: the step could not do its work (message). */
  | { type: 'step-failed'; index: number; at: number; status: 'failed' | 'error'; message: string; expected?: string; seen?: string }
  | { type: 'step-skipped'; index: number; reason: string }
  /** A message for people beside the list ("booted lab X for this scenario"). */
  | { type: 'note'; message: string };

/** Where work sends its events. */
export type Emit<E> = (event: E) => void;

/** The terminal events of a step: after one of these, nothing more is said about it. */
export function endsStep(event: StepEvent): event is Extract<StepEvent, { type: 'step-finished' | 'step-failed' | 'step-skipped' }> {
  return event.type === 'step-finished' || event.type === 'step-failed' || event.type === 'step-skipped';
}

const stepEventTypes = new Set(['steps', 'step-started', 'step-output', 'step-finished', 'step-failed', 'step-skipped', 'note']);

/** Picks the step events out of a richer stream (a scenario run also reports faults, restore, verdict). */
export function isStepEvent(event: { type: string }): event is StepEvent {
  return stepEventTypes.has(event.type);
}
