/** What the benchmarks share: a timed kill-master run and the arithmetic of their tables. */
import type { Clock } from '../src/common/clock.js';
import type { LabStore } from '../src/lab/lab-store.js';
import { buildReport } from '../src/report/scenario-report.js';
import type { RuntimeKind } from '../src/runtime/runtime.js';
import type { RuntimeFactory } from '../src/runtime/select-runtime.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { runScenario } from '../src/scenario/run-scenario.js';
import type { RawLabOptions } from '../src/topology/lab-options.js';

export interface KillMasterTimes {
  /** From the kill: a replica reports role:master (as the role watcher polls it). */
  promoted: number;
  firstSwitch: number;
  /** The last +switch-master: every sentinel that switched has. */
  allSwitched: number;
  /** How many sentinels published +switch-master. */
  switchedSentinels: number;
  /** The whole scenario, booting and removing its own lab. */
  scenario: number;
}

export interface BenchDeps {
  runtimes: RuntimeFactory;
  store: LabStore;
  clock: Clock;
  lab: { name: string; portBase: string };
}

/** kill-master on a lab the scenario boots itself; throws when the scenario fails. */
export async function timeKillMaster(runtime: RuntimeKind, overrides: RawLabOptions, deps: BenchDeps): Promise<KillMasterTimes> {
  const scenario = loadScenario('kill-master', overrides);
  const start = performance.now();
  const record = await runScenario(scenario, {
    runtimes: deps.runtimes,
    runtimeChoice: runtime,
    store: deps.store,
    clock: deps.clock,
    signal: new AbortController().signal,
    lab: deps.lab,
    progress: 'silent',
    say: () => undefined,
  });
  const elapsed = performance.now() - start;
  const report = buildReport(record);
  if (!report.passed) throw new Error(`kill-master failed (${runtime}, ${JSON.stringify(overrides)}): ${JSON.stringify(report.steps.filter((s) => s.outcome !== 'passed' && s.outcome !== 'done'))}`);
  const switches = report.events.filter((e) => e.kind === 'sentinel' && e.name === '+switch-master');
  const promoted = report.events.find((e) => e.kind === 'role' && e.detail === 'master' && e.t > 0);
  return {
    promoted: promoted?.t ?? NaN,
    firstSwitch: switches[0]?.t ?? NaN,
    allSwitched: switches.at(-1)?.t ?? NaN,
    switchedSentinels: new Set(switches.map((e) => e.source)).size,
    scenario: elapsed,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds as "1.23 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
