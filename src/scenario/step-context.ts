import type { ClientNetwork } from '../clients/run-clients.js';
import type { Clock } from '../common/clock.js';
import type { LabIo } from '../observe/lab-io.js';
import type { Timeline } from '../observe/timeline.js';
import type { Runtime } from '../runtime/runtime.js';
import type { LabView } from '../topology/node-selector.js';
import { resolveSelector } from '../topology/node-selector.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import type { StepContext, WrittenKey } from './step-kind.js';
import { StepError } from './step-kind.js';

/** Something restore puts back at the end (a setting, a command's undo). */
export interface UndoAction {
  description: string;
  undo: () => Promise<void>;
}

/** What the steps of one run remember between them, and what restore needs afterwards. */
export interface RunState {
  startedAt: number;
  faultAt?: number;
  lastFaultAt?: number;
  aliases: Map<string, string>;
  sleeping: Map<string, number>;
  written: Map<string, WrittenKey[]>;
  undo: UndoAction[];
}

export function newRunState(startedAt: number): RunState {
  return { startedAt, aliases: new Map(), sleeping: new Map(), written: new Map(), undo: [] };
}

/**
 * The StepContext of one run: every effect goes through what is passed in (the runtime for faults, the lab io for
 * probes and connections, the clock for time), state lives in RunState, and a fault is reported through onFault.
 */
export function createStepContext(input: {
  topology: Topology;
  runtime: Runtime;
  io: LabIo;
  clock: Clock;
  signal: AbortSignal;
  timeline: Timeline;
  state: RunState;
  runId: string;
  onFault: (at: number) => void;
  clients?: ClientNetwork;
}): StepContext {
  const { topology, clock, state, io } = input;
  const view = async (): Promise<LabView> => {
    const statuses = await io.probe(topology, redisNodes(topology));
    return { topology, roles: new Map(statuses.map((s) => [s.name, s.role as 'master' | 'replica' | 'down'])), aliases: state.aliases };
  };
  const resolve = async (selector: string): Promise<LabNode[]> => {
    const resolution = resolveSelector(selector, await view());
    if ('error' in resolution) throw new StepError(resolution.error);
    return resolution.nodes;
  };
  return {
    topology,
    runtime: input.runtime,
    clock,
    signal: input.signal,
    timeline: input.timeline,
    lastFaultAt: () => state.lastFaultAt ?? state.startedAt,
    markFault: () => {
      state.lastFaultAt = clock.now();
      state.faultAt ??= state.lastFaultAt;
      input.onFault(state.lastFaultAt);
    },
    probe: (nodes) => io.probe(topology, nodes),
    clients: input.clients,
    view,
    resolve,
    async resolveOne(selector) {
      const nodes = await resolve(selector);
      if (nodes.length !== 1) throw new StepError(`'${selector}' means ${nodes.length} nodes here; this step takes one`);
      return nodes[0]!;
    },
    bind: (alias, node) => void state.aliases.set(alias, node.name),
    connect: (node, timeoutMs = 2000) => io.connect(topology, node, timeoutMs),
    sleeping: state.sleeping,
    written: state.written,
    onRestore: (description, undo) => void state.undo.push({ description, undo }),
    runId: input.runId,
  };
}
