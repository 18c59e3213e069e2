import type { ClientNetwork } from '../clients/run-clients.js';
import type { Clock } from '../common/clock.js';
import type { NodeClient } from '../observe/lab-io.js';
import type { NodeStatus } from '../observe/node-status.js';
import type { Timeline } from '../observe/timeline.js';
import type { Runtime } from '../runtime/runtime.js';
import type { LabNode, Topology } from '../topology/topology.js';
import type { LabView } from '../topology/node-selector.js';
import type { StepArgs } from './step-args.js';

export type StepCategory = 'fault' | 'action' | 'wait' | 'assert';

/** done: an action happened; passed/failed: a wait or assertion was checked against what the lab showed. */
export type StepOutcome =
  { status: 'done'; detail?: string } | { status: 'passed'; detail?: string } | { status: 'failed'; expected: string; seen: string };

/** A key a `write` step wrote, so later assertions can look for it. */
export interface WrittenKey {
  key: string;
  value: string;
  node: string;
  at: number;
}

/** What a running step can see and do. Effects go through here, so steps stay small. */
export interface StepContext {
  topology: Topology;
  runtime: Runtime;
  clock: Clock;
  signal: AbortSignal;
  timeline: Timeline;
  /** Epoch ms when the most recent fault step started (the scenario's start before any): waits look for events since then. */
  lastFaultAt(): number;
  /** Says the running step breaks the lab now: waits after it count from here, and the run reports a fault. */
  markFault(): void;
  /** The scenario's clients, when they run isolated (a partition step names one): cut off, heal. */
  clients?: ClientNetwork;
  /** The nodes' status now (default: every node), each probe failing as a value. */
  probe(nodes?: LabNode[]): Promise<NodeStatus[]>;
  /** Current roles and aliases, probed now. */
  view(): Promise<LabView>;
  /** The nodes a selector means now; throws a StepError when it means nothing. */
  resolve(selector: string): Promise<LabNode[]>;
  resolveOne(selector: string): Promise<LabNode>;
  bind(alias: string, node: LabNode): void;
  /** A fresh connection to a node (its password when it is a redis node); the caller disconnects it. */
  connect(node: LabNode, timeoutMs?: number): Promise<NodeClient>;
  /** Nodes in DEBUG SLEEP, until when: restore restarts those still asleep. */
  sleeping: Map<string, number>;
  written: Map<string, WrittenKey[]>;
  /** Undo actions restore runs at the end, newest first. */
  onRestore(description: string, undo: () => Promise<void>): void;
  /** A unique suffix for values this run writes. */
  runId: string;
}

/** A step kind: how it reads its fields, what it says it does, and what it does. */
export interface StepKind<A = unknown> {
  kind: string;
  category: StepCategory;
  /** One line for `scenarios --steps` and for errors that list the valid kinds. */
  summary: string;
  /** The field a shorthand value fills: `kill: master` means `kill: { node: master }`. */
  shorthand?: string;
  /** Reads the fields; undefined when they were invalid (the problems are reported on `args`). */
  parse(args: StepArgs): A | undefined;
  title(args: A): string;
  run(args: A, ctx: StepContext): Promise<StepOutcome>;
}

/** A step that cannot go on (a node selector that means nothing now, a command error): the run stops there. */
export class StepError extends Error {}

export function defineStep<A>(kind: StepKind<A>): StepKind<A> {
  return kind;
}
