// The top-level directives a redis-server accepts, which a sentinel.conf may contain too: the names of
// its standard config table (lookupConfig() in config.c, matched case-insensitively, the same list
// CONFIG GET * reports, plus the hidden debugging ones), their aliases, and which of them take several
// arguments (MULTI_ARG_CONFIG). The 7.0.15 table is the base; each later release's additions and renames
// are listed apart, per compat profile. Only names are listed; the values of options a Sentinel has no
// use for are not interpreted by this engine.

import type { CompatId } from '../compat/compat-profile.js';

const PRIMARY_NAMES = `
acl-pubsub-default aclfile acllog-max-len active-defrag-cycle-max active-defrag-cycle-min
active-defrag-ignore-bytes active-defrag-max-scan-fields active-defrag-threshold-lower
active-defrag-threshold-upper active-expire-effort activedefrag activerehashing always-show-logo
aof-disable-auto-gc aof-load-truncated aof-rewrite-incremental-fsync aof-timestamp-enabled
aof-use-rdb-preamble aof_rewrite_cpulist appenddirname appendfilename appendfsync appendonly
auto-aof-rewrite-min-size auto-aof-rewrite-percentage bgsave_cpulist bind bind-source-addr
bio_cpulist busy-reply-threshold client-output-buffer-limit client-query-buffer-limit
cluster-allow-pubsubshard-when-down cluster-allow-reads-when-down cluster-allow-replica-migration
cluster-announce-bus-port cluster-announce-hostname cluster-announce-ip cluster-announce-port
cluster-announce-tls-port cluster-config-file cluster-enabled cluster-link-sendbuf-limit
cluster-migration-barrier cluster-node-timeout cluster-port cluster-preferred-endpoint-type
cluster-replica-no-failover cluster-replica-validity-factor cluster-require-full-coverage
crash-log-enabled crash-memcheck-enabled daemonize databases dbfilename dir disable-thp dynamic-hz
enable-debug-command enable-module-command enable-protected-configs hash-max-listpack-entries
hash-max-listpack-value hll-sparse-max-bytes hz ignore-warnings io-threads io-threads-do-reads
jemalloc-bg-thread key-load-delay latency-monitor-threshold latency-tracking
latency-tracking-info-percentiles lazyfree-lazy-eviction lazyfree-lazy-expire
lazyfree-lazy-server-del lazyfree-lazy-user-del lazyfree-lazy-user-flush lfu-decay-time
lfu-log-factor list-compress-depth list-max-listpack-size loading-process-events-interval-bytes
logfile loglevel masterauth masteruser maxclients maxmemory maxmemory-clients
maxmemory-eviction-tenacity maxmemory-policy maxmemory-samples min-replicas-max-lag
min-replicas-to-write no-appendfsync-on-rewrite notify-keyspace-events oom-score-adj
oom-score-adj-values pidfile port proc-title-template propagation-error-behavior protected-mode
proto-max-bulk-len rdb-del-sync-files rdb-key-save-delay rdb-save-incremental-fsync rdbchecksum
rdbcompression repl-backlog-size repl-backlog-ttl repl-disable-tcp-nodelay repl-diskless-load
repl-diskless-sync repl-diskless-sync-delay repl-diskless-sync-max-replicas
repl-ping-replica-period repl-timeout replica-announce-ip replica-announce-port replica-announced
replica-ignore-disk-write-errors replica-ignore-maxmemory replica-lazy-flush replica-priority
replica-read-only replica-serve-stale-data replicaof requirepass sanitize-dump-payload save
server_cpulist set-max-intset-entries set-proc-title shutdown-on-sigint shutdown-on-sigterm
shutdown-timeout slowlog-log-slower-than slowlog-max-len socket-mark-id stop-writes-on-bgsave-error
stream-node-max-bytes stream-node-max-entries supervised syslog-enabled syslog-facility
syslog-ident tcp-backlog tcp-keepalive timeout tls-auth-clients tls-ca-cert-dir tls-ca-cert-file
tls-cert-file tls-ciphers tls-ciphersuites tls-client-cert-file tls-client-key-file
tls-client-key-file-pass tls-cluster tls-dh-params-file tls-key-file tls-key-file-pass tls-port
tls-prefer-server-ciphers tls-protocols tls-replication tls-session-cache-size
tls-session-cache-timeout tls-session-caching tracking-table-max-keys unixsocket unixsocketperm
use-exit-on-panic watchdog-period zset-max-listpack-entries zset-max-listpack-value`
  .trim()
  .split(/\s+/);

