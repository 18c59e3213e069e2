import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExitCode, usageError } from '../../common/errors.js';
import { renderHtmlReport } from '../../report/html-report.js';
import { formatJunit } from '../../report/junit.js';
import { createProgressRenderer, progressModeFor } from '../../report/progress.js';
import { formatRepeatSummary, summarizeRuns } from '../../report/repeat-summary.js';
import type { ScenarioReport } from '../../report/scenario-report.js';
import { buildReport } from '../../report/scenario-report.js';
import { formatTimeline } from '../../report/timeline-text.js';
import { formatVerdict } from '../../report/verdict.js';
import type { ScenarioFlags, ScenarioPlan } from '../../scenario/plan-scenario.js';
import { formatPlanProblems, planScenario } from '../../scenario/plan-scenario.js';
import type { RunRecord } from '../../scenario/run-record.js';
import { runScenario } from '../../scenario/run-scenario.js';
import type { CliDeps } from '../cli-deps.js';

export interface ScenarioCommandOptions extends ScenarioFlags {
  json?: boolean;
  report?: string;
  junit?: string;
  quiet?: boolean;
}

/** Exit 0 passed, 1 a check failed, 2 invalid scenario or usage, 3 environment, 130 interrupted. */
export async function runScenarioCommand(nameOrPath: string, options: ScenarioCommandOptions, deps: CliDeps): Promise<number> {
  const { json, report: reportDir, junit, quiet, ...flags } = options;
  const planned = planScenario(nameOrPath, flags, deps.env);
  if (!planned.ok) throw usageError(formatPlanProblems(planned.problems));
  const plan = planned.plan;
  if (plan.repeat > 1) return runRepeated(plan, options, deps);

  // Progress on stderr: a list for people, nothing with --json (its notes still say which lab was used).
  const report = buildReport(await run(plan, deps, { progress: !json && !quiet, notes: !quiet }));
  if (reportDir) {
    await mkdir(reportDir, { recursive: true });
    await writeFile(join(reportDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFile(join(reportDir, 'timeline.txt'), `${plan.scenario.name}: ${plan.scenario.description}\n\n${formatTimeline(report)}\n`);
    await writeFile(join(reportDir, 'report.html'), renderHtmlReport(report));
  }
  if (junit) {
    await mkdir(dirname(junit), { recursive: true });
    await writeFile(junit, formatJunit(report));
  }
  if (json) {
    deps.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const colour = Boolean(deps.stdout.isTTY) && !deps.env.NO_COLOR;
    deps.stdout.write(`\nTimeline (times from the fault):\n${formatTimeline(report, { colour })}\n\n${formatVerdict(report)}\n`);
  }
  if (report.interrupted) return ExitCode.interrupted;
  return report.passed ? ExitCode.ok : ExitCode.failed;
}

/** One run, its events drawn on stderr. */
async function run(plan: ScenarioPlan, deps: CliDeps, show: { progress: boolean; notes: boolean }): Promise<RunRecord> {
  const mode = show.progress ? progressModeFor(deps.stderr, deps.env) : 'silent';
  const renderer = createProgressRenderer({ mode, stream: deps.stderr, notes: show.notes });
  try {
    return await runScenario(plan, { ...deps, emit: (event) => renderer.emit(event) });
  } finally {
    await renderer.close();
  }
}

/** --repeat N: the scenario N times, each on a lab as for one run; min/median/p95/max of every phase. */
async function runRepeated(plan: ScenarioPlan, options: ScenarioCommandOptions, deps: CliDeps): Promise<number> {
  const reports: ScenarioReport[] = [];
  for (let i = 0; i < plan.repeat && !deps.signal.aborted; i++) {
    if (!options.quiet) deps.stderr.write(`run ${i + 1} of ${plan.repeat}\n`);
    reports.push(buildReport(await run(plan, deps, { progress: !options.quiet, notes: !options.quiet })));
  }
  const summary = summarizeRuns(reports);
  const document = { scenario: plan.scenario.name, summary, runs: reports };
  if (options.report) {
    await mkdir(options.report, { recursive: true });
    await writeFile(join(options.report, 'repeat.json'), JSON.stringify(document, null, 2) + '\n');
  }
  deps.stdout.write(options.json ? JSON.stringify(document, null, 2) + '\n' : formatRepeatSummary(plan.scenario.name, summary) + '\n');
  if (deps.signal.aborted) return ExitCode.interrupted;
  return reports.every((r) => r.passed) ? ExitCode.ok : ExitCode.failed;
}
