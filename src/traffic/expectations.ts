import type { Stopwatch } from './stopwatch.js';
import type { TrafficExpectations } from './traffic-options.js';
import type { WriteCheck } from './write-checker.js';

export interface ExpectationResult {
  title: string;
  ok: boolean;
  expected: string;
  seen: string;
}

/** Pure: the scenario's `expect:` thresholds against what the traffic saw. */
export function judgeExpectations(
  expect: TrafficExpectations,
  check: WriteCheck,
  stopwatch: Stopwatch,
  faultAt: number,
  healAt?: number,
): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const lost = check.lost.length;
  if (expect.maxOutageMs !== undefined) {
    const clients = Object.entries(stopwatch.clients);
    // A client that failed after the fault and never succeeded again had an outage longer than any limit.
    const neverRecovered = clients.filter(([, c]) => c.failedAfterFault && c.firstOkAfter === null);
    const worst = clients.reduce((max, [, c]) => (c.outageMs === null ? max : Math.max(max, c.outageMs)), 0);
    results.push({
      title: `outage at most ${expect.maxOutageMs / 1000} s`,
      ok: neverRecovered.length === 0 && worst <= expect.maxOutageMs,
      expected: `every client's outage ≤ ${expect.maxOutageMs / 1000} s`,
      seen: clients
        .map(
          ([client, c]) =>
            `${client}: ${c.outageMs !== null ? `${(c.outageMs / 1000).toFixed(2)} s` : c.failedAfterFault ? 'never recovered' : 'no outage measured'}`,
        )
        .join(', '),
    });
  }
  if (expect.maxLost !== undefined) {
    results.push({
      title: `at most ${expect.maxLost} acknowledged writes lost`,
      ok: lost <= expect.maxLost,
      expected: `≤ ${expect.maxLost} lost`,
      seen: `${lost} of ${check.acknowledged} acknowledged writes lost`,
    });
  }
  if (expect.minLost !== undefined) {
    results.push({
      title: `at least ${expect.minLost} acknowledged writes lost`,
      ok: lost >= expect.minLost,
      expected: `≥ ${expect.minLost} lost`,
      seen: `${lost} of ${check.acknowledged} acknowledged writes lost`,
    });
  }
  if (expect.noLostAfterMs !== undefined) {
    // While the fault lasts: after a heal the old master is a different story (see split-brain-safe).
    const during = check.lost.filter((w) => healAt === undefined || w.endedAt < healAt);
    const late = during.filter((w) => w.endedAt - faultAt > expect.noLostAfterMs!);
    const lastLost = during.reduce((max, w) => Math.max(max, w.endedAt - faultAt), -Infinity);
    results.push({
      title: `no lost write acknowledged later than ${expect.noLostAfterMs / 1000} s after the fault${healAt !== undefined ? ', until the heal' : ''}`,
      ok: late.length === 0,
      expected: `every lost write acknowledged within ${expect.noLostAfterMs / 1000} s of the fault`,
      seen:
        during.length === 0
          ? 'no write lost'
          : `${late.length} later; the last lost write was acknowledged ${(lastLost / 1000).toFixed(2)} s after the fault`,
    });
  }
  return results;
}
