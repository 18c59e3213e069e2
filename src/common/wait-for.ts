import type { Clock } from './clock.js';

export interface WaitOptions {
  clock: Clock;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export type WaitResult<T> = { done: true; value: T } | { done: false; pending: string[] };

export type WaitOutcome<T> = { ok: true; value: T; elapsedMs: number } | { ok: false; pending: string[]; elapsedMs: number };

/**
 * Polls `check` until it reports done or the timeout passes. `check` returns what is still pending, so a
 * timeout can say exactly which conditions were never met instead of a bare "timed out".
 */
export async function waitFor<T>(check: () => Promise<WaitResult<T>>, options: WaitOptions): Promise<WaitOutcome<T>> {
  const start = options.clock.now();
  for (;;) {
    options.signal?.throwIfAborted();
    const result = await check();
    const elapsedMs = options.clock.now() - start;
    if (result.done) return { ok: true, value: result.value, elapsedMs };
    if (elapsedMs >= options.timeoutMs) return { ok: false, pending: result.pending, elapsedMs };
    await options.clock.sleep(options.intervalMs, options.signal);
  }
}
