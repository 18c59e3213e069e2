/** The classic Sentinel lab: one master, two replicas, three sentinels, quorum 2. */
export const defaults = {
  name: 'redis-ha-lab',
  image: 'redis:7',
  replicas: 2,
  sentinels: 3,
  quorum: 2,
  downAfterMs: 5000,
  failoverTimeoutMs: 10000,
  parallelSyncs: 1,
  masterName: 'mymaster',
  redisPortBase: 6379,
  sentinelPortBase: 26379,
  sentinelKind: 'redis',
  engineImage: 'node:20-slim',
  persistence: 'none',
  layout: 'nodes',
} as const;

/** Node names follow the classic lab's docker-compose file. */
export const nodeNames = {
  master: 'redis-master',
  replica: (index: number) => `redis-replica-${index}`,
  sentinel: (index: number) => `redis-sentinel-${index}`,
} as const;

/** Ports every node listens on inside the lab (each node has its own address, so they never clash). */
export const inLabPorts = { redis: 6379, sentinel: 26379 } as const;

/** Environment variable that sets the default image (e.g. an image built by `npm run images:local`). */
export const imageEnvVar = 'REDIS_HA_LAB_IMAGE';

export function defaultImage(env: NodeJS.ProcessEnv = process.env): string {
  return env[imageEnvVar]?.trim() || defaults.image;
}

/** Environment variable that sets the image engine sentinels run in on Docker (it needs `node`; the package is mounted). */
export const engineImageEnvVar = 'REDIS_HA_LAB_ENGINE_IMAGE';

export function defaultEngineImage(env: NodeJS.ProcessEnv = process.env): string {
  return env[engineImageEnvVar]?.trim() || defaults.engineImage;
}

/** Which sentinels a lab runs: real redis-sentinel, the embedded engine, or both in one quorum. */
export const sentinelKinds = ['redis', 'engine', 'mixed'] as const;
export type SentinelKind = (typeof sentinelKinds)[number];

/** In a mixed lab, odd-numbered sentinels are engines: with 3 sentinels, two engines and one redis-sentinel. */
export function isEngineSentinel(kind: SentinelKind, index: number): boolean {
  return kind === 'engine' || (kind === 'mixed' && index % 2 === 1);
}

/**
 * What a redis node keeps on disk: nothing (the lab's default: a restarted node comes back empty), RDB snapshots,
 * or an append-only file. Each node's data directory survives restarts and is removed by `down`.
 */
export const persistenceModes = ['none', 'rdb', 'aof'] as const;
export type Persistence = (typeof persistenceModes)[number];

/**
 * How nodes are placed on hosts: each on its own (nodes), or as production often does, one redis and one sentinel
 * per server sharing its address (servers: server-a holds the master and sentinel-1, server-b replica-1 and
 * sentinel-2, ...), so a server that dies takes a sentinel with it.
 */
export const layouts = ['nodes', 'servers'] as const;
export type Layout = (typeof layouts)[number];

/** server-a, server-b, ...: servers are named by letter, in topology order. */
export function serverName(index: number): string {
  return `server-${String.fromCharCode(97 + index)}`;
}

/** Limits that keep a lab within one /24 and within what a laptop runs comfortably. */
export const limits = {
  replicas: { min: 0, max: 20 },
  sentinels: { min: 1, max: 20 },
  downAfterMs: { min: 100, max: 600_000 },
  failoverTimeoutMs: { min: 1000, max: 3_600_000 },
} as const;
