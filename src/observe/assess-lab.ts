import type { Topology } from '../topology/topology.js';
import { redisNodes, sentinelNodes } from '../topology/topology.js';
import type { NodeStatus, RedisNodeStatus, SentinelNodeStatus } from './node-status.js';

/** Flags Sentinel puts on an instance it cannot reach or considers down (the flags field sentinel.c's addReplySentinelRedisInstance writes). */
const unhealthyLinkFlags = new Set(['s_down', 'o_down', 'disconnected']);

/** Something about the lab that is not as a healthy Sentinel setup should be; `node` when it concerns one node. */
export interface Finding {
  node?: string;
  message: string;
}

/**
 * Compares what the nodes say with each other and with the topology. No findings means the lab is ready:
 * one master, every replica linked to it, every sentinel reporting it with all replicas and all other
 * sentinels known, and CKQUORUM OK. The same rules serve `up` (wait until none) and `status` (show them).
 */
export function assessLab(topology: Topology, statuses: NodeStatus[]): Finding[] {
  const findings: Finding[] = [];
  const redis = statuses.filter((s): s is RedisNodeStatus => s.kind === 'redis');
  const sentinels = statuses.filter((s): s is SentinelNodeStatus => s.kind === 'sentinel');

  for (const status of statuses) {
    if (status.role === 'down')
      findings.push({
        node: status.name,
        message: `${status.name} does not answer at ${status.published} (${status.error ?? 'no reply'})`,
      });
  }

  const masters = redis.filter((s) => s.role === 'master');
  const master = masters.length === 1 ? masters[0] : undefined;
  if (masters.length === 0) {
    findings.push({ message: 'no redis node reports role:master' });
  } else if (masters.length > 1) {
    const names = masters.map((m) => m.name);
    findings.push({ message: `${names.slice(0, -1).join(', ')} and ${names.at(-1)} all report role:master (split brain)` });
  }

  for (const replica of redis.filter((s) => s.role === 'replica')) {
    if (master && replica.master !== master.address) {
      findings.push({ node: replica.name, message: `${replica.name} follows ${describeTarget(replica)}, not the master ${master.name}` });
    } else if (replica.link !== 'up') {
      findings.push({ node: replica.name, message: `${replica.name}: link to its master ${describeTarget(replica)} is down` });
    }
  }

  const expectedReplicas = redisNodes(topology).length - 1;
  const expectedOthers = sentinelNodes(topology).length - 1;
  const answering = sentinels.filter((s) => s.role === 'sentinel');
  for (const sentinel of answering) {
    if (!sentinel.master) {
      findings.push({ node: sentinel.name, message: `${sentinel.name} does not monitor ${topology.masterName}` });
      continue;
    }
    if (master && sentinel.master !== master.address) {
      findings.push({
        node: sentinel.name,
        message: `${sentinel.name} reports master ${describeTarget(sentinel)}, but ${master.name} is the master`,
      });
    }
    const trouble = (sentinel.flags ?? []).filter((flag) => flag !== 'master');
    if (trouble.length > 0)
      findings.push({ node: sentinel.name, message: `${sentinel.name} flags ${topology.masterName} ${trouble.join(',')}` });
    if (sentinel.numSlaves !== expectedReplicas) {
      findings.push({ node: sentinel.name, message: `${sentinel.name} knows ${sentinel.numSlaves} of ${expectedReplicas} replicas` });
    }
    if (sentinel.numOtherSentinels !== expectedOthers) {
      findings.push({
        node: sentinel.name,
        message: `${sentinel.name} knows ${sentinel.numOtherSentinels} of ${expectedOthers} other sentinels`,
      });
    }
    for (const known of [...(sentinel.knownReplicas ?? []), ...(sentinel.knownSentinels ?? [])]) {
      const trouble = known.flags.filter((flag) => unhealthyLinkFlags.has(flag));
      if (trouble.length > 0) {
        findings.push({ node: sentinel.name, message: `${sentinel.name} sees ${known.node ?? known.address} as ${trouble.join(',')}` });
      }
    }
    if (sentinel.ckquorum && !sentinel.ckquorum.ok) {
      findings.push({ node: sentinel.name, message: `${sentinel.name}: CKQUORUM failed: ${sentinel.ckquorum.message}` });
    }
  }
  const reported = new Set(answering.map((s) => s.master).filter(Boolean));
  if (!master && reported.size > 1) {
    findings.push({ message: `sentinels disagree on the master: ${answering.map((s) => `${s.name} → ${describeTarget(s)}`).join(', ')}` });
  }
  return findings;
}

function describeTarget(status: { master?: string; masterNode?: string }): string {
  if (!status.master) return 'nothing';
  return status.masterNode ? `${status.masterNode} (${status.master})` : status.master;
}
