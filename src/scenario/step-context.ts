import { randomBytes } from 'node:crypto';
import type { Clock } from '../common/clock.js';
import { probeLab } from '../observe/node-status.js';
import { connect } from '../observe/redis-connection.js';
import type { Timeline } from '../observe/timeline.js';
import type { Runtime } from '../runtime/runtime.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import type { LabView } from './node-selector.js';
import { resolveSelector } from './node-selector.js';
import type { StepContext, WrittenKey } from './step-kind.js';
import { StepError } from './step-kind.js';

/** Something restore puts back at the end (a setting, a command's undo). */
export interface UndoAction {
  description: string;
  undo: () => Promise<void>;
}

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

/** The StepContext of one run: effects through the runtime and fresh connections, state in RunState. */
export function createStepContext(input: { topology: Topology; runtime: Runtime; clock: Clock; signal: AbortSignal; timeline: Timeline; state: RunState }): StepContext {
  const { topology, clock, state } = input;
  const view = async (): Promise<LabView> => {
    const statuses = await probeLab(topology, redisNodes(topology));
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
    },
    view,
    resolve,
    async resolveOne(selector) {
      const nodes = await resolve(selector);
      if (nodes.length !== 1) throw new StepError(`'${selector}' means ${nodes.length} nodes here; this step takes one`);
      return nodes[0]!;
    },
    bind: (alias, node) => void state.aliases.set(alias, node.name),
    connect: (node, timeoutMs = 2000) => connect(node.published, { password: node.kind === 'redis' ? topology.password : undefined, timeoutMs }),
    sleeping: state.sleeping,
    written: state.written,
    onRestore: (description, undo) => void state.undo.push({ description, undo }),
    runId: randomBytes(4).toString('hex'),
  };
}
