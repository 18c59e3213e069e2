import { containerImage } from '../topology/container-layout.js';
import type { Clock } from '../common/clock.js';
import { describeError, environmentError, InterruptedError, usageError, UserError } from '../common/errors.js';
import type { WaitOutcome } from '../common/wait-for.js';
import { waitFor } from '../common/wait-for.js';
import { assessLab } from '../observe/assess-lab.js';
import type { Emit, StepEvent } from '../common/step-events.js';
import { runStepList } from '../common/run-step-list.js';
import type { LabIo } from '../observe/lab-io.js';
import type { NodeStatus } from '../observe/node-status.js';
import type { Runtime } from '../runtime/runtime.js';
import { buildTopology } from '../topology/build-topology.js';
import type { LabOptions } from '../topology/lab-options.js';
import type { LabNode, Topology } from '../topology/topology.js';
import type { BootGate } from './boot-plan.js';
import { planBoot } from './boot-plan.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';
import { down } from './down.js';
import { SentinelReconnectBoost } from './sentinel-reconnect-boost.js';
import type { LabStore } from './lab-store.js';

export interface UpDeps {
  runtime: Runtime;
  /** To remove a leftover of an interrupted `up`, whatever runtime it was booted on. */
  runtimes: RuntimeFactory;
  store: LabStore;
  clock: Clock;
  io: LabIo;
  /** Progress of the phases, and notes for people; renderers subscribe here. */
  emit: Emit<StepEvent>;
  /** Aborted on Ctrl-C: `up` stops waiting and removes what it created. */
  signal?: AbortSignal;
}

export interface UpResult {
  topology: Topology;
  labDir: string;
  /** From the first container start to the lab being ready. */
  bootMs: number;
  statuses: NodeStatus[];
}

/** How long each phase may take to reach its gate before `up` gives up and removes the lab. */
export const phaseTimeoutMs = 30_000;
/** How often a phase probes: the master answers a few milliseconds after its start, the whole lab takes longer. */
const pollIntervalMs: Record<BootGate, number> = { answering: 20, ready: 50 };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Boots a lab: checks, renders its files, creates the containers, then starts the nodes phase by phase
 * (planBoot) and waits until the lab is truly ready (assessLab finds nothing). On any failure or interrupt it
 * removes everything it created, so nothing is left that `down` would have to find.
 */
export async function up(options: LabOptions, deps: UpDeps): Promise<UpResult> {
  const { runtime, store, clock, signal } = deps;
  let topology = buildTopology(options);
  let created = false;
  let labDir = store.labDir(topology.name);
  let bootStart = 0;
  let statuses: NodeStatus[] = [];

  const steps = [
    {
      title: `Check ${runtime.kind}`,
      run: async () => {
        await runtime.check();
        await removeLeftover(topology.name, deps);
        // Two independent questions to the runtime (Docker: list containers, list networks), asked together.
        const [existing, placed] = await Promise.all([
          runtime.countNodes(topology.name),
          runtime.placeTopology(topology, options.subnet !== undefined),
        ]);
        if (existing > 0) {
          throw usageError(
            `a lab named '${topology.name}' is already up (${existing} nodes); see it with 'redis-ha-lab status --name ${topology.name}', ` +
              `remove it with 'redis-ha-lab down --name ${topology.name}', or start another beside it with --name and --port-base`,
          );
        }
        topology = placed;
      },
    },
    {
      title: runtime.kind === 'docker' ? `Image ${labImages(topology).join(', ')}` : 'Redis binaries',
      run: async (output: (line: string) => void) => {
        for (const image of labImages(topology)) await runtime.ensureImage(image, output);
        topology = await runtime.resolvePrograms(topology, output);
      },
    },
    {
      title: runtime.kind === 'docker' ? 'Create network and nodes' : 'Write the configs',
      run: async () => {
        created = true;
        const record = {
          formatVersion: 1 as const,
          runtime: runtime.kind,
          createdAt: new Date(clock.now()).toISOString(),
          state: 'booting' as const,
          bootedBy: process.pid,
          topology,
        };
        labDir = await store.create(record, runtime.render(topology, store.labDir(topology.name)));
        await runtime.create(topology, labDir);
      },
    },
    ...planBoot(topology).map((phase) => ({
      title: phase.title,
      run: async (output: (line: string) => void) => {
        if (bootStart === 0) bootStart = clock.now();
        // Phases were planned from the first topology; the nodes are the same, the addresses may have moved.
        const nodes = phase.nodes.map((planned) => topology.nodes.find((n) => n.name === planned.name)!);
        const starting = clock.now();
        await runtime.start(topology, nodes);
        const started = clock.now();
        statuses = await waitForGate(topology, nodes, phase.gate, output, deps);
        // Where the phase's time went, for the plain log (and REDIS_HA_LAB_TIMINGS, which adds each Docker call).
        output(
          `${runtime.kind === 'docker' ? 'containers' : 'processes'} started in ${seconds(started - starting)}, ` +
            `${phase.gate === 'ready' ? 'lab ready' : 'answering'} ${seconds(clock.now() - started)} later`,
        );
      },
    })),
  ];

  try {
    // Ctrl-C between steps stops before the next one; during a wait, waitFor sees the signal itself.
    await runStepList(steps, { emit: deps.emit, clock, signal });
  } catch (error) {
    // The logs go with the lab: quote the last lines of the nodes that never answered before removing it.
    if (created && error instanceof UserError) error.message += await silentNodesLogs(runtime, topology, error.message);
    if (created) await removeQuietly(topology.name, deps);
    if (signal?.aborted)
      throw new InterruptedError(
        `interrupted: lab '${topology.name}' was not started${created ? '; everything it had created was removed' : ''}`,
      );
    throw error;
  }
  await store.markReady(topology.name);
  return { topology, labDir, bootMs: clock.now() - bootStart, statuses };
}

