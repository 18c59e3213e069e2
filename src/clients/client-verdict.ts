// Pure: what one client went through, judged from the attempts its driver reported. The questions application
// teams ask: did it come back (and when), or is it stuck; how long was it out; which acknowledged writes were
// lost; which were acknowledged by a node that was not master at that moment; what errors did it see.
import type { DriverAttempt } from './driver-protocol.js';
import type { DriverRun } from './run-driver.js';

export type ErrorKind = 'readonly' | 'timeout' | 'connection' | 'other';

/** The classes of error a failover causes, from the library's own text (each library words them its own way). */
export function errorKind(text: string): ErrorKind {
  if (/READONLY|read[ -]only replica|ReadOnlyError/i.test(text)) return 'readonly';
  if (/time[d ]?\s?out|ETIMEDOUT/i.test(text)) return 'timeout';
  // Reaching the server, or finding out which one is master (a sentinel that has none to name).
  const connection =
    /ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|connect|closed|socket|sentinel|no master|MasterNotFound|MASTERDOWN|LOADING|UNBLOCKED|max retries/i;
  if (connection.test(text)) return 'connection';
  return 'other';
}

export interface ClientVerdictInput {
  run: DriverRun;
  /** When the first fault hit (epoch ms); before it, failures are not the failover's. */
  faultAt: number;
  /** When the driver was stopped: a client still failing then is stuck. */
  endedAt: number;
  /** What the final master holds for each key the client wrote (null: missing). */
  stored: ReadonlyMap<string, string | null>;
  /** Whether the server at `host:port` was the master at time t; undefined when the lab cannot tell. */
  wasMaster: (server: string, t: number) => boolean | undefined;
  /** When the master changed after the fault (a failover happened), if it did. */
  switchedAt?: number;
}

export interface ClientVerdict {
  client: string;
  library?: string;
  version?: string;
  profile?: string;
  /**
   * recovered: after the failover it wrote to the new master (without one: it failed, then wrote again);
   * stuck: it never did before the end; unaffected: no failover, no failure; broken: the driver itself failed.
   */
  status: 'recovered' | 'stuck' | 'unaffected' | 'broken';
  /** From the fault to the end of its first acknowledged write on a master after it started failing. */
  recoveredAfterMs: number | null;
  /** The longest stretch without an operation acknowledged by the master, from the end of one to the end of the next (or the end). */
  longestOutageMs: number;
  /** For a stuck client: the last error it saw, and how long it had been failing when the run ended. */
  stuck?: { lastError: string; failingForMs: number };
  attempts: number;
  acknowledged: number;
  failed: number;
  /** Acknowledged writes the final master does not hold (with that value). */
  lost: DriverAttempt[];
  /** Acknowledged writes whose server was not the master when it acknowledged them (a demoted or cut-off master). */
  ackedByNonMaster: DriverAttempt[];
  errors: Record<ErrorKind, number>;
  /** The first error text of each kind, as the library worded it. */
  errorSamples: Partial<Record<ErrorKind, string>>;
  /** Acknowledged reads that did not return the value this client last wrote to that key. */
  staleReads: number;
  problems: string[];
}

export function judgeClient(input: ClientVerdictInput): ClientVerdict {
  const { run, faultAt, endedAt } = input;
  const attempts = run.attempts;
  const ended = (a: DriverAttempt) => a.t + a.ms;
  const acknowledged = attempts.filter((a) => a.ok);
  // A write is judged at the moment it was acknowledged: one sent to the old master that waited out the
  // failover in the library's queue and landed on the new one is a write on the master.
  const onMaster = (a: DriverAttempt) => input.wasMaster(a.server!, ended(a));
  const firstFailure = attempts.find((a) => !a.ok && a.t >= faultAt);
  const { switchedAt } = input;
  // After a failover, recovering means writing to the new master (a library that does not say its server: any
  // write begun after the switch); without one, succeeding again after failing.
  const recovery =
    switchedAt !== undefined
      ? writesOk().find((a) => (a.server ? onMaster(a) === true && ended(a) >= switchedAt : a.t >= switchedAt))
      : firstFailure
        ? writesOk().find((a) => a.t > firstFailure.t && (!a.server || onMaster(a) !== false))
        : undefined;
  function writesOk() {
    return attempts.filter((a) => a.ok && a.op === 'write');
  }
  const status: ClientVerdict['status'] =
    run.problems.length > 0 && run.ended !== 'killed' && attempts.length === 0
      ? 'broken'
      : recovery
        ? 'recovered'
        : switchedAt !== undefined || firstFailure
          ? 'stuck'
          : 'unaffected';

  const errors: Record<ErrorKind, number> = { readonly: 0, timeout: 0, connection: 0, other: 0 };
  const errorSamples: Partial<Record<ErrorKind, string>> = {};
  for (const a of attempts) {
    if (a.ok) continue;
    const kind = errorKind(a.error ?? '');
    errors[kind]++;
    errorSamples[kind] ??= a.error;
  }
  const failingSince = Math.min(firstFailure?.t ?? Infinity, switchedAt ?? Infinity);

  const writes = acknowledged.filter((a) => a.op === 'write');
  const lastFailure = [...attempts].reverse().find((a) => !a.ok);
  return {
    client: run.name,
    library: run.hello?.library,
    version: run.hello?.version,
    profile: run.hello?.profile,
    status,
    recoveredAfterMs: recovery ? ended(recovery) - faultAt : null,
    // A write a non-master acknowledged is not service: the application's data went where it will be lost.
    longestOutageMs: longestGap(
      acknowledged.filter((a) => !(a.server && onMaster(a) === false)).map(ended),
      attempts.length > 0 ? attempts[0]!.t : faultAt,
      endedAt,
    ),
    ...(status === 'stuck'
      ? {
          stuck: {
            lastError: lastFailure?.error ?? 'none: its attempts succeeded, but never on the new master',
            failingForMs: endedAt - failingSince,
          },
        }
      : {}),
    attempts: attempts.length,
    acknowledged: acknowledged.length,
    failed: attempts.length - acknowledged.length,
    lost: writes.filter((a) => input.stored.get(a.key) !== a.value),
    ackedByNonMaster: writes.filter((a) => a.server !== undefined && onMaster(a) === false),
    errors,
    errorSamples,
    staleReads: countStaleReads(acknowledged),
    problems: run.problems,
  };
}

/** Reads that missed what this client had acknowledged writing to that key before the read started. */
function countStaleReads(acknowledged: DriverAttempt[]): number {
  const written = new Map<string, string | null | undefined>();
  let stale = 0;
  for (const a of [...acknowledged].sort((x, y) => x.t - y.t)) {
    if (a.op === 'write') written.set(a.key, a.value);
    else if (a.op === 'read' && written.has(a.key) && written.get(a.key) !== a.value) stale++;
  }
  return stale;
}

/** The longest time between successive successes, counting from the start and up to the end. */
function longestGap(successEnds: number[], start: number, end: number): number {
  let longest = 0;
  let previous = start;
  for (const at of [...successEnds].sort((a, b) => a - b)) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return Math.max(longest, end - previous);
}
