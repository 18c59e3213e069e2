import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExitCode, usageError } from '../../common/errors.js';
import type { ScenarioReport } from '../../report/scenario-report.js';
import { buildReport } from '../../report/scenario-report.js';
import { formatJunit } from '../../report/junit.js';
import { renderHtmlReport } from '../../report/html-report.js';
import { progressModeFor } from '../../report/progress.js';
import { formatTimeline } from '../../report/timeline-text.js';
import { formatVerdict } from '../../report/verdict.js';
import { loadScenario, ScenarioError } from '../../scenario/load-scenario.js';
import { runScenario } from '../../scenario/run-scenario.js';
import type { RawLabOptions } from '../../topology/lab-options.js';
import { parseRuntimeChoice } from '../../runtime/select-runtime.js';
import type { CliDeps } from '../cli-deps.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { TrafficClientKind, TrafficOptions } from '../../traffic/traffic-options.js';
import { defaultTraffic, trafficClientKinds } from '../../traffic/traffic-options.js';
import { formatRepeatSummary, summarizeRuns } from '../../report/repeat-summary.js';

export interface ScenarioCommandOptions extends RawLabOptions {
  traffic?: string | boolean;
  trafficRate?: string;
  trafficWait?: string;
  repeat?: string;
  json?: boolean;
  report?: string;
  junit?: string;
  quiet?: boolean;
  runtime?: string;
}

/** Exit 0 passed, 1 a check failed, 2 invalid scenario or usage, 3 environment, 130 interrupted. */
export async function runScenarioCommand(nameOrPath: string, options: ScenarioCommandOptions, deps: CliDeps): Promise<number> {
  const { name, portBase, image, subnet, json, report: reportDir, junit, quiet, runtime, traffic, trafficRate, trafficWait, repeat, ...topology } = options;
  let scenario;
  try {
    scenario = loadScenario(nameOrPath, topology, deps.env);
  } catch (error) {
    if (error instanceof ScenarioError) throw usageError(error.message);
    throw error;
  }
  if (traffic !== undefined || trafficRate !== undefined || trafficWait !== undefined) scenario.traffic = trafficFromFlags(scenario.traffic, traffic, trafficRate, trafficWait);
  const runs = repeat === undefined ? 1 : Number(repeat);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw usageError(`--repeat '${repeat}' is not allowed: use a whole number from 1 to 100`);
  if (runs > 1) return runRepeated(scenario, runs, options, deps);
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

/** --traffic [sentinel,direct], --traffic-rate N, --traffic-wait N: on top of the file's traffic block, if any. */
function trafficFromFlags(base: TrafficOptions | undefined, clients: string | boolean | undefined, rate: string | undefined, wait: string | undefined): TrafficOptions {
  const traffic: TrafficOptions = { ...(base ?? defaultTraffic) };
  if (typeof clients === 'string') {
    const kinds = clients.split(',').map((c) => c.trim()) as TrafficClientKind[];
    const bad = kinds.find((k) => !trafficClientKinds.includes(k));
    if (bad) throw usageError(`--traffic '${bad}' is not a client kind: use ${trafficClientKinds.join(', ')} (comma-separated)`);
    traffic.clients = [...new Set(kinds)];
  }
  if (rate !== undefined) {
    const n = Number(rate);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw usageError(`--traffic-rate '${rate}' is not allowed: use writes per second from 1 to 1000`);
    traffic.rate = n;
  }
  if (wait !== undefined) {
    const n = Number(wait);
    if (!Number.isInteger(n) || n < 1 || n > 20) throw usageError(`--traffic-wait '${wait}' is not allowed: use a number of replicas from 1 to 20`);
    traffic.wait = { replicas: n, timeoutMs: traffic.wait?.timeoutMs ?? 200 };
  }
  return traffic;
}

/** --repeat N: the scenario N times, each on a lab as for one run; min/median/p95/max of every phase. */
async function runRepeated(scenario: Scenario, runs: number, options: ScenarioCommandOptions, deps: CliDeps): Promise<number> {
  const reports: ScenarioReport[] = [];
  for (let i = 0; i < runs && !deps.signal.aborted; i++) {
    if (!options.quiet) deps.stderr.write(`run ${i + 1} of ${runs}\n`);
    const record = await runScenario(scenario, {
      runtimes: deps.runtimes,
      runtimeChoice: parseRuntimeChoice(options.runtime),
      store: deps.store,
      clock: deps.clock,
      progress: options.quiet ? 'silent' : progressModeFor(deps.stderr as NodeJS.WriteStream, deps.env),
      signal: deps.signal,
      lab: { name: options.name, portBase: options.portBase, image: options.image, subnet: options.subnet },
      say: (line) => void (options.quiet ? undefined : deps.stderr.write(`${line}\n`)),
    });
    reports.push(buildReport(record));
  }
  const summary = summarizeRuns(reports);
  if (options.report) {
    await mkdir(options.report, { recursive: true });
    await writeFile(join(options.report, 'repeat.json'), JSON.stringify({ scenario: scenario.name, summary, runs: reports }, null, 2) + '\n');
  }
  deps.stdout.write(options.json ? JSON.stringify({ scenario: scenario.name, summary, runs: reports }, null, 2) + '\n' : formatRepeatSummary(scenario.name, summary) + '\n');
  if (deps.signal.aborted) return ExitCode.interrupted;
  return reports.every((r) => r.passed) ? ExitCode.ok : ExitCode.failed;
}
