import type { Emit, StepEvent } from '../common/step-events.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import type { RestoreRecord } from './run-record.js';

/**
 * What a scenario run reports while it runs, in order: the lab it uses (notes, and the events of `up` when it
 * boots one), run-started, the steps (StepEvent, with fault marks), restore, and the verdict. The runner records
 * its timeline from these; renderers subscribe to draw progress.
 */
export type RunEvent =
  | StepEvent
  | { type: 'run-started'; at: number; scenario: string; lab: string; runtime: RuntimeKind; bootedLab: boolean }
  /** A fault step (kill, partition, DEBUG SLEEP, ...) is about to break the lab; waits count from here. */
  | { type: 'fault'; at: number; index: number }
  | { type: 'restore-started'; at: number }
  | { type: 'restore-finished'; at: number; restore: RestoreRecord }
  | { type: 'verdict'; at: number; scenario: string; passed: boolean; interrupted: boolean };

export type EmitRunEvent = Emit<RunEvent>;
