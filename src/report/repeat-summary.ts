import { stopwatchPhases, summarize } from '../traffic/stopwatch.js';
import type { ScenarioReport } from './scenario-report.js';

export type PhaseSummary = ReturnType<typeof summarize>;

export interface RepeatSummary {
  runs: number;
  passed: number;
  phases: Record<string, PhaseSummary>;
}

const phaseLabels: Record<string, string> = {
  firstSdown: 'first +sdown',
  odown: '+odown',
  leaderElected: 'leader elected',
  promoted: 'replica role:master',
  firstSwitch: 'first +switch-master',
  allSwitched: 'all sentinels switched',
  newMasterAcceptsWrites: 'new master takes writes',
};

/**
 * Pure: min/median/p95/max over runs of each failover phase, from the traffic's stopwatch when there was
 * traffic, else from the events alone (sdown, odown, election, promotion and switches need no traffic).
 */
export function summarizeRuns(reports: ScenarioReport[]): RepeatSummary {
  const phases: Record<string, PhaseSummary> = {};
  for (const phase of stopwatchPhases) phases[phase] = summarize(reports.map((r) => phaseOf(r, phase)));
  const clients = new Set(reports.flatMap((r) => Object.keys(r.traffic?.stopwatch.clients ?? {})));
  for (const client of clients)
    phases[`outage:${client}`] = summarize(reports.map((r) => r.traffic?.stopwatch.clients[client]?.outageMs ?? null));
  return { runs: reports.length, passed: reports.filter((r) => r.passed).length, phases };
}

function phaseOf(report: ScenarioReport, phase: (typeof stopwatchPhases)[number]): number | null {
  if (report.traffic) return report.traffic.stopwatch[phase];
  const after = report.events.filter((e) => e.t >= 0);
  const first = (match: (e: ScenarioReport['events'][number]) => boolean) => after.find(match)?.t ?? null;
  switch (phase) {
    case 'firstSdown':
      return first((e) => e.name === '+sdown' && e.detail.startsWith('master '));
    case 'odown':
      return first((e) => e.name === '+odown');
    case 'leaderElected':
      return first((e) => e.name === '+elected-leader');
    case 'promoted':
      return first((e) => e.kind === 'role' && e.detail === 'master' && e.source !== report.oldMaster);
    case 'firstSwitch':
      return first((e) => e.name === '+switch-master');
    case 'allSwitched': {
      const sentinels = report.nodes.filter((n) => n.kind === 'sentinel').length;
      const by = new Map<string, number>();
      for (const e of after) if (e.name === '+switch-master' && !by.has(e.source)) by.set(e.source, e.t);
      return by.size > 0 && by.size >= sentinels ? Math.max(...by.values()) : null;
    }
    default:
      return null;
  }
}

export function formatRepeatSummary(scenario: string, summary: RepeatSummary): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rows = Object.entries(summary.phases).map(([phase, stats]) => {
    const label = phase.startsWith('outage:') ? `${phase.slice(7)} client outage` : (phaseLabels[phase] ?? phase);
    return stats
      ? `| ${label} | ${stats.n} | ${s(stats.min)} | ${s(stats.median)} | ${s(stats.p95)} | ${s(stats.max)} |`
      : `| ${label} | 0 | — | — | — | — |`;
  });
  return [
    `${scenario}: ${summary.passed} of ${summary.runs} runs passed; times from the fault`,
    '',
    '| phase | runs | min | median | p95 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