/** Old names still accepted, mapped to the name Redis writes back on rewrite (7.0.15). */
const CONFIG_ALIASES: ReadonlyMap<string, string> = new Map([
  ['cluster-slave-no-failover', 'cluster-replica-no-failover'],
  ['slave-lazy-flush', 'replica-lazy-flush'],
  ['slave-serve-stale-data', 'replica-serve-stale-data'],
  ['slave-read-only', 'replica-read-only'],
  ['slave-ignore-maxmemory', 'replica-ignore-maxmemory'],
  ['slave-announce-ip', 'replica-announce-ip'],
  ['cluster-slave-validity-factor', 'cluster-replica-validity-factor'],
  ['list-max-ziplist-size', 'list-max-listpack-size'],
  ['slave-priority', 'replica-priority'],
  ['slave-announce-port', 'replica-announce-port'],
  ['repl-ping-slave-period', 'repl-ping-replica-period'],
  ['min-slaves-to-write', 'min-replicas-to-write'],
  ['min-slaves-max-lag', 'min-replicas-max-lag'],
  ['lua-time-limit', 'busy-reply-threshold'],
  ['hash-max-ziplist-entries', 'hash-max-listpack-entries'],
  ['zset-max-ziplist-entries', 'zset-max-listpack-entries'],
  ['hash-max-ziplist-value', 'hash-max-listpack-value'],
  ['zset-max-ziplist-value', 'zset-max-listpack-value'],
  ['slaveof', 'replicaof'],
]);

/** Options whose value is a list of arguments rather than exactly one. */
export const MULTI_ARG_CONFIGS: ReadonlySet<string> = new Set([
  'shutdown-on-sigint',
  'shutdown-on-sigterm',
  'save',
  'client-output-buffer-limit',
  'oom-score-adj-values',
  'bind',
  'replicaof',
  'latency-tracking-info-percentiles',
]);

/** Options removed in 7.0 that loadServerConfigFromString() still skips silently (name, argc range). */
export const DEPRECATED_CONFIGS: ReadonlyMap<string, readonly [min: number, max: number]> = new Map([
  ['list-max-ziplist-entries', [2, 2]],
  ['list-max-ziplist-value', [2, 2]],
  ['lua-replicate-commands', [2, 2]],
]);

// Redis 7.2.0 added these to the table (config.c standardConfig[]).
const ADDED_IN_7_2 = [
  'client-default-resp',
  'cluster-announce-human-nodename',
  'cluster-ping-interval',
  'locale-collate',
  'req-res-logfile',
  'set-max-listpack-entries',
  'set-max-listpack-value',
];

// Valkey 8.0 added these on top of Redis 7.2 (its config.c static_configs[]).
const ADDED_IN_VALKEY_8 = [
  'availability-zone',
  'cluster-announce-client-ipv4',
  'cluster-announce-client-ipv6',
  'cluster-blacklist-ttl',
  'cluster-slot-stats-enabled',
  'debug-context',
  'dual-channel-replication-enabled',
  'enable-debug-assert',
  'events-per-io-thread',
  'extended-redis-compatibility',
  'hide-user-data-from-log',
  'max-new-connections-per-cycle',
  'max-new-tls-connections-per-cycle',
  'prefetch-batch-max-size',
  'unixsocketgroup',
];

// Valkey 8.0 renamed these; the old name stays as an alias, and the rewrite writes the new one.
const RENAMED_IN_VALKEY_8: ReadonlyMap<string, string> = new Map([
  ['aof_rewrite_cpulist', 'aof-rewrite-cpulist'],
  ['bgsave_cpulist', 'bgsave-cpulist'],
  ['bio_cpulist', 'bio-cpulist'],
  ['server_cpulist', 'server-cpulist'],
  ['masterauth', 'primaryauth'],
  ['masteruser', 'primaryuser'],
]);

/** The standard config table of one release: which names it knows, and what each is rewritten as. */
export class ConfigDirectives {
  private readonly names: ReadonlySet<string>;

  constructor(
    primaryNames: readonly string[],
    private readonly aliases: ReadonlyMap<string, string>,
  ) {
    this.names = new Set([...primaryNames, ...aliases.keys()]);
  }

  static of(compat: CompatId): ConfigDirectives {
    if (compat === 'redis-7.0') return REDIS_7_0_DIRECTIVES;
    if (compat === 'redis-7.2') return REDIS_7_2_DIRECTIVES;
    return VALKEY_8_DIRECTIVES;
  }

  /** lookupConfig(): is `name` (any case) a standard option or an alias of one. */
  isStandard(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }

  /** The name an option is rewritten under: aliases map to their primary name. */
  primaryName(name: string): string {
    const lower = name.toLowerCase();
    return this.aliases.get(lower) ?? lower;
  }
}

const REDIS_7_0_DIRECTIVES = new ConfigDirectives(PRIMARY_NAMES, CONFIG_ALIASES);
const REDIS_7_2_DIRECTIVES = new ConfigDirectives([...PRIMARY_NAMES, ...ADDED_IN_7_2], CONFIG_ALIASES);
const VALKEY_8_DIRECTIVES = new ConfigDirectives(
  [...PRIMARY_NAMES.filter((n) => !RENAMED_IN_VALKEY_8.has(n)), ...ADDED_IN_7_2, ...ADDED_IN_VALKEY_8, ...RENAMED_IN_VALKEY_8.values()],
  new Map([...CONFIG_ALIASES, ...RENAMED_IN_VALKEY_8]),
);
