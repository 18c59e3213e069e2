import chalk from 'chalk';
import { plural } from '../common/text.js';
import type { ClientsReport, ScenarioReport } from './scenario-report.js';

/** The last lines a person reads: passed or not, why, and what restore did. */
export function formatVerdict(report: ScenarioReport): string {
  const lines: string[] = [];
  const seconds = (report.durationMs / 1000).toFixed(1);
  const { total, passed } = report.assertions;
  if (report.interrupted) lines.push(chalk.yellow(`■ ${report.scenario} interrupted after ${seconds} s; the lab was restored`));
  else if (report.passed)
    lines.push(chalk.green.bold(`✔ ${report.scenario} passed`) + chalk.dim(` (${passed}/${plural(total, 'check')}, ${seconds} s)`));
  else lines.push(chalk.red.bold(`✖ ${report.scenario} failed`) + chalk.dim(` (${passed}/${plural(total, 'check')} passed, ${seconds} s)`));
  for (const step of report.steps) {
    if (step.outcome === 'failed')
      lines.push(
        chalk.red(
          `  ${step.line ? `step ${step.index} (line ${step.line})` : 'expect:'} ${step.title}\n    expected: ${step.expected}\n    seen:     ${step.seen}`,
        ),
      );
    if (step.outcome === 'error' && step.error !== 'interrupted')
      lines.push(chalk.red(`  step ${step.index} (line ${step.line}) ${step.title}: ${step.error}`));
  }
  if (report.traffic) lines.push(...formatTraffic(report));
  if (report.clients) lines.push(...formatClients(report.clients));
  if (report.restore.actions.length > 0) lines.push(chalk.dim(`restore: ${report.restore.actions.join(', ')}`));
  for (const error of report.restore.errors) lines.push(chalk.yellow(`restore could not: ${error}`));
  if (report.restore.healthy === false)
    lines.push(chalk.yellow(`the lab is not healthy after restore: ${report.restore.findings.join('; ')}`));
  return lines.join('\n');
}

/** What the application saw, for people: writes and their fate, and the failover's stopwatch. */
export function formatTraffic(report: ScenarioReport): string[] {
  const t = report.traffic!;
  const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const lines = [
    chalk.bold(`traffic (${t.clients.join(' + ')}, ${t.rate}/s${t.wait ? `, WAIT ${t.wait.replicas}` : ''}):`) +
      ` ${t.attempted} writes, ${t.acknowledged} acknowledged, ${t.present} present on ${t.finalMaster ?? '?'}, ` +
      (t.lost > 0 ? chalk.red(`${t.lost} lost`) : chalk.green('0 lost')) +
      `, ${t.failed} failed (${t.indeterminate} of them present anyway)`,
  ];
  for (const w of t.lostWrites.slice(0, 5)) lines.push(chalk.red(`  lost: ${w.key} acknowledged by ${w.node ?? '?'} at ${s(w.t)}`));
  if (t.lostWrites.length > 5) lines.push(chalk.red(`  … ${t.lostWrites.length - 5} more lost (see report.json)`));
  const sw = t.stopwatch;
  lines.push(
    `stopwatch from the fault: +sdown ${s(sw.firstSdown)} · +odown ${s(sw.odown)} · leader ${s(sw.leaderElected)} · promoted ${s(sw.promoted)} · ` +
      `+switch-master ${s(sw.firstSwitch)} · all switched ${s(sw.allSwitched)} · new master takes writes ${s(sw.newMasterAcceptsWrites)}`,
  );
  for (const [client, c] of Object.entries(sw.clients))
    lines.push(`  ${client} client: outage ${s(c.outageMs)} (last success ${s(c.lastOkBefore)}, first after ${s(c.firstOkAfter)})`);
  if (t.error) lines.push(chalk.yellow(`traffic: ${t.error}`));
  return lines;
}

/** Each client's verdict as a matrix: rows are clients, columns the checks. */
export function formatClients(report: ClientsReport): string[] {
  const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const rows = report.clients.map((c) => [
    c.client,
    c.library ? `${c.library} ${c.version}` : '?',
    c.status === 'stuck' ? 'STUCK' : c.status,
    s(c.recoveredAfterMs),
    s(c.longestOutageMs),
    `${c.lost.length}/${c.acknowledged}`,
    String(c.ackedByNonMaster.length),
    `${c.errors.readonly}/${c.errors.timeout}/${c.errors.connection}/${c.errors.other}`,
  ]);
  const header = [
    'client',
    'library',
    'verdict',
    'recovered',
    'longest outage',
    'lost',
    'acked by non-master',
    'errors RO/timeout/conn/other',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const colour = (status: string, text: string) =>
    status === 'STUCK' || status === 'broken' ? chalk.red(text) : status === 'recovered' ? chalk.green(text) : text;
  const lines = [
    chalk.bold(`clients (${report.profile} profile, ${report.rate}/s, ${report.ops.join(',')}):`),
    chalk.dim(`  ${line(header)}`),
  ];
  for (const row of rows) lines.push(colour(row[2]!, `  ${line(row)}`));
  for (const c of report.clients) {
    if (c.stuck) lines.push(chalk.red(`  ${c.client} STUCK for ${s(c.stuck.failingForMs)}; last error: ${c.stuck.lastError}`));
    for (const problem of c.problems) lines.push(chalk.yellow(`  ${problem}`));
  }
  for (const u of report.unavailable) lines.push(chalk.yellow(`  ${u.name} not available: ${u.reason}`));
  if (report.error) lines.push(chalk.yellow(`clients: ${report.error}`));
  return lines;
}
