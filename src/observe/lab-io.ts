import type { Clock } from '../common/clock.js';
import type { LabNode, Topology } from '../topology/topology.js';
import type { NodeStatus } from './node-status.js';
import { probeLab } from './node-status.js';
import { connect } from './redis-connection.js';
import { watchSentinelEvents } from './sentinel-events.js';
import type { TimelineEvent } from './timeline.js';

/** A connection to one node, as the runner and its steps use it; the caller disconnects it. */
export interface NodeClient {
  call(command: string, ...args: string[]): Promise<unknown>;
  disconnect(): void;
}

/**
 * Everything the lab's observers and the scenario runner do over the network, in one small interface passed
 * in, so the runner can be driven in a test by a fake lab without Docker or redis-server.
 */
export interface LabIo {
  /** Every node's status now, in topology order; a node that does not answer is a value ('down'), not an error. */
  probe(topology: Topology, nodes?: LabNode[], options?: { timeoutMs?: number }): Promise<NodeStatus[]>;
  /** A fresh connection to a node (with the lab's password for a redis node); rejects when the node does not answer. */
  connect(topology: Topology, node: LabNode, timeoutMs?: number): Promise<NodeClient>;
  /** Every event every sentinel publishes, as it comes, until the returned function is called. */
  watchSentinels(topology: Topology, onEvent: (event: TimelineEvent) => void): Promise<() => void>;
}

/** The lab over real connections (ioredis). */
export function createLabIo(clock: Clock): LabIo {
  return {
    probe: (topology, nodes, options) => probeLab(topology, nodes, options?.timeoutMs),
    connect: (topology, node, timeoutMs = 2000) =>
      connect(node.published, { password: node.kind === 'redis' ? topology.password : undefined, timeoutMs }),
    watchSentinels: (topology, onEvent) => watchSentinelEvents(topology, clock, onEvent),
  };
}

/** Runs `work` on a fresh connection to a node and always closes it. */
export async function withNode<T>(
  io: LabIo,
  topology: Topology,
  node: LabNode,
  timeoutMs: number,
  work: (client: NodeClient) => Promise<T>,
): Promise<T> {
  const client = await io.connect(topology, node, timeoutMs);
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}
