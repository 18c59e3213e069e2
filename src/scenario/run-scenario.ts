import type { Clock } from '../common/clock.js';
import { waitUntilHealthy } from '../observe/wait-healthy.js';
import { describeError, environmentError, UserError } from '../common/errors.js';
import { down } from '../lab/down.js';
import type { LabStore } from '../lab/lab-store.js';
import { up } from '../lab/up.js';
import { probeLab } from '../observe/node-status.js';
import { watchRoles } from '../observe/role-watcher.js';
import { watchSentinelEvents } from '../observe/sentinel-events.js';
import { Timeline } from '../observe/timeline.js';
import type { ProgressMode } from '../report/progress.js';
import { runProgress } from '../report/progress.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeChoice, RuntimeFactory } from '../runtime/select-runtime.js';
import { chooseRuntime } from '../runtime/select-runtime.js';
import type { LabOptions, RawLabOptions } from '../topology/lab-options.js';
import { parseLabOptions } from '../topology/lab-options.js';
import type { Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import { applyOverrides, checkCompatible, findRunningLab } from './prepare-lab.js';
import { restoreLab } from './restore.js';
import type { RestoreRecord, RunRecord, StepRecord } from './run-record.js';
import type { Scenario, ScenarioStep } from './scenario.js';
import type { UndoAction } from './step-context.js';
import { createStepContext, newRunState } from './step-context.js';
import type { StepContext } from './step-kind.js';
import { StepError } from './step-kind.js';
import { judgeTraffic } from './judge-traffic.js';
import { startTraffic } from '../traffic/traffic-client.js';
import type { WriteAttempt } from '../traffic/write-attempt.js';

export interface RunDeps {
  runtimes: RuntimeFactory;
  /** Where to boot a lab when none is up under that name. */
  runtimeChoice: RuntimeChoice;
  store: LabStore;
  clock: Clock;
  progress: ProgressMode;
  /** Aborted on Ctrl-C: the running step stops, the lab is restored, the run is reported as interrupted. */
  signal: AbortSignal;
  /** Lab name and port base (CLI flags) for the lab to use or boot. */
  lab: RawLabOptions;
  /** Messages for people ("booted lab X"), on stderr. */
  say: (line: string) => void;
}

const preflightMs = 30_000;
const restoreHealthyMs = 45_000;

/**
 * Runs a scenario: on the lab that is up under that name, or on one it boots and removes afterwards; waits
 * until the lab is healthy; records every sentinel event and role change; runs the steps; always restores.
 */
export async function runScenario(scenario: Scenario, deps: RunDeps): Promise<RunRecord> {
  const { store, clock, say } = deps;
  const wanted: LabOptions = {
    ...parseLabOptions({ ...scenario.topology.options, ...deps.lab }),
    redisConfig: scenario.topology.redisConfig,
    replicaPriority: scenario.topology.replicaPriority,
  };

  let topology: Topology;
  let runtime: Runtime;
  let bootedLab = false;
  const undo: UndoAction[] = [];
  const running = await findRunningLab(wanted.name, deps.runtimes, store);
  if (running) {
    runtime = running.runtime;
    await runtime.check();
    checkCompatible(scenario.name, wanted, running.record.topology);
    topology = running.record.topology;
    say(`using lab '${topology.name}' that is up`);
    undo.push(...(await applyOverrides(wanted, topology)));
  } else {
    runtime = await chooseRuntime(deps.runtimeChoice, deps.runtimes);
    say(`no lab '${wanted.name}' is up: booting one on ${runtime.kind} for this scenario (it is removed afterwards)`);
    topology = (await up(wanted, { runtime, runtimes: deps.runtimes, say, store, clock, progress: deps.progress, signal: deps.signal })).topology;
    bootedLab = true;
  }

  try {
    await preflight(topology, clock, deps.signal);
    return await runOnLab(scenario, topology, runtime, bootedLab, undo, deps);
  } finally {
    if (bootedLab) {
      await down(topology.name, { runtimes: deps.runtimes, store }).then(
        () => say(`removed lab '${topology.name}' that this scenario booted`),
        (error: unknown) => say(`could not remove lab '${topology.name}' (${describeError(error)}); remove it with: redis-ha-lab down --name ${topology.name}`),
      );
    }
  }
}

async function preflight(topology: Topology, clock: Clock, signal: AbortSignal): Promise<void> {
  const outcome = await waitUntilHealthy(topology, { clock, timeoutMs: preflightMs, signal });
  if (!outcome.ok) {
    throw environmentError(`lab '${topology.name}' is not healthy, so the scenario did not start:\n${outcome.pending.map((p) => `  - ${p}`).join('\n')}`);
  }
}

async function runOnLab(scenario: Scenario, topology: Topology, runtime: Runtime, bootedLab: boolean, undo: UndoAction[], deps: RunDeps): Promise<RunRecord> {
  const { clock } = deps;
  const timeline = new Timeline();
  const state = newRunState(clock.now());
  state.undo.push(...undo);
  const stopEvents = await watchSentinelEvents(topology, timeline, clock);
  const stopRoles = watchRoles(topology, timeline, clock);

  const master = (await probeLab(topology, redisNodes(topology))).filter((s) => s.role === 'master');
  if (master.length === 1) state.aliases.set('old-master', master[0]!.name);

  const ctx = createStepContext({ topology, runtime, clock, signal: deps.signal, timeline, state });
  const oldMasterNode = topology.nodes.find((n) => n.name === state.aliases.get('old-master'));
  const traffic = scenario.traffic && oldMasterNode ? startTraffic(topology, oldMasterNode, scenario.traffic, clock, ctx.runId) : undefined;
  let attempts: WriteAttempt[] = [];
  const records: StepRecord[] = scenario.steps.map((step) => ({
    index: step.index,
    line: step.line,
    kind: step.kind.kind,
    category: step.kind.category,
    title: step.title,
    status: 'skipped',
  }));

  let restore: RestoreRecord = { actions: [], findings: [], errors: [] };
  try {
    let stopped = false;
    await runProgress(
      scenario.steps.map((step, i) => ({
        title: step.title,
        skip: () => (stopped ? 'skipped: an earlier step did not pass' : false),
        run: async () => {
          const outcome = await runStep(step, ctx, records[i]!, timeline);
          if (outcome === 'stop') stopped = true;
          const record = records[i]!;
          if (record.status === 'failed') throw new Error(`expected ${record.expected}; seen ${record.seen}`);
          if (record.status === 'error') throw new Error(record.error);
        },
      })),
      deps.progress,
      { continueAfterFailure: true },
    );
  } finally {
    if (traffic) attempts = await traffic.stop();
    // Restore even after Ctrl-C: its own waits do not listen to the aborted signal.
    restore = await restoreLab({
      topology,
      runtime,
      clock,
      sleeping: state.sleeping,
      undo: state.undo,
      partitioned: records.some((r) => r.kind === 'partition' && r.startedAt !== undefined),
      // Writes are judged on a settled lab, so with traffic it waits even when the lab is removed afterwards.
      waitHealthyMs: bootedLab && !traffic ? undefined : restoreHealthyMs,
    });
    await stopRoles();
    stopEvents();
  }

  const trafficRecord =
    scenario.traffic && !deps.signal.aborted
      ? await judgeTraffic({
          topology,
          options: scenario.traffic,
          attempts,
          events: timeline.events,
          faultAt: state.faultAt ?? state.startedAt,
          oldMaster: state.aliases.get('old-master'),
          expect: scenario.expect,
          healAt: records.find((r) => r.kind === 'heal' && r.startedAt !== undefined)?.startedAt,
          clock,
        })
      : undefined;
  // Thresholds are checks like assertions: in the verdict, the counts and JUnit.
  trafficRecord?.expectations.forEach((result, i) =>
    records.push({
      index: scenario.steps.length + i + 1,
      line: 0,
      kind: 'expect',
      category: 'assert',
      title: result.title,
      status: result.ok ? 'passed' : 'failed',
      ...(result.ok ? { detail: result.seen } : { expected: result.expected, seen: result.seen }),
    }),
  );

  return {
    scenario,
    lab: topology.name,
    topology,
    runtime: runtime.kind,
    bootedLab,
    startedAt: state.startedAt,
    faultAt: state.faultAt,
    endedAt: clock.now(),
    oldMaster: state.aliases.get('old-master'),
    steps: records,
    events: timeline.events,
    restore,
    interrupted: deps.signal.aborted,
    ...(trafficRecord ? { traffic: trafficRecord } : {}),
  };
}

/** Runs one step, filling its record; says whether the run must stop (a failed fault or wait, an error). */
async function runStep(step: ScenarioStep, ctx: StepContext, record: StepRecord, timeline: Timeline): Promise<'go' | 'stop'> {
  record.startedAt = ctx.clock.now();
  timeline.add({ at: record.startedAt, kind: 'step', source: 'runner', name: 'start', detail: `${step.index}. ${step.title}` });
  try {
    ctx.signal.throwIfAborted();
    const outcome = await step.kind.run(step.args, ctx);
    record.status = outcome.status;
    if (outcome.status === 'failed') {
      record.expected = outcome.expected;
      record.seen = outcome.seen;
    } else {
      record.detail = outcome.detail;
    }
  } catch (error) {
    record.status = 'error';
    record.error = ctx.signal.aborted ? 'interrupted' : describeError(error);
    if (!(error instanceof StepError) && !(error instanceof UserError) && !ctx.signal.aborted) record.error = `unexpected: ${record.error}`;
  }
  record.endedAt = ctx.clock.now();
  timeline.add({ at: record.endedAt, kind: 'step', source: 'runner', name: 'end', detail: `${step.index}. ${record.status}${record.seen ? `: seen ${record.seen}` : ''}` });
  const assertionFailed = record.status === 'failed' && step.kind.category === 'assert';
  return record.status === 'error' || (record.status === 'failed' && !assertionFailed) ? 'stop' : 'go';
}
