/** What the benchmarks share: a timed kill-master run and the arithmetic of their tables. */
import { hostClientFirewall } from '../src/clients/client-firewall.js';
import { spawnDriver } from '../src/clients/driver-process.js';
import type { Clock } from '../src/common/clock.js';
import type { LabStore } from '../src/lab/lab-store.js';
import { buildReport } from '../src/report/scenario-report.js';
import type { RuntimeKind } from '../src/runtime/runtime.js';
import type { RuntimeFactory } from '../src/runtime/select-runtime.js';
import { createLabIo } from '../src/observe/lab-io.js';
import type { ScenarioFlags } from '../src/scenario/plan-scenario.js';
import { formatPlanProblems, planScenario } from '../src/scenario/plan-scenario.js';
import { runScenario } from '../src/scenario/run-scenario.js';
import { startTraffic } from '../src/traffic/traffic-client.js';

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
}

/** kill-master on a lab the scenario boots itself; throws when the scenario fails. */
export async function timeKillMaster(runtime: RuntimeKind, flags: ScenarioFlags, deps: BenchDeps): Promise<KillMasterTimes> {
  const planned = planScenario('kill-master', { ...flags, runtime });
  if (!planned.ok) throw new Error(formatPlanProblems(planned.problems));
  const start = performance.now();
  const record = await runScenario(planned.plan, {
    runtimes: deps.runtimes,
    store: deps.store,
    clock: deps.clock,
    io: createLabIo(deps.clock),
    startTraffic,
    spawnDriver,
    clientFirewall: hostClientFirewall,
    signal: new AbortController().signal,
    emit: () => undefined,
  });
  const elapsed = performance.now() - start;
  const report = buildReport(record);
  if (!report.passed)
    throw new Error(
      `kill-master failed (${runtime}, ${JSON.stringify(flags)}): ${JSON.stringify(report.steps.filter((s) => s.outcome !== 'passed' && s.outcome !== 'done'))}`,
    );
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
