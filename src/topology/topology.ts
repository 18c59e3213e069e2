/**
 * The lab's topology: which nodes exist, where each listens inside the lab and where the host reaches it.
 * Built once from the user's options (build-topology.ts), rendered to config files (render.ts), booted by a
 * runtime, and saved with the lab so later commands see the same nodes.
 */
import type { CompatId } from '../sentinel/compat/compat-profile.js';
import type { Persistence, SentinelKind } from './defaults.js';
import type { ProgramChoice } from './server-programs.js';

export type NodeKind = 'redis' | 'sentinel';

export interface Address {
  host: string;
  port: number;
}

export interface LabNode {
  /** The node's name in the lab: its service name, container name suffix and DNS alias. */
  name: string;
  kind: NodeKind;
  /** Role at boot; a failover changes the real role, which status reads from INFO. */
  initialRole: 'master' | 'replica' | 'sentinel';
  /** Where the other nodes of the lab reach it (what sentinels announce and replicas follow). */
  address: Address;
  /** Where the host reaches it (127.0.0.1 and a published port on Docker). */
  published: Address;
  /** redis nodes only: replica-priority (Sentinel never promotes a replica with priority 0). */
  replicaPriority?: number;
  /** sentinels only: the run id (`sentinel myid`) it is rendered with, stable for a lab and node name. */
  sentinelId?: string;
  /** The server the node runs on, in the servers layout (server-a, ...): it shares the server's address. */
  server?: string;
  /** sentinels only: true when the node runs the embedded engine (`redis-ha-lab sentinel`) instead of redis-sentinel. */
  engine?: boolean;
}

export interface Topology {
  /** The lab's name: Docker compose project, label value, directory name. */
  name: string;
  image: string;
  /** The image engine sentinels run in on Docker (absent in labs saved before the engine existed). */
  engineImage?: string;
  /** redis, engine or mixed (absent: redis). */
  sentinelKind?: SentinelKind;
  /** The name sentinels monitor the master under. */
  masterName: string;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  /** requirepass + masterauth on every redis node and auth-pass on every sentinel, when set. */
  password?: string;
  /** The lab network's IPv4 subnet (a /24); nodes get fixed addresses in it. */
  subnet: string;
  nodes: LabNode[];
  /** servers: one redis and one sentinel per server, on the server's address (absent: each node on its own). */
  layout?: 'servers';
  /** What redis nodes keep on disk (absent: none, as in labs saved before persistence was a setting). */
  persistence?: Exclude<Persistence, 'none'>;
  /** Extra redis.conf settings for every redis node (scenarios: min-replicas-to-write, ...). */
  redisConfig?: Record<string, string>;
  /**
   * The server and sentinel programs: as asked for (--redis-server, --redis-sentinel) until the runtime
   * settles them at `up` (local: the paths found; Docker: the names in the image). Absent: redis-server, as in
   * labs saved before this was a setting. Read it through programsOf().
   */
  programs?: ProgramChoice;
  /** The --compat the lab's engine sentinels run with (valkey-8 beside valkey-sentinel; absent: the engine's default). */
  engineCompat?: CompatId;
}

export function persistenceOf(topology: Topology): Persistence {
  return topology.persistence ?? 'none';
}

/** The servers of a servers-layout lab, each with its nodes, in topology order; [] for the nodes layout. */
export function serversOf(topology: Topology): { name: string; nodes: LabNode[] }[] {
  const servers = new Map<string, LabNode[]>();
  for (const node of topology.nodes) if (node.server) servers.set(node.server, [...(servers.get(node.server) ?? []), node]);
  return [...servers].map(([name, nodes]) => ({ name, nodes }));
}

export function redisNodes(topology: Topology): LabNode[] {
  return topology.nodes.filter((node) => node.kind === 'redis');
}

export function sentinelNodes(topology: Topology): LabNode[] {
  return topology.nodes.filter((node) => node.kind === 'sentinel');
}

export function initialMaster(topology: Topology): LabNode {
  const master = topology.nodes.find((node) => node.initialRole === 'master');
  if (!master) throw new Error(`topology ${topology.name} has no master`);
  return master;
}

export function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}

/** The node an in-lab address belongs to, so "172.30.7.10:6379" can be shown as redis-master. */
export function nodeAt(topology: Topology, hostPort: string): LabNode | undefined {
  return topology.nodes.find((node) => formatAddress(node.address) === hostPort);
}
