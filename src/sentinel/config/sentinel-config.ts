// The contents of a sentinel.conf, as the engine reads and rewrites it.
// Option names follow sentinelHandleConfiguration() and rewriteConfigSentinelOption() in sentinel.c.

export interface KnownReplica {
  host: string;
  port: number;
}

export interface KnownSentinel {
  host: string;
  port: number;
  runId: string;
}

export interface MasterConfig {
  name: string;
  host: string;
  port: number;
  quorum: number;
  downAfterMs: number; // sentinel down-after-milliseconds
  failoverTimeoutMs: number; // sentinel failover-timeout
  parallelSyncs: number; // sentinel parallel-syncs
  authPass?: string; // sentinel auth-pass
  authUser?: string; // sentinel auth-user
  notificationScript?: string; // sentinel notification-script
  clientReconfigScript?: string; // sentinel client-reconfig-script
  masterRebootDownAfterPeriodMs: number; // sentinel master-reboot-down-after-period
  configEpoch: number; // sentinel config-epoch
  leaderEpoch: number; // sentinel leader-epoch
  knownReplicas: KnownReplica[]; // sentinel known-replica (known-slave is accepted on read)
  knownSentinels: KnownSentinel[]; // sentinel known-sentinel
  renamedCommands: [from: string, to: string][]; // sentinel rename-command
}

export interface SentinelConfig {
  port: number; // default 26379 (REDIS_SENTINEL_PORT)
  bind: string[]; // empty = all interfaces
  dir?: string;
  logfile: string; // "" = stdout
  pidfile?: string;
  daemonize: boolean;
  protectedMode: boolean;
  requirePass?: string; // top-level requirepass: clients of this sentinel must AUTH
  myid?: string; // sentinel myid
  currentEpoch: number; // sentinel current-epoch
  announceIp?: string; // sentinel announce-ip
  announcePort?: number; // sentinel announce-port
  resolveHostnames: boolean; // sentinel resolve-hostnames
  announceHostnames: boolean; // sentinel announce-hostnames
  denyScriptsReconfig: boolean; // sentinel deny-scripts-reconfig
  sentinelUser?: string; // sentinel sentinel-user
  sentinelPass?: string; // sentinel sentinel-pass
  masters: MasterConfig[];
  // Added for the config reader/rewriter (optional so hand-built configs stay valid):
  logLevel?: ServerLogLevel; // loglevel, default "notice"
  latencyTrackingInfoPercentiles?: number[]; // latency-tracking-info-percentiles, default [50, 99, 99.9]
  otherDirectives?: OtherDirective[]; // valid top-level lines the engine does not interpret, in file order
}

export type ServerLogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing'; // "nothing": Redis 7.2

/**
 * A top-level line Redis accepts but a Sentinel engine has no use for (maxclients, user, rename-command,
 * loadmodule, ...). The rewrite keeps such lines from the old file; this list only lets the engine see them.
 */
export interface OtherDirective {
  name: string; // lower-cased directive, aliases kept as written (e.g. "slaveof")
  args: string[]; // unquoted arguments
  line: number; // 1-based line in the file
}
