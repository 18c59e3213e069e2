// INFO for a sentinel (sentinelInfoCommand): only the server, clients, stats, cpu and sentinel sections
// exist; "default", "all" and "everything" all mean those five. Field names, order and line format follow
// genRedisInfoString() and sentinelInfoCommand() of the release followed (7.0.15, with what 7.2 and Valkey 8
// added or renamed); figures that describe Redis internals absent here (evictions, forks, defrag, replication
// traffic, event loop...) are reported as 0.

import os from 'node:os';
import { SRI_O_DOWN, SRI_S_DOWN } from '../constants.js';
import { announceHost } from '../core/sentinel-addr.js';
import { bulk } from '../resp/reply.js';
import type { CommandCall, ServerContext } from './server-context.js';

const SENTINEL_SECTIONS = ['server', 'clients', 'cpu', 'stats', 'sentinel'];
const MAXCLIENTS = 10_000;

type Lines = Array<[string, string | number]>;

/** `lines` when the release has them, else nothing. */
function when(has: boolean, lines: Lines): Lines {
  return has ? lines : [];
}

/** listener0 (Redis 7.2): "name=tcp,bind=<addr>,...,port=<port>", one bind= per configured address. */
function listenerLine(ctx: ServerContext): string {
  const bind = ctx.hooks.bind && ctx.hooks.bind.length > 0 ? ctx.hooks.bind : ['*', '-::*'];
  return ['name=tcp', ...bind.map((b) => `bind=${b}`), `port=${ctx.hooks.port}`].join(',');
}

function section(title: string, lines: Lines): string {
  return `# ${title}\r\n` + lines.map(([k, v]) => `${k}:${v}\r\n`).join('');
}

function multiplexingApi(): string {
  if (process.platform === 'linux') return 'epoll';
  if (process.platform === 'darwin' || process.platform.endsWith('bsd')) return 'kqueue';
  return 'select';
}

function serverSection(ctx: ServerContext, nowMs: number): string {
  const h = ctx.hooks;
  const { compat } = ctx;
  const uptime = Math.floor((nowMs - h.startTime) / 1000);
  return section('Server', [
    ['redis_version', compat.redisVersion],
    ...when(compat.valkeyInfo, [
      ['server_name', 'valkey'],
      ['valkey_version', compat.version],
    ]),
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    [compat.valkeyInfo ? 'server_mode' : 'redis_mode', 'sentinel'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', process.arch.includes('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', multiplexingApi()],
    ...when(!compat.valkeyInfo, [['atomicvar_api', 'c11-builtin']]),
    ['gcc_version', '0.0.0'],
    ['process_id', h.processId],
    ['process_supervised', 'no'],
    ['run_id', ctx.runId],
    ['tcp_port', h.port],
    ['server_time_usec', nowMs * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / (3600 * 24))],
    ['hz', 10],
    ['configured_hz', 10],
    ['lru_clock', Math.floor(nowMs / 1000) & 0xffffff],
    ['executable', h.executable],
    ['config_file', h.configFile],
    ['io_threads_active', 0],
    ...when(compat.valkeyInfo, [['availability_zone', '']]),
    ...when(compat.info72Fields, [['listener0', listenerLine(ctx)]]),
  ]);
}

function clientsSection(ctx: ServerContext): string {
  const clients = [...ctx.clients.values()];
  return section('Clients', [
    ['connected_clients', clients.length],
    ['cluster_connections', 0],
    ['maxclients', MAXCLIENTS],
    ['client_recent_max_input_buffer', Math.max(0, ...clients.map((c) => c.queryBufferLength))],
    ['client_recent_max_output_buffer', Math.max(0, ...clients.map((c) => c.outputBufferLength))],
    ['blocked_clients', 0],
    ['tracking_clients', clients.filter((c) => c.tracking !== null).length],
    ...when(ctx.compat.valkeyInfo, [
      ['pubsub_clients', clients.filter((c) => c.isPubSub).length],
      ['watching_clients', 0],
    ]),
    ['clients_in_timeout_table', 0],
    ...when(ctx.compat.valkeyInfo, [['total_watched_keys', 0]]),
    ...when(ctx.compat.info72Fields, [
      ['total_blocking_keys', 0],
      ['total_blocking_keys_on_nokey', 0],
    ]),
  ]);
}

