import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExitCode, usageError } from '../../common/errors.js';
import { buildReport } from '../../report/scenario-report.js';
import { formatJunit } from '../../report/junit.js';
import { progressModeFor } from '../../report/progress.js';
import { formatTimeline } from '../../report/timeline-text.js';
import { formatVerdict } from '../../report/verdict.js';
import { loadScenario, ScenarioError } from '../../scenario/load-scenario.js';
import { runScenario } from '../../scenario/run-scenario.js';
import type { RawLabOptions } from '../../topology/lab-options.js';
import { parseRuntimeChoice } from '../../runtime/select-runtime.js';
import type { CliDeps } from '../cli-deps.js';

export interface ScenarioCommandOptions extends RawLabOptions {
  json?: boolean;
  report?: string;
  junit?: string;
  quiet?: boolean;
  runtime?: string;
}

/** Exit 0 passed, 1 a check failed, 2 invalid scenario or usage, 3 environment, 130 interrupted. */
export async function runScenarioCommand(nameOrPath: string, options: ScenarioCommandOptions, deps: CliDeps): Promise<number> {
  const { name, portBase, image, subnet, json, report: reportDir, junit, quiet, runtime, ...topology } = options;
  let scenario;
  try {
    scenario = loadScenario(nameOrPath, topology, deps.env);
  } catch (error) {
    if (error instanceof ScenarioError) throw usageError(error.message);
    throw error;
  }
  const say = (line: string) => void (quiet ? undefined : deps.stderr.write(`${line}\n`));
  const record = await runScenario(scenario, {
    runtimes: deps.runtimes,
    runtimeChoice: parseRuntimeChoice(runtime),
    store: deps.store,
    clock: deps.clock,
    progress: progressModeFor(deps.stderr as NodeJS.WriteStream, deps.env, quiet),
    signal: deps.signal,
    lab: { name, portBase, image, subnet },
    say,
  });
  const report = buildReport(record);

  if (reportDir) {
    await mkdir(reportDir, { recursive: true });
    await writeFile(join(reportDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFile(join(reportDir, 'timeline.txt'), `${scenario.name}: ${scenario.description}\n\n${formatTimeline(report)}\n`);
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
