import { describeError } from '../../src/common/errors.js';

/**
 * What a node says, or how a connection ends, while a failover is under way: a sentinel's CLIENT KILL resets
 * connections of a master it converts, a restarted replica answers LOADING, a demoted master READONLY, a killed
 * one refuses. A poll that meets one of these has simply not seen its condition yet.
 */
const transient = [
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /Connection (is closed|reset by peer|refused)/i,
  /Could not connect to Redis/i,
  /Server closed the connection/i,
  /\bLOADING\b/,
  /\bREADONLY\b/,
  /\bMASTERDOWN\b/,
  /\bTRYAGAIN\b/,
  /timed? ?out/i,
  // ioredis gives up a command after maxRetriesPerRequest reconnections, while there is no master to take it.
  /max retries per request/i,
];

export function isTransientError(error: unknown): boolean {
  const text = `${describeError(error)} ${(error as { stderr?: unknown })?.stderr ?? ''} ${(error as { stdout?: unknown })?.stdout ?? ''}`;
  return transient.some((pattern) => pattern.test(text));
}

/**
 * Polls until `probe` returns something other than undefined, and returns it. Errors a failover causes
 * (isTransientError) count as "not yet"; any other error fails at once. On timeout the error names what was
 * awaited, what the probe last returned or threw, and how long it waited.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  let last: string;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'the condition did not hold';
    } catch (error) {
      if (!isTransientError(error)) throw error;
      last = `a transient error: ${describeError(error).split('\n')[0]}`;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
