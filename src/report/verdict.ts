import chalk from 'chalk';
import { plural } from '../common/text.js';
import type { ScenarioReport } from './scenario-report.js';

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
