import chalk from 'chalk';
import { plural } from '../common/text.js';
import type { ScenarioReport } from './scenario-report.js';

/** The last lines a person reads: passed or not, why, and what restore did. */
export function formatVerdict(report: ScenarioReport): string {
  const lines: string[] = [];
  const seconds = (report.durationMs / 1000).toFixed(1);
  const { total, passed } = report.assertions;
  if (report.interrupted) lines.push(chalk.yellow(`■ ${report.scenario} interrupted after ${seconds} s; the lab was restored`));
  else if (report.passed) lines.push(chalk.green.bold(`✔ ${report.scenario} passed`) + chalk.dim(` (${passed}/${plural(total, 'check')}, ${seconds} s)`));
  else lines.push(chalk.red.bold(`✖ ${report.scenario} failed`) + chalk.dim(` (${passed}/${plural(total, 'check')} passed, ${seconds} s)`));
  for (const step of report.steps) {
    if (step.outcome === 'failed') lines.push(chalk.red(`  step ${step.index} (line ${step.line}) ${step.title}\n    expected: ${step.expected}\n    seen:     ${step.seen}`));
    if (step.outcome === 'error' && step.error !== 'interrupted') lines.push(chalk.red(`  step ${step.index} (line ${step.line}) ${step.title}: ${step.error}`));
  }
  if (report.restore.actions.length > 0) lines.push(chalk.dim(`restore: ${report.restore.actions.join(', ')}`));
  for (const error of report.restore.errors) lines.push(chalk.yellow(`restore could not: ${error}`));
  if (report.restore.healthy === false) lines.push(chalk.yellow(`the lab is not healthy after restore: ${report.restore.findings.join('; ')}`));
  return lines.join('\n');
}