async function waitForGate(
  topology: Topology,
  started: LabNode[],
  gate: BootGate,
  show: (line: string) => void,
  deps: UpDeps,
): Promise<NodeStatus[]> {
  const nodesToProbe = gate === 'answering' ? started : topology.nodes;
  const boost = SentinelReconnectBoost.for(topology, deps.io, started);
  let outcome: WaitOutcome<NodeStatus[]>;
  try {
    outcome = await waitFor(
      async () => {
        const statuses = await deps.io.probe(topology, nodesToProbe);
        await boost.apply(statuses);
        const findings = assessLab(topology, statuses);
        if (findings.length === 0) return { done: true, value: statuses };
        show(`waiting: ${findings[0]!.message}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}`);
        return { done: false, pending: findings.map((f) => f.message) };
      },
      { clock: deps.clock, timeoutMs: phaseTimeoutMs, intervalMs: pollIntervalMs[gate], signal: deps.signal },
    );
  } catch (error) {
    await boost.restore().catch(() => undefined); // the lab is removed anyway
    throw error;
  }
  if (outcome.ok) {
    try {
      await boost.restore();
    } catch (error) {
      throw environmentError(`lab '${topology.name}' was ready, but ${describeError(error)}.\nThe lab was removed.`, error);
    }
    return outcome.value;
  }
  await boost.restore().catch(() => undefined);
  throw environmentError(
    `lab '${topology.name}' was not ready after ${Math.round(outcome.elapsedMs / 1000)} s:\n` +
      outcome.pending.map((p) => `  - ${p}`).join('\n') +
      `\nThe lab was removed.`,
  );
}

async function removeQuietly(name: string, deps: UpDeps): Promise<void> {
  try {
    await down(name, { runtimes: deps.runtimes, store: deps.store });
  } catch (error) {
    deps.emit({
      type: 'note',
      message: `could not remove lab '${name}' completely (${describeError(error)}); run 'redis-ha-lab down --name ${name}'`,
    });
  }
}

/**
 * A record still "booting" whose `up` is no longer running is what a killed `up` left behind: remove it
 * (nodes, rules, files) before booting again, and say so.
 */
async function removeLeftover(name: string, deps: UpDeps): Promise<void> {
  const record = await deps.store.read(name);
  if (!record || record.state !== 'booting' || isAlive(record.bootedBy)) return;
  const removed = await down(name, { runtimes: deps.runtimes, store: deps.store });
  deps.emit({ type: 'note', message: `removed what an interrupted 'up' had left of lab '${name}' (${removed.nodes} nodes)` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The images a Docker lab needs: the Redis image, and the engine's when some sentinels are engines. */
function labImages(topology: Topology): string[] {
  const images = new Set(topology.nodes.map((node) => containerImage(topology, node)));
  return [...images];
}

/** The last log lines of every node the message says does not answer. */
async function silentNodesLogs(runtime: Runtime, topology: Topology, message: string): Promise<string> {
  const silent = topology.nodes.filter((n) => message.includes(`${n.name} does not answer`));
  const parts: string[] = [];
  for (const node of silent) {
    const tail = await runtime.logs(topology, node, 8).catch(() => '');
    if (tail.trim())
      parts.push(
        `\n${node.name}'s last log lines:\n${tail
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}`,
      );
  }
  return parts.join('');
}
