// Pure: a scenario's per-client thresholds (`clients: expect:`) against each client's verdict. Each result is a
// check like an assertion: in the verdict, the counts and JUnit (one test case per client and check).
import type { ExpectationResult } from '../traffic/expectations.js';
import type { ClientVerdict } from './client-verdict.js';
import type { ClientExpectations } from './clients-options.js';
import { expectationsFor } from './clients-options.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function judgeClientExpectations(expectations: ClientExpectations, verdict: ClientVerdict): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const who = verdict.client;
  const expect = expectationsFor(expectations, who);
  const state =
    verdict.status === 'stuck'
      ? `STUCK for ${seconds(verdict.stuck!.failingForMs)}, last error: ${verdict.stuck!.lastError}`
      : verdict.status === 'broken'
        ? `the driver failed: ${verdict.problems[0] ?? 'no attempts'}`
        : verdict.status === 'recovered'
          ? `recovered ${seconds(verdict.recoveredAfterMs!)} after the fault`
          : 'never failed';
  if (expect.recovers) {
    results.push({
      title: `${who} recovers`,
      ok: verdict.status === 'recovered' || verdict.status === 'unaffected',
      expected: `${who} writes to the master again before the end`,
      seen: state,
    });
  }
  if (expect.maxOutageMs !== undefined) {
    results.push({
      title: `${who}: outage at most ${expect.maxOutageMs / 1000} s`,
      ok: verdict.status !== 'broken' && verdict.status !== 'stuck' && verdict.longestOutageMs <= expect.maxOutageMs,
      expected: `longest outage ≤ ${expect.maxOutageMs / 1000} s`,
      seen: `longest outage ${seconds(verdict.longestOutageMs)}; ${state}`,
    });
  }
  if (expect.maxLost !== undefined) {
    results.push({
      title: `${who}: at most ${expect.maxLost} acknowledged writes lost`,
      ok: verdict.status !== 'broken' && verdict.lost.length <= expect.maxLost,
      expected: `≤ ${expect.maxLost} lost`,
      seen: `${verdict.lost.length} of ${verdict.acknowledged} acknowledged lost`,
    });
  }
  return results;
}