function statsSection(ctx: ServerContext): string {
  const s = ctx.stats;
  const zero = (...names: string[]): Lines => names.map((n) => [n, 0]);
  const valkey = ctx.compat.valkeyInfo;
  return section('Stats', [
    ['total_connections_received', s.connectionsReceived],
    ['total_commands_processed', s.commandsProcessed],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ...zero('total_net_repl_input_bytes', 'total_net_repl_output_bytes'),
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ...zero('sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys'),
    ['expired_stale_perc', '0.00'],
    ...zero('expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'evicted_clients'),
    ...when(valkey, zero('evicted_scripts')),
    ...zero('total_eviction_exceeded_time', 'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses'),
    ['pubsub_channels', ctx.pubsub.channelCount],
    ['pubsub_patterns', ctx.pubsub.patternCount],
    ...zero('pubsubshard_channels', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys'),
    ...zero('active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses'),
    ...zero('total_active_defrag_time', 'current_active_defrag_time', 'tracking_total_keys', 'tracking_total_items'),
    ...zero('tracking_total_prefixes', 'unexpected_error_replies'),
    ['total_error_replies', s.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', s.readsProcessed],
    ['total_writes_processed', s.writesProcessed],
    ...zero('io_threaded_reads_processed', 'io_threaded_writes_processed'),
    ...when(valkey, zero('io_threaded_freed_objects', 'io_threaded_poll_processed', 'io_threaded_total_prefetch_batches')),
    ...when(valkey, zero('io_threaded_total_prefetch_entries', 'client_query_buffer_limit_disconnections')),
    ...when(valkey, zero('client_output_buffer_limit_disconnections')),
    ...zero('reply_buffer_shrinks', 'reply_buffer_expands'),
    ...when(ctx.compat.info72Fields, [
      ...zero('eventloop_cycles', 'eventloop_duration_sum', 'eventloop_duration_cmd_sum'),
      ...zero('instantaneous_eventloop_cycles_per_sec', 'instantaneous_eventloop_duration_usec'),
      ['acl_access_denied_auth', ctx.acl.denials.auth],
      ['acl_access_denied_cmd', ctx.acl.denials.command],
      ['acl_access_denied_key', 0],
      ['acl_access_denied_channel', ctx.acl.denials.channel],
    ]),
  ]);
}

/** "%ld.%06ld" of a duration in microseconds. */
function seconds(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(Math.floor(micros % 1e6)).padStart(6, '0')}`;
}

function cpuSection(): string {
  const u = process.cpuUsage();
  return section('CPU', [
    ['used_cpu_sys', seconds(u.system)],
    ['used_cpu_user', seconds(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', seconds(u.system)],
    ['used_cpu_user_main_thread', seconds(u.user)],
  ]);
}

/** The "# Sentinel" section of sentinelInfoCommand(); times come from the engine's clock. */
export function sentinelSection(ctx: ServerContext): string {
  const state = ctx.engine.state;
  const now = ctx.engine.io.now();
  let text = section('Sentinel', [
    ['sentinel_masters', state.masters.size],
    ['sentinel_tilt', state.tilt ? 1 : 0],
    ['sentinel_tilt_since_seconds', state.tilt ? Math.trunc((now - state.tiltStartTime) / 1000) : -1],
    ['sentinel_running_scripts', 0],
    ['sentinel_scripts_queue_length', 0],
    ['sentinel_simulate_failure_flags', state.simFailureFlags],
  ]);
  let id = 0;
  for (const ri of state.masters.values()) {
    const status = ri.has(SRI_O_DOWN) ? 'odown' : ri.has(SRI_S_DOWN) ? 'sdown' : 'ok';
    text += `master${id++}:name=${ri.name},status=${status},address=${announceHost(state, ri.addr)}:${ri.addr.port},slaves=${ri.slaves.size},sentinels=${ri.sentinels.size + 1}\r\n`;
  }
  return text;
}

/** INFO [section ...] */
export function infoCommand({ ctx, client, argv }: CommandCall): void {
  // genInfoSectionDict(): no argument means the defaults, which for a sentinel are its five sections.
  let all = false;
  const requested = new Set<string>();
  if (argv.length === 1) SENTINEL_SECTIONS.forEach((s) => requested.add(s));
  for (const arg of argv.slice(1)) {
    const name = arg.toLowerCase();
    if (name === 'default') SENTINEL_SECTIONS.forEach((s) => requested.add(s));
    else if (name === 'all' || name === 'everything') all = true;
    else requested.add(name);
  }
  const wants = (name: string): boolean => all || requested.has(name);
  const nowMs = Date.now();
  const parts: string[] = [];
  if (wants('server')) parts.push(serverSection(ctx, nowMs));
  if (wants('clients')) parts.push(clientsSection(ctx));
  if (wants('stats')) parts.push(statsSection(ctx));
  if (wants('cpu')) parts.push(cpuSection());
  if (wants('sentinel')) parts.push(sentinelSection(ctx));
  client.reply(bulk(parts.join('\r\n')));
}
