import type { RunningClients } from '../clients/run-clients.js';
import { checkClientDrivers, judgeClients, startClients } from '../clients/run-clients.js';
import type { DriverAvailability } from '../clients/builtin-drivers.js';
import type { SpawnDriver } from '../clients/driver-process.js';
import type { ClientFirewall } from '../clients/client-firewall.js';
import type { DriverRun } from '../clients/run-driver.js';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../common/clock.js';
import { describeError, environmentError } from '../common/errors.js';
import { down } from '../lab/down.js';
import type { LabStore } from '../lab/lab-store.js';
import { up } from '../lab/up.js';
import type { LabIo } from '../observe/lab-io.js';
import { watchRoles } from '../observe/role-watcher.js';
import { Timeline } from '../observe/timeline.js';
import { waitUntilHealthy } from '../observe/wait-healthy.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';
import { chooseRuntime } from '../runtime/select-runtime.js';
import type { Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import type { StartTraffic } from '../traffic/traffic-client.js';
import type { WriteAttempt } from '../traffic/write-attempt.js';
import { judgeTraffic } from './judge-traffic.js';
import type { ScenarioPlan } from './plan-scenario.js';
import { applyOverrides, checkCompatible, findRunningLab } from './prepare-lab.js';
import { restoreLab } from './restore.js';
import type { EmitRunEvent, RunEvent } from './run-events.js';
import type { RestoreRecord, RunRecord, StepRecord } from './run-record.js';
import { runPassed } from './run-record.js';
import { runSteps, stepRecords } from './run-steps.js';
import type { UndoAction } from './step-context.js';
import { createStepContext, newRunState } from './step-context.js';

/** Every effect a run has goes through these; the CLI passes the real ones, tests a fake lab. */
export interface RunDeps {
  runtimes: RuntimeFactory;
  store: LabStore;
  clock: Clock;
  io: LabIo;
  startTraffic: StartTraffic;
  spawnDriver: SpawnDriver;
  /** The host's firewall for clients a partition cuts off, made per run. */
  clientFirewall: (runId: string) => ClientFirewall;
  /** Aborted on Ctrl-C: the running step stops, the lab is restored, the run is reported as interrupted. */
  signal: AbortSignal;
  /** Where the run reports what it does; renderers subscribe here. */
  emit: EmitRunEvent;
}

/** The lab a run uses: the one that was up, or one booted for it; `undo` puts back what the scenario changed. */
interface RunLab {
  topology: Topology;
  runtime: Runtime;
  booted: boolean;
  undo: UndoAction[];
}

const preflightMs = 30_000;
const restoreHealthyMs = 45_000;

/**
 * Runs a planned scenario: on the lab that is up under that name, or on one it boots and removes afterwards;
 * waits until the lab is healthy; records every sentinel event and role change; runs the steps; always restores.
 */
export async function runScenario(plan: ScenarioPlan, deps: RunDeps): Promise<RunRecord> {
  // Client drivers that cannot run stop the run before it touches the lab.
  const checkedClients = plan.scenario.clients ? await checkClientDrivers(plan.scenario.clients, deps.spawnDriver, deps.clock) : [];
  const lab = await acquireLab(plan, deps);
  try {
    const outcome = await waitUntilHealthy(lab.topology, { io: deps.io, clock: deps.clock, timeoutMs: preflightMs, signal: deps.signal });
    if (!outcome.ok) {
      throw environmentError(
        `lab '${lab.topology.name}' is not healthy, so the scenario did not start:\n${outcome.pending.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    return await runOnLab(plan, lab, deps, checkedClients);
  } finally {
    if (lab.booted) {
      const name = lab.topology.name;
      await down(name, { runtimes: deps.runtimes, store: deps.store }).then(
        () => deps.emit({ type: 'note', message: `removed lab '${name}' that this scenario booted` }),
        (error: unknown) =>
          deps.emit({
            type: 'note',
            message: `could not remove lab '${name}' (${describeError(error)}); remove it with: redis-ha-lab down --name ${name}`,
          }),
      );
    }
  }
}

async function acquireLab(plan: ScenarioPlan, deps: RunDeps): Promise<RunLab> {
  const wanted = plan.lab;
  const note = (message: string) => deps.emit({ type: 'note', message });
  const running = await findRunningLab(wanted.name, deps.runtimes, deps.store);
  if (running) {
    await running.runtime.check();
    checkCompatible(plan.scenario.name, wanted, running.record.topology);
    const topology = running.record.topology;
    note(`using lab '${topology.name}' that is up`);
    return { topology, runtime: running.runtime, booted: false, undo: await applyOverrides(wanted, topology, deps.io) };
  }
  const runtime = await chooseRuntime(plan.runtime, deps.runtimes, plan.lab.programs);
  note(`no lab '${wanted.name}' is up: booting one on ${runtime.kind} for this scenario (it is removed afterwards)`);
  const booted = await up(wanted, { ...deps, runtime });
  return { topology: booted.topology, runtime, booted: true, undo: [] };
}

async function runOnLab(plan: ScenarioPlan, lab: RunLab, deps: RunDeps, checkedClients: DriverAvailability[]): Promise<RunRecord> {
  const { scenario } = plan;
  const { topology, runtime } = lab;
  const { clock, io } = deps;
  const timeline = new Timeline(clock);
  // The timeline is recorded from the run's own events: step starts and ends, beside what the lab says.
  const emit: EmitRunEvent = (event) => {
    recordStep(timeline, event, scenario.steps);
    deps.emit(event);
  };
  const state = newRunState(clock.now());
  state.undo.push(...lab.undo);
  const stopEvents = await io.watchSentinels(topology, (event) => timeline.add(event));
  const stopRoles = watchRoles(topology, io, clock, (event) => timeline.add(event));

  const masters = (await io.probe(topology, redisNodes(topology))).filter((s) => s.role === 'master');
  if (masters.length === 1) state.aliases.set('old-master', masters[0]!.name);
  const current = { index: 0 };
  const runId = randomBytes(4).toString('hex');
  // Client drivers start before the first step, once the lab's history is being recorded. If they cannot (the
  // host's firewall refuses), the run stops here and puts back the settings it changed.
  let clients: RunningClients | undefined;
  try {
    clients = scenario.clients
      ? await startClients({
          options: scenario.clients,
          checked: checkedClients,
          topology,
          runId,
          spawn: deps.spawnDriver,
          clock,
          note: (message) => emit({ type: 'note', message }),
          firewall: deps.clientFirewall(runId),
        })
      : undefined;
  } catch (error) {
    await stopRoles();
    stopEvents();
    for (const override of [...lab.undo].reverse()) await override.undo().catch(() => undefined);
    throw error;
  }
  const ctx = createStepContext({
    topology,
    runtime,
    io,
    clock,
    signal: deps.signal,
    timeline,
    state,
    runId,
    onFault: (at) => emit({ type: 'fault', at, index: current.index }),
    ...(clients?.network ? { clients: clients.network } : {}),
  });
  const oldMaster = topology.nodes.find((n) => n.name === state.aliases.get('old-master'));
  const traffic = scenario.traffic && oldMaster ? deps.startTraffic(topology, oldMaster, scenario.traffic, clock, runId) : undefined;
  let attempts: WriteAttempt[] = [];
  const records: StepRecord[] = stepRecords(scenario.steps);
  emit({
    type: 'run-started',
    at: state.startedAt,
    scenario: scenario.name,
    lab: topology.name,
    runtime: runtime.kind,
    bootedLab: lab.booted,
  });

  let restore!: RestoreRecord;
  let clientRuns: DriverRun[] = [];
  let clientsEndedAt = clock.now();
  try {
    await runSteps(scenario.steps, records, ctx, emit, current);
  } finally {
    if (traffic) attempts = await traffic.stop();
    emit({ type: 'restore-started', at: clock.now() });
    // Restore even after Ctrl-C: its own waits do not listen to the aborted signal.
    restore = await restoreLab({
      topology,
      runtime,
      io,
      clock,
      sleeping: state.sleeping,
      undo: state.undo,
      partitioned: records.some((r) => r.kind === 'partition' && r.startedAt !== undefined),
      // Writes are judged on a settled lab, so with traffic it waits even when the lab is removed afterwards.
      waitHealthyMs: lab.booted && !traffic && !clients ? undefined : restoreHealthyMs,
    });
    emit({ type: 'restore-finished', at: clock.now(), restore });
    // The clients run until the lab is restored and settled: a client that never comes back shows as STUCK.
    if (clients) {
      clientRuns = await clients.stop();
      clientsEndedAt = clock.now();
    }
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
          io,
        })
      : undefined;
  const clientsRecord =
    scenario.clients && clients && !deps.signal.aborted
      ? await judgeClients({
          options: scenario.clients,
          unavailable: clients.unavailable,
          runs: clientRuns,
          topology,
          io,
          events: timeline.events,
          faultAt: state.faultAt ?? state.startedAt,
          endedAt: clientsEndedAt,
          initialMaster: state.aliases.get('old-master'),
        })
      : undefined;
  // Thresholds are checks like assertions: in the verdict, the counts and JUnit.
  [...(trafficRecord?.expectations ?? []), ...(clientsRecord?.expectations ?? [])].forEach((result, i) =>
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

  const record: RunRecord = {
    scenario,
    lab: topology.name,
    topology,
    runtime: runtime.kind,
    bootedLab: lab.booted,
    startedAt: state.startedAt,
    faultAt: state.faultAt,
    endedAt: clock.now(),
    oldMaster: state.aliases.get('old-master'),
    steps: records,
    events: timeline.events,
    restore,
    interrupted: deps.signal.aborted,
    ...(trafficRecord ? { traffic: trafficRecord } : {}),
    ...(clientsRecord ? { clients: clientsRecord } : {}),
  };
  emit({ type: 'verdict', at: record.endedAt, scenario: scenario.name, passed: runPassed(record), interrupted: record.interrupted });
  return record;
}

/** A step's start and end as timeline entries, as the report and the timeline text show them. */
function recordStep(timeline: Timeline, event: RunEvent, steps: { index: number; title: string }[]): void {
  if (event.type === 'step-started') {
    const title = steps.find((s) => s.index === event.index)?.title ?? '';
    timeline.add({ at: event.at, kind: 'step', source: 'runner', name: 'start', detail: `${event.index}. ${title}` });
  } else if (event.type === 'step-finished' || event.type === 'step-failed') {
    const seen = event.type === 'step-failed' && event.seen ? `: seen ${event.seen}` : '';
    timeline.add({ at: event.at, kind: 'step', source: 'runner', name: 'end', detail: `${event.index}. ${event.status}${seen}` });
  }
}
