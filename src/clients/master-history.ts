// Pure: which node the sentinels made master, and from when, from the timeline. "Master at that moment" is the
// deployment's word, not the node's own: during a split brain the cut-off old master still says role:master, yet
// a write it acknowledges after the failover is one the deployment has already given up.
import type { TimelineEvent } from '../observe/timeline.js';
import type { Topology } from '../topology/topology.js';

export interface MasterHistory {
  /** Whether the server at `host:port` was master at time t; undefined for a server that is not a node of the lab. */
  wasMaster(server: string, t: number): boolean | undefined;
  /** Each hand-over after the start: when, and to which node. */
  changes: { at: number; master: string }[];
}

/**
 * `initialMaster` is master when the run starts. Each failover hands the role to the replica it promoted: the
 * sentinels announce it with +switch-master (sentinel.c: sentinelEvent "+switch-master <name> <old-ip> <old-port>
 * <new-ip> <new-port>"), and before that the leader publishes +promoted-slave about it (the point where the
 * failover is committed). Either one is enough: a lab fault may withhold +switch-master, and a client that was not
 * told still wrote to a demoted master. The hand-over counts from the moment the replica could take writes (a
 * second or so before the announcement): the leader's +failover-state-send-slaveof-noone about it, or the role
 * watcher seeing it say role:master, whichever came first.
 */
export function masterHistory(topology: Topology, initialMaster: string | undefined, events: readonly TimelineEvent[]): MasterHistory {
  const byAddress = new Map<string, string>();
  for (const node of topology.nodes) {
    byAddress.set(`${node.address.host}:${node.address.port}`, node.name);
    byAddress.set(`${node.published.host}:${node.published.port}`, node.name);
  }
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const changes: { at: number; master: string }[] = [];
  for (const e of sorted) {
    const promotedTo = promotedAddress(e);
    if (promotedTo === undefined) continue;
    const master = byAddress.get(promotedTo);
    const previous = changes.at(-1);
    if (!master || master === (previous?.master ?? initialMaster)) continue;
    const since = (r: TimelineEvent) => r.at <= e.at && r.at > (previous?.at ?? -Infinity);
    // The leader's SLAVEOF NO ONE is the moment the replica can take writes; the role watcher, which polls,
    // sees it up to a poll later. The earliest of the two (or the announcement itself) is the hand-over.
    const node = topology.nodes.find((n) => n.name === master)!;
    const sent = sorted.find(
      (r) =>
        r.kind === 'sentinel' &&
        r.name === '+failover-state-send-slaveof-noone' &&
        since(r) &&
        r.detail.includes(` ${node.address.host} ${node.address.port} `),
    );
    const promoted = sorted.find((r) => r.kind === 'role' && r.source === master && r.detail === 'master' && since(r));
    changes.push({ at: Math.min(sent?.at ?? e.at, promoted?.at ?? e.at), master });
  }
  const masterAt = (t: number) => [...changes].reverse().find((c) => c.at <= t)?.master ?? initialMaster;
  return {
    changes,
    wasMaster(server, t) {
      const node = byAddress.get(server);
      const master = masterAt(t);
      return node === undefined || master === undefined ? undefined : node === master;
    },
  };
}

/** The address a +switch-master or +promoted-slave event hands the master role to, as "host:port". */
function promotedAddress(e: TimelineEvent): string | undefined {
  if (e.kind !== 'sentinel') return undefined;
  const words = e.detail.split(' ');
  // +switch-master <name> <old-ip> <old-port> <new-ip> <new-port>
  if (e.name === '+switch-master') return `${words[3]}:${words[4]}`;
  // +promoted-slave slave <ip:port> <ip> <port> @ <name> <master-ip> <master-port>
  if (e.name === '+promoted-slave') return `${words[2]}:${words[3]}`;
  return undefined;
}
