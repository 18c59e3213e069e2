import { createHash } from 'node:crypto';
import { defaults, inLabPorts, isEngineSentinel, nodeNames, serverName } from './defaults.js';
import type { LabOptions } from './lab-options.js';
import { parseSubnet24 } from './lab-options.js';
import type { LabNode, Topology } from './topology.js';

/** Host offsets inside the lab's /24: redis nodes from .10, sentinels from .41, so addresses read as roles. */
const redisHostOffset = 10;
const sentinelHostOffset = 40;
/** Sentinels' published ports sit this far above the redis nodes' (6379 → 26379, as in Redis's own layout). */
const sentinelPortOffset = 20000;

/**
 * A stable default subnet per lab name inside 172.28.0.0/14, so two labs get different networks and the same
 * lab gets the same one every time (render and up agree). The runtime may move it when it overlaps a network
 * that already exists.
 */
export function defaultSubnet(name: string, attempt = 0): string {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const slot = (hash + attempt * 7919) % (4 * 256);
  return `172.${28 + Math.floor(slot / 256)}.${slot % 256}.0/24`;
}

/** Options → the full list of nodes with their addresses. Pure: the same options give the same topology. */
export function buildTopology(options: LabOptions, subnet = options.subnet ?? defaultSubnet(options.name)): Topology {
  const octets = parseSubnet24(subnet);
  if (!octets) throw new Error(`not a /24 subnet: ${subnet}`);
  const ip = (host: number) => `${octets.join('.')}.${host}`;
  const loopback = '127.0.0.1';

  // In the servers layout, redis node i and sentinel i+1 share server i's address (the seeds' layout); otherwise
  // each node has its own.
  const servers = options.layout === 'servers';
  const redisHost = (i: number) => ip(redisHostOffset + i);
  const sentinelHost = (i: number) => (servers ? ip(redisHostOffset + i - 1) : ip(sentinelHostOffset + i));
  const nodes: LabNode[] = [];
  for (let i = 0; i <= options.replicas; i++) {
    nodes.push({
      name: i === 0 ? nodeNames.master : nodeNames.replica(i),
      kind: 'redis',
      initialRole: i === 0 ? 'master' : 'replica',
      address: { host: redisHost(i), port: inLabPorts.redis },
      ...(servers ? { server: serverName(i) } : {}),
      published: { host: loopback, port: options.portBase + i },
      replicaPriority: options.replicaPriority?.[i === 0 ? nodeNames.master : nodeNames.replica(i)] ?? 100,
    });
  }
  for (let i = 1; i <= options.sentinels; i++) {
    nodes.push({
      name: nodeNames.sentinel(i),
      kind: 'sentinel',
      initialRole: 'sentinel',
      address: { host: sentinelHost(i), port: inLabPorts.sentinel },
      ...(servers ? { server: serverName(i - 1) } : {}),
      published: { host: loopback, port: options.portBase + sentinelPortOffset + i - 1 },
      sentinelId: sentinelId(options.name, nodeNames.sentinel(i)),
      ...(isEngineSentinel(options.sentinelKind, i) ? { engine: true } : {}),
    });
  }

  return {
    name: options.name,
    image: options.image,
    ...(options.sentinelKind !== 'redis' ? { sentinelKind: options.sentinelKind, engineImage: options.engineImage } : {}),
    masterName: defaults.masterName,
    quorum: options.quorum,
    downAfterMs: options.downAfterMs,
    failoverTimeoutMs: options.failoverTimeoutMs,
    parallelSyncs: options.parallelSyncs,
    ...(options.password !== undefined ? { password: options.password } : {}),
    subnet,
    nodes,
    ...(options.persistence !== 'none' ? { persistence: options.persistence } : {}),
    ...(servers ? { layout: 'servers' as const } : {}),
    ...(options.redisConfig && Object.keys(options.redisConfig).length > 0 ? { redisConfig: options.redisConfig } : {}),
    ...(options.programs?.server || options.programs?.sentinel ? { programs: { ...options.programs } } : {}),
  };
}

/** The same topology on another /24: every in-lab address keeps its host part. */
export function moveToSubnet(topology: Topology, subnet: string): Topology {
  const octets = parseSubnet24(subnet);
  if (!octets) throw new Error(`not a /24 subnet: ${subnet}`);
  const prefix = octets.join('.');
  return {
    ...topology,
    subnet,
    nodes: topology.nodes.map((node) => ({
      ...node,
      address: { ...node.address, host: `${prefix}.${node.address.host.split('.')[3]}` },
    })),
  };
}

/** A 40-hex-digit Sentinel run id derived from the lab and node names: the same lab renders the same ids. */
export function sentinelId(lab: string, node: string): string {
  return createHash('sha1').update(`redis-ha-lab/${lab}/${node}`).digest('hex');
}
