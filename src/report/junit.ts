import type { ScenarioReport } from './scenario-report.js';
import { isCheck } from './scenario-report.js';

/**
 * JUnit XML for CI: one testcase per check (assertions and waits, which are checks over time), plus any other
 * step that failed or errored, so the cause of a stopped run is never missing. A failure says what was
 * expected and what was seen; steps not reached are skipped; step errors are errors.
 */
export function formatJunit(report: ScenarioReport): string {
  const checks = report.steps.filter((s) => isCheck(s) || s.outcome === 'failed' || s.outcome === 'error');
  const count = (outcome: string) => checks.filter((s) => s.outcome === outcome).length;
  const cases = checks.map((step) => {
    const name = `${step.index}. ${step.title}`;
    const time = ((step.durationMs ?? 0) / 1000).toFixed(3);
    const open = `    <testcase classname="${xml(`redis-ha-lab.${report.scenario}`)}" name="${xml(name)}" file="${xml(report.file)}" line="${step.line}" time="${time}"`;
    if (step.outcome === 'failed') {
      const message = `expected ${step.expected}; seen ${step.seen}`;
      return `${open}>\n      <failure message="${xml(message)}" type="AssertionError">${xml(message)}</failure>\n    </testcase>`;
    }
    if (step.outcome === 'error')
      return `${open}>\n      <error message="${xml(step.error ?? 'error')}" type="StepError">${xml(step.error ?? '')}</error>\n    </testcase>`;
    if (step.outcome === 'skipped')
      return `${open}>\n      <skipped message="${xml(step.detail ?? 'an earlier step did not pass')}"/>\n    </testcase>`;
    return `${open}/>`;
  });
  const suite =
    `  <testsuite name="${xml(report.scenario)}" tests="${checks.length}" failures="${count('failed')}" errors="${count('error')}" ` +
    `skipped="${count('skipped')}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    suite,
    ...properties(report),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// XML 1.0 allows no C0 control character but tab, newline and carriage return; a node's log line may hold them.
// eslint-disable-next-line no-control-regex
const xmlForbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(xmlForbidden, '');
}

/**
 * Figures for CI dashboards that read JUnit properties: the traffic's counts and each failover phase in ms from
 * the fault, and each client's verdict with its library and figures.
 */
function properties(report: ScenarioReport): string[] {
  const figures: [string, string | number | null][] = [];
  const t = report.traffic;
  if (t) {
    figures.push(
      ['writes.attempted', t.attempted],
      ['writes.acknowledged', t.acknowledged],
      ['writes.lost', t.lost],
      ['writes.failed', t.failed],
      ...Object.entries(t.stopwatch)
        .filter((entry): entry is [string, number | null] => entry[0] !== 'clients')
        .map(([phase, ms]) => [`failover.${phase}.ms`, ms] as [string, number | null]),
      ...Object.entries(t.stopwatch.clients).map(([client, c]) => [`outage.${client}.ms`, c.outageMs] as [string, number | null]),
    );
  }
  for (const c of report.clients?.clients ?? []) {
    const at = `client.${c.client}`;
    figures.push(
      [`${at}.library`, `${c.library ?? '?'} ${c.version ?? ''}`.trim()],
      [`${at}.verdict`, c.status],
      [`${at}.recovered.ms`, c.recoveredAfterMs],
      [`${at}.outage.ms`, c.longestOutageMs],
      [`${at}.lost`, c.lost.length],
      [`${at}.acked-by-non-master`, c.ackedByNonMaster.length],
      ...Object.entries(c.errors).map(([kind, n]) => [`${at}.errors.${kind}`, n] as [string, number]),
    );
  }
  if (figures.length === 0) return [];
  return [
    '    <properties>',
    ...figures.filter(([, v]) => v !== null).map(([name, value]) => `      <property name="${xml(name)}" value="${xml(String(value))}"/>`),
    '    </properties>',
  ];
}
