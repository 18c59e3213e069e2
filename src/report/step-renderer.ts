import type { StepEvent } from '../common/step-events.js';

/** Draws step events (lists of steps and their outcomes) on a stream. */
export interface StepRenderer {
  draw(event: StepEvent): void;
  /** Resolves once everything is drawn. */
  close(): Promise<void>;
}

/** A duration as listr2 shows it beside a finished step: 0.3s, 12s, 1m5s. */
export function formatStepDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (seconds === 0) return `0.${Math.floor(Math.max(0, ms) / 100)}s`;
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}
