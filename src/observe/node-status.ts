import { describeError } from '../common/errors.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { formatAddress, nodeAt } from '../topology/topology.js';
import { formatSoftware, pairsToRecord, parseReplicationInfo, parseServerInfo } from './info.js';
import { withConnection } from './redis-connection.js';

/** One node as `status --json` reports it. */
export interface RedisNodeStatus {
  name: string;
  /** The server it runs on, in the servers layout. */
  server?: string;
  kind: 'redis';
  role: 'master' | 'replica' | 'down';
  /** Where the other nodes reach it, "host:port". */
  address: string;
  /** Where the host reaches it, "host:port". */
  published: string;
  /** replicas: the master they follow, "host:port" as INFO replication says, and that node's name. */
  master?: string;
  masterNode?: string;
  link?: 'up' | 'down';
  offset?: number;
  connectedReplicas?: number;
  /** What it runs, from INFO server: "redis 7.0.15", "valkey 8.0.1". */
  software?: string;
  /** down: why it did not answer. */
  error?: string;
}

export interface SentinelNodeStatus {
  name: string;
  /** The server it runs on, in the servers layout. */
  server?: string;
  kind: 'sentinel';
  role: 'sentinel' | 'down';
  address: string;
  published: string;
  /** The master address this sentinel reports (get-master-addr-by-name), "host:port", and that node's name. */
  master?: string;
  masterNode?: string;
  /** SENTINEL MASTER flags, e.g. ["master"], ["s_down", "master"], ["o_down", "master", "failover_in_progress"]. */
  flags?: string[];
  numSlaves?: number;
  numOtherSentinels?: number;
  quorum?: number;
  ckquorum?: { ok: boolean; message: string };
  /** What this sentinel says of each replica and each other sentinel it knows (SENTINEL REPLICAS / SENTINELS). */
  knownReplicas?: KnownInstance[];
  knownSentinels?: KnownInstance[];
  /** What it says it runs, from INFO server ("valkey 8.0.1"; the engine answers as the release it follows). */
  software?: string;
  error?: string;
}

export interface KnownInstance {
  address: string;
  node?: string;
  /** e.g. ["slave"], ["sentinel"], ["s_down", "slave", "disconnected"]. */
  flags: string[];
}

export type NodeStatus = RedisNodeStatus | SentinelNodeStatus;

const probeTimeoutMs = 1000;

export async function probeRedisNode(topology: Topology, node: LabNode, timeoutMs = probeTimeoutMs): Promise<RedisNodeStatus> {
  const base = {
    name: node.name,
    ...(node.server ? { server: node.server } : {}),
    kind: 'redis' as const,
    address: formatAddress(node.address),
    published: formatAddress(node.published),
  };
  try {
    // Two sections in one INFO (Redis 7.0 and later), so a probe still costs one round trip.
    const info = await withConnection(
      node.published,
      { password: topology.password, timeoutMs },
      (client) => client.call('INFO', 'server', 'replication') as Promise<string>,
    );
    const replication = parseReplicationInfo(info);
    const software = softwareOf(info);
    if (replication.role === 'master') {
      return { ...base, role: 'master', offset: replication.offset, connectedReplicas: replication.connectedReplicas, ...software };
    }
    return {
      ...base,
      ...software,
      role: 'replica',
      master: replication.master,
      masterNode: replication.master ? nodeAt(topology, replication.master)?.name : undefined,
      link: replication.link,
      offset: replication.offset,
      connectedReplicas: replication.connectedReplicas,
    };
  } catch (error) {
    return { ...base, role: 'down', error: describeProbeError(error) };
  }
}

export async function probeSentinelNode(topology: Topology, node: LabNode, timeoutMs = probeTimeoutMs): Promise<SentinelNodeStatus> {
  const base = {
    name: node.name,
    ...(node.server ? { server: node.server } : {}),
    kind: 'sentinel' as const,
    address: formatAddress(node.address),
    published: formatAddress(node.published),
  };
  try {
    return await withConnection(node.published, { timeoutMs }, async (client) => {
      const name = topology.masterName;
      const [addr, master, replicas, sentinels, ckquorum, info] = await Promise.all([
        client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name) as Promise<unknown>,
        client.call('SENTINEL', 'MASTER', name) as Promise<unknown>,
        client.call('SENTINEL', 'REPLICAS', name) as Promise<unknown>,
        client.call('SENTINEL', 'SENTINELS', name) as Promise<unknown>,
        (client.call('SENTINEL', 'CKQUORUM', name) as Promise<unknown>).then(
          (reply) => ({ ok: true, message: String(reply) }),
          (error: unknown) => ({ ok: false, message: describeError(error) }),
        ),
        (client.call('INFO', 'server') as Promise<string>).catch(() => ''),
      ]);
      const fields = pairsToRecord(master);
      const masterAddress = Array.isArray(addr) && addr.length === 2 ? `${String(addr[0])}:${String(addr[1])}` : undefined;
      return {
        ...base,
        role: 'sentinel' as const,
        master: masterAddress,
        masterNode: masterAddress ? nodeAt(topology, masterAddress)?.name : undefined,
        flags: fields.flags?.split(',').filter(Boolean) ?? [],
        numSlaves: Number(fields['num-slaves'] ?? 0),
        numOtherSentinels: Number(fields['num-other-sentinels'] ?? 0),
        quorum: Number(fields.quorum ?? 0),
        ckquorum,
        knownReplicas: knownInstances(topology, replicas),
        knownSentinels: knownInstances(topology, sentinels),
        ...softwareOf(info),
      };
    });
  } catch (error) {
    return { ...base, role: 'down', error: describeProbeError(error) };
  }
}

function softwareOf(info: string): { software?: string } {
  const software = parseServerInfo(info);
  return software ? { software: formatSoftware(software) } : {};
}

function knownInstances(topology: Topology, reply: unknown): KnownInstance[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((entry) => {
    const fields = pairsToRecord(entry);
    const address = `${fields.ip}:${fields.port}`;
    return { address, node: nodeAt(topology, address)?.name, flags: (fields.flags ?? '').split(',').filter(Boolean) };
  });
}

export function probeNode(topology: Topology, node: LabNode, timeoutMs = probeTimeoutMs): Promise<NodeStatus> {
  return node.kind === 'sentinel' ? probeSentinelNode(topology, node, timeoutMs) : probeRedisNode(topology, node, timeoutMs);
}

/** Every node's status, probed in parallel, in topology order. */
export function probeLab(topology: Topology, nodes: LabNode[] = topology.nodes, timeoutMs = probeTimeoutMs): Promise<NodeStatus[]> {
  return Promise.all(nodes.map((node) => probeNode(topology, node, timeoutMs)));
}

/** ioredis says "Connection is closed." for a refused or dropped connection; say what it means here. */
function describeProbeError(error: unknown): string {
  const message = describeError(error);
  if (/Connection is closed|ECONNREFUSED|ECONNRESET/.test(message)) return 'connection refused or closed: not running?';
  if (/timed? ?out/i.test(message)) return 'no reply in time: paused, sleeping or cut off?';
  return message;
}
