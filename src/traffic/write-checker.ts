import type { WriteAttempt } from './write-attempt.js';

/** The fate of every write once the lab has settled, judged on the final master. */
export interface WriteCheck {
  attempted: number;
  acknowledged: number;
  /** Acknowledged and still there with the value written. */
  present: number;
  /** Acknowledged, then gone: what an application was told was safe and was not. */
  lost: WriteAttempt[];
  failed: number;
  /** Failed as far as the client knew, yet present: fine, the client could not know (e.g. a timeout). */
  indeterminate: number;
}

/**
 * Pure: classifies each attempt against what the final master holds (`stored`: key → value, null when
 * missing). A key overwritten with another value counts as lost too.
 */
export function checkWrites(attempts: WriteAttempt[], stored: Map<string, string | null>): WriteCheck {
  const acknowledged = attempts.filter((a) => a.ok);
  const lost = acknowledged.filter((a) => stored.get(a.key) !== a.value);
  const failed = attempts.filter((a) => !a.ok);
  return {
    attempted: attempts.length,
    acknowledged: acknowledged.length,
    present: acknowledged.length - lost.length,
    lost,
    failed: failed.length,
    indeterminate: failed.filter((a) => stored.get(a.key) === a.value).length,
  };
}
