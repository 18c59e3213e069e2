// Which sentinel the engine is: the release whose replies, commands and config it follows. The engine runs
// the same failover logic for all of them (sentinel.c did not change it from 7.0 to Valkey 8); what differs
// is what a client, a peer or a test suite sees. Each field names the release that introduced the
// difference, as found by reading sentinel.c, server.c, config.c and src/commands/*.json of that release.

export const COMPAT_IDS = ['redis-7.0', 'redis-7.2', 'valkey-8'] as const;
export type CompatId = (typeof COMPAT_IDS)[number];

/** The newest Redis-compatible sentinel: what the engine is unless told otherwise. */
export const DEFAULT_COMPAT: CompatId = 'redis-7.2';

export interface CompatProfile {
  readonly id: CompatId;
  readonly product: 'redis' | 'valkey';
  /** The release followed, e.g. "7.2.6" or "8.0.1": HELLO's version, the log banner. */
  readonly version: string;
  /** INFO redis_version. Valkey keeps announcing the Redis release it forked from (7.2.4) there. */
  readonly redisVersion: string;
  /** The word in the FATAL CONFIG FILE ERROR header: "Redis" until Valkey 8.0, which prints "Version". */
  readonly fatalHeaderWord: 'Redis' | 'Version';
  /** Redis 7.2: SENTINEL CONFIG SET/GET take several parameters, and know `loglevel` (sentinelConfigSetCommand). */
  readonly configMultiParams: boolean;
  /** Redis 7.2: loglevel "nothing" (LL_NOTHING), in the config file and SENTINEL CONFIG SET. */
  readonly logLevelNothing: boolean;
  /** Redis 7.2: CLIENT SETINFO, and lib-name / lib-ver in CLIENT LIST and CLIENT INFO. */
  readonly clientSetInfo: boolean;
  /** Redis 7.2: INFO listener0, total_blocking_keys*, eventloop_* and acl_access_denied_* fields. */
  readonly info72Fields: boolean;
  /** Redis 7.2: "master_reboot" among an instance's flags (addReplySentinelRedisInstance). */
  readonly masterRebootFlag: boolean;
  /** Redis 7.2: the rewrite reuses old "sentinel known-slave" lines for known replicas (rewriteConfigSentinelOption). */
  readonly rewriteReusesKnownSlave: boolean;
  /**
   * Valkey 8.0: the `primary` names: SENTINEL PRIMARY, PRIMARIES, GET-PRIMARY-ADDR-BY-NAME, IS-PRIMARY-DOWN-BY-ADDR
   * (the master names stay, deprecated), `primary-reboot-down-after-period`, help texts about primaries.
   */
  readonly primaryNames: boolean;
  /** Valkey 8.0: INFO server_name / valkey_version / server_mode / availability_zone and the other fields it adds. */
  readonly valkeyInfo: boolean;
}

const REDIS_7_0: CompatProfile = {
  id: 'redis-7.0',
  product: 'redis',
  version: '7.0.15',
  redisVersion: '7.0.15',
  fatalHeaderWord: 'Redis',
  configMultiParams: false,
  logLevelNothing: false,
  clientSetInfo: false,
  info72Fields: false,
  masterRebootFlag: false,
  rewriteReusesKnownSlave: false,
  primaryNames: false,
  valkeyInfo: false,
};

const REDIS_7_2: CompatProfile = {
  ...REDIS_7_0,
  id: 'redis-7.2',
  version: '7.2.6',
  redisVersion: '7.2.6',
  configMultiParams: true,
  logLevelNothing: true,
  clientSetInfo: true,
  info72Fields: true,
  masterRebootFlag: true,
  rewriteReusesKnownSlave: true,
};

const VALKEY_8: CompatProfile = {
  ...REDIS_7_2,
  id: 'valkey-8',
  product: 'valkey',
  version: '8.0.1',
  redisVersion: '7.2.4',
  fatalHeaderWord: 'Version',
  primaryNames: true,
  valkeyInfo: true,
};

const PROFILES: Record<CompatId, CompatProfile> = { 'redis-7.0': REDIS_7_0, 'redis-7.2': REDIS_7_2, 'valkey-8': VALKEY_8 };

export function compatProfile(id: CompatId = DEFAULT_COMPAT): CompatProfile {
  return PROFILES[id];
}

export function isCompatId(value: string): value is CompatId {
  return (COMPAT_IDS as readonly string[]).includes(value);
}

/** "redis-7.2" → the profile; an Error that lists the choices otherwise (for --compat). */
export function parseCompatId(value: string): CompatProfile {
  if (isCompatId(value)) return PROFILES[value];
  throw new Error(`unknown --compat '${value}': use one of ${COMPAT_IDS.join(', ')}`);
}
