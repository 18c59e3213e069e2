import type { TimelineEvent } from '../observe/timeline.js';
import type { WriteAttempt } from './write-attempt.js';

/** Milliseconds from the fault to each phase of a failover; null when it did not happen. */
export interface Stopwatch {
  firstSdown: number | null;
  odown: number | null;
  leaderElected: number | null;
  promoted: number | null;
  firstSwitch: number | null;
  allSwitched: number | null;
  newMasterAcceptsWrites: number | null;
  /** Per client: when it succeeded again, and its outage (last success before the fault → first after). */
  clients: Record<
    string,
    {
      recovered: number | null;
      outageMs: number | null;
      lastOkBefore: number | null;
      firstOkAfter: number | null;
      failedAfterFault: boolean;
    }
  >;
}

export const stopwatchPhases = [
  'firstSdown',
  'odown',
  'leaderElected',
  'promoted',
  'firstSwitch',
  'allSwitched',
  'newMasterAcceptsWrites',
] as const;

/**
 * Pure: the failover's phases from the sentinels' events, the role changes and the traffic, measured from the
 * fault. `oldMaster` is the node that was master when the fault hit; `sentinels` how many there are.
 */
export function measureFailover(input: {
  faultAt: number;
  events: TimelineEvent[];
  attempts: WriteAttempt[];
  oldMaster?: string;
  sentinels: number;
}): Stopwatch {
  const { faultAt } = input;
  const after = input.events.filter((e) => e.at >= faultAt);
  const since = (e: { at: number } | undefined) => (e ? e.at - faultAt : null);
  const sentinel = (name: string, instance?: string) =>
    after.find((e) => e.kind === 'sentinel' && e.name === name && (!instance || e.detail.startsWith(`${instance} `)));
  const switches = after.filter((e) => e.kind === 'sentinel' && e.name === '+switch-master');
  const switchedBy = new Map<string, number>();
  for (const e of switches) if (!switchedBy.has(e.source)) switchedBy.set(e.source, e.at);
  const promoted = after.find((e) => e.kind === 'role' && e.detail === 'master' && e.source !== input.oldMaster);
  const newMaster = promoted?.source;
  const newMasterWrite = input.attempts.find((a) => a.ok && a.startedAt >= faultAt && newMaster !== undefined && a.node === newMaster);

  const clients: Stopwatch['clients'] = {};
  for (const client of new Set(input.attempts.map((a) => a.client))) {
    const mine = input.attempts.filter((a) => a.client === client);
    const lastOkBefore = [...mine].reverse().find((a) => a.ok && a.endedAt <= faultAt);
    // Recovery is the first success after the client's first failure past the fault: a write that still
    // lands on the old master in a partition is not a recovery.
    const firstFailure = mine.find((a) => !a.ok && a.startedAt >= faultAt);
    const firstOkAfter = firstFailure ? mine.find((a) => a.ok && a.startedAt > firstFailure.startedAt) : undefined;
    clients[client] = {
      recovered: firstOkAfter ? firstOkAfter.endedAt - faultAt : null,
      // Without a success before the fault the window is measured from the fault: a lower bound.
      outageMs: firstOkAfter ? firstOkAfter.endedAt - (lastOkBefore?.endedAt ?? faultAt) : null,
      lastOkBefore: lastOkBefore ? lastOkBefore.endedAt - faultAt : null,
      firstOkAfter: firstOkAfter ? firstOkAfter.endedAt - faultAt : null,
      failedAfterFault: firstFailure !== undefined,
    };
  }
  return {
    firstSdown: since(sentinel('+sdown', 'master')),
    odown: since(sentinel('+odown', 'master')),
    leaderElected: since(sentinel('+elected-leader')),
    promoted: since(promoted),
    firstSwitch: since(switches[0]),
    allSwitched: switchedBy.size > 0 && switchedBy.size >= input.sentinels ? Math.max(...switchedBy.values()) - faultAt : null,
    newMasterAcceptsWrites: newMasterWrite ? newMasterWrite.endedAt - faultAt : null,
    clients,
  };
}

/** min, median, p95 and max of the values that exist (nulls are runs where the phase did not happen). */
export function summarize(values: (number | null)[]): { n: number; min: number; median: number; p95: number; max: number } | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, min: sorted[0]!, median, p95: at(0.95), max: sorted.at(-1)! };
}
