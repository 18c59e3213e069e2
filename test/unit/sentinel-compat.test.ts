// What each compat profile changes, checked against what the real sentinels of those releases answer
// (redis-sentinel 7.0.15 from Debian; redis-sentinel 7.2.6 and valkey-sentinel 8.0.1 built from their sources
// and asked by hand on 2026-12-05: the INFO field lists below are theirs). The 7.0.15 behaviour itself is
// covered by sentinel-server.test.ts and sentinel-config.test.ts, which pin redis-7.0.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { COMPAT_IDS, compatProfile, DEFAULT_COMPAT, parseCompatId, type CompatId } from '../../src/sentinel/compat/compat-profile.js';
import { parseSentinelConfig, rewriteSentinelConfig } from '../../src/sentinel/config/index.js';
import type { ServerLogLevel } from '../../src/sentinel/config/sentinel-config.js';
import { SRI_MASTER_REBOOT } from '../../src/sentinel/constants.js';
import { buildCommandTable, allCommands } from '../../src/sentinel/server/command-table.js';
import { asRecord, errorOf, startFixture, type Fixture } from '../support/sentinel-server-fixture.js';

// INFO all of redis-sentinel 7.2.6, field names in order (the master0 line left out).
const REDIS_7_2_INFO = `
redis_version redis_git_sha1 redis_git_dirty redis_build_id redis_mode os arch_bits monotonic_clock
multiplexing_api atomicvar_api gcc_version process_id process_supervised run_id tcp_port server_time_usec
uptime_in_seconds uptime_in_days hz configured_hz lru_clock executable config_file io_threads_active
listener0 connected_clients cluster_connections maxclients client_recent_max_input_buffer
client_recent_max_output_buffer blocked_clients tracking_clients clients_in_timeout_table total_blocking_keys
total_blocking_keys_on_nokey total_connections_received total_commands_processed instantaneous_ops_per_sec
total_net_input_bytes total_net_output_bytes total_net_repl_input_bytes total_net_repl_output_bytes
instantaneous_input_kbps instantaneous_output_kbps instantaneous_input_repl_kbps
instantaneous_output_repl_kbps rejected_connections sync_full sync_partial_ok sync_partial_err expired_keys
expired_stale_perc expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys evicted_clients
total_eviction_exceeded_time current_eviction_exceeded_time keyspace_hits keyspace_misses pubsub_channels
pubsub_patterns pubsubshard_channels latest_fork_usec total_forks migrate_cached_sockets
slave_expires_tracked_keys active_defrag_hits active_defrag_misses active_defrag_key_hits
active_defrag_key_misses total_active_defrag_time current_active_defrag_time tracking_total_keys
tracking_total_items tracking_total_prefixes unexpected_error_replies total_error_replies
dump_payload_sanitizations total_reads_processed total_writes_processed io_threaded_reads_processed
io_threaded_writes_processed reply_buffer_shrinks reply_buffer_expands eventloop_cycles
eventloop_duration_sum eventloop_duration_cmd_sum instantaneous_eventloop_cycles_per_sec
instantaneous_eventloop_duration_usec acl_access_denied_auth acl_access_denied_cmd acl_access_denied_key
acl_access_denied_channel used_cpu_sys used_cpu_user used_cpu_sys_children used_cpu_user_children
used_cpu_sys_main_thread used_cpu_user_main_thread sentinel_masters sentinel_tilt sentinel_tilt_since_seconds
sentinel_running_scripts sentinel_scripts_queue_length sentinel_simulate_failure_flags`;
// The same of valkey-sentinel 8.0.1.
const VALKEY_8_INFO = `
redis_version server_name valkey_version redis_git_sha1 redis_git_dirty redis_build_id server_mode os
arch_bits monotonic_clock multiplexing_api gcc_version process_id process_supervised run_id tcp_port
server_time_usec uptime_in_seconds uptime_in_days hz configured_hz lru_clock executable config_file
io_threads_active availability_zone listener0 connected_clients cluster_connections maxclients
client_recent_max_input_buffer client_recent_max_output_buffer blocked_clients tracking_clients
pubsub_clients watching_clients clients_in_timeout_table total_watched_keys total_blocking_keys
total_blocking_keys_on_nokey total_connections_received total_commands_processed instantaneous_ops_per_sec
total_net_input_bytes total_net_output_bytes total_net_repl_input_bytes total_net_repl_output_bytes
instantaneous_input_kbps instantaneous_output_kbps instantaneous_input_repl_kbps
instantaneous_output_repl_kbps rejected_connections sync_full sync_partial_ok sync_partial_err expired_keys
expired_stale_perc expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys evicted_clients
evicted_scripts total_eviction_exceeded_time current_eviction_exceeded_time keyspace_hits keyspace_misses
pubsub_channels pubsub_patterns pubsubshard_channels latest_fork_usec total_forks migrate_cached_sockets
slave_expires_tracked_keys active_defrag_hits active_defrag_misses active_defrag_key_hits
active_defrag_key_misses total_active_defrag_time current_active_defrag_time tracking_total_keys
tracking_total_items tracking_total_prefixes unexpected_error_replies total_error_replies
dump_payload_sanitizations total_reads_processed total_writes_processed io_threaded_reads_processed
io_threaded_writes_processed io_threaded_freed_objects io_threaded_poll_processed
io_threaded_total_prefetch_batches io_threaded_total_prefetch_entries
client_query_buffer_limit_disconnections client_output_buffer_limit_disconnections reply_buffer_shrinks
reply_buffer_expands eventloop_cycles eventloop_duration_sum eventloop_duration_cmd_sum
instantaneous_eventloop_cycles_per_sec instantaneous_eventloop_duration_usec acl_access_denied_auth
acl_access_denied_cmd acl_access_denied_key acl_access_denied_channel used_cpu_sys used_cpu_user
used_cpu_sys_children used_cpu_user_children used_cpu_sys_main_thread used_cpu_user_main_thread
sentinel_masters sentinel_tilt sentinel_tilt_since_seconds sentinel_running_scripts
sentinel_scripts_queue_length sentinel_simulate_failure_flags`;

const R70 = compatProfile('redis-7.0');
const R72 = compatProfile('redis-7.2');
const V8 = compatProfile('valkey-8');

function ioredis(port: number): Redis {
  return new Redis({
    host: '127.0.0.1',
    port,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    lazyConnect: false,
  });
}

const infoNames = (text: string): string[] =>
  text
    .split('\r\n')
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('master0:'))
    .map((l) => l.split(':')[0]!);

/** A fixture per profile, started once for the file, each with its own client. */
const servers = new Map<CompatId, { fx: Fixture; client: Redis }>();
before(async () => {
  for (const id of COMPAT_IDS) {
    const fx = await startFixture({ compat: id });
    servers.set(id, { fx, client: ioredis(fx.port) });
  }
});
after(async () => {
  for (const { fx, client } of servers.values()) {
    client.disconnect();
    await fx.close();
  }
});
const on = (id: CompatId): Redis => servers.get(id)!.client;

describe('compat profiles', () => {
  test('the default is the newest Redis-compatible sentinel; unknown names are refused with the choices', () => {
    assert.equal(DEFAULT_COMPAT, 'redis-7.2');
    assert.equal(compatProfile().id, 'redis-7.2');
    assert.equal(parseCompatId('valkey-8'), V8);
    assert.throws(() => parseCompatId('redis-7.4'), /use one of redis-7.0, redis-7.2, valkey-8/);
  });
});

describe('command table per release', () => {
  const names = (id: CompatId): string[] => allCommands(buildCommandTable(compatProfile(id))).map((s) => s.fullname);

  test('7.2 adds CLIENT SETINFO; Valkey 8 adds the primary names; all keep the 15 commands', () => {
    for (const id of COMPAT_IDS) assert.equal(buildCommandTable(compatProfile(id)).size, 15, id);
    assert.ok(!names('redis-7.0').includes('client|setinfo'));
    assert.ok(names('redis-7.2').includes('client|setinfo'));
    assert.ok(!names('redis-7.2').includes('sentinel|primary'));
    const v8 = names('valkey-8');
    for (const n of [
      'sentinel|primary',
      'sentinel|primaries',
      'sentinel|get-primary-addr-by-name',
      'sentinel|is-primary-down-by-addr',
      'sentinel|master',
    ]) {
      assert.ok(v8.includes(n), n);
    }
    // CLIENT NO-TOUCH (7.2) is not flagged SENTINEL: a 7.2 sentinel does not have it.
    assert.ok(!names('redis-7.2').includes('client|no-touch'));
    // New subcommands join their container in name order, as the JSON files list them.
    const sentinelSubs = v8.filter((n) => n.startsWith('sentinel|'));
    assert.deepEqual(sentinelSubs, [...sentinelSubs].sort());
  });

  test('rows that changed in 7.2: arities, tips and since', () => {
    const spec = (id: CompatId, name: string) => allCommands(buildCommandTable(compatProfile(id))).find((s) => s.fullname === name)!;
    assert.equal(spec('redis-7.0', 'sentinel|config').arity, -3);
    assert.equal(spec('redis-7.2', 'sentinel|config').arity, -4);
    assert.equal(spec('redis-7.0', 'command|getkeys').arity, -4);
    assert.equal(spec('redis-7.2', 'command|getkeys').arity, -3);
    assert.equal(spec('redis-7.0', 'client|pause').since, '2.9.50');
    assert.equal(spec('redis-7.2', 'client|pause').since, '3.0.0');
    assert.deepEqual(spec('redis-7.0', 'client|setname').tips, []);
    assert.deepEqual(spec('redis-7.2', 'client|setname').tips, ['request_policy:all_nodes', 'response_policy:all_succeeded']);
    assert.equal(spec('redis-7.2', 'sentinel|masters').deprecatedSince, undefined);
    assert.equal(spec('valkey-8', 'sentinel|masters').deprecatedSince, '8.0.0');
  });

  test('COMMAND DOCS: Valkey 8 marks the master names deprecated and names their replacement; 7.2 does not', async () => {
    const docs = async (id: CompatId) => asRecord(asRecord(await on(id).call('COMMAND', 'DOCS', 'sentinel|masters'))['sentinel|masters']);
    const v8 = await docs('valkey-8');
    assert.equal(v8['deprecated_since'], '8.0.0');
    assert.equal(v8['replaced_by'], '`SENTINEL PRIMARIES`');
    const r72 = await docs('redis-7.2');
    assert.equal(r72['deprecated_since'], undefined);
    assert.equal(r72['replaced_by'], undefined);
    // 7.2.6's 00-base asks these to be documented.
    const more = asRecord(await on('redis-7.2').call('COMMAND', 'DOCS', 'ping', 'info', 'subscribe', 'client|setinfo'));
    assert.deepEqual(Object.keys(more), ['ping', 'info', 'subscribe', 'client|setinfo']);
  });

  test('the primary names answer like the master ones (Valkey 8), and are unknown before', async () => {
    const v8 = on('valkey-8');
    assert.deepEqual(asRecord(await v8.call('SENTINEL', 'PRIMARY', 'mymaster'))['name'], 'mymaster');
    assert.equal((await v8.call('SENTINEL', 'PRIMARIES')) instanceof Array, true);
    assert.deepEqual(
      await v8.call('SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', 'mymaster'),
      await v8.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'),
    );
    assert.equal(
      await errorOf(on('redis-7.2').call('SENTINEL', 'PRIMARY', 'mymaster')),
      "ERR unknown subcommand 'PRIMARY'. Try SENTINEL HELP.",
    );
    const help = (await v8.call('SENTINEL', 'HELP')) as string[];
    assert.ok(help.some((l) => l.startsWith('PRIMARY <primary-name>')));
    assert.ok(!help.some((l) => /MASTER/.test(l)));
  });
});

describe('SENTINEL CONFIG per release', () => {
  test('7.0 takes one parameter, with its own usage error', async () => {
    const c = on('redis-7.0');
    assert.equal(
      await errorOf(c.call('SENTINEL', 'CONFIG', 'GET', 'announce-ip', 'announce-port')),
      'ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.',
    );
    assert.equal(
      await errorOf(c.call('SENTINEL', 'CONFIG', 'SET', 'loglevel', 'debug')),
      "ERR Invalid argument 'loglevel' to SENTINEL CONFIG SET",
    );
  });

  test('7.2 sets several parameters at once, loglevel among them, and reads several patterns without repeats', async () => {
    const c = on('redis-7.2');
    assert.equal(
      await c.call('SENTINEL', 'CONFIG', 'SET', 'announce-port', '1234', 'loglevel', 'warning', 'resolve-hostnames', 'yes'),
      'OK',
    );
    assert.deepEqual(asRecord(await c.call('SENTINEL', 'CONFIG', 'GET', 'announce-port', 'loglevel', '*host*', 'resolve-hostnames')), {
      'announce-port': '1234',
      loglevel: 'warning',
      'resolve-hostnames': 'yes',
      'announce-hostnames': 'no',
    });
    // A parameter appears once, in the order of sentinelConfigGetCommand's list within a pattern.
    const flat = (await c.call('SENTINEL', 'CONFIG', 'GET', '*', 'loglevel')) as string[];
    assert.deepEqual(
      flat.filter((_, i) => i % 2 === 0),
      ['resolve-hostnames', 'announce-hostnames', 'announce-ip', 'announce-port', 'sentinel-user', 'sentinel-pass', 'loglevel'],
    );
    assert.equal(await c.call('SENTINEL', 'CONFIG', 'SET', 'announce-port', '0', 'loglevel', 'notice', 'resolve-hostnames', 'no'), 'OK');
  });

  test('7.2 checks every pair before applying any', async () => {
    const c = on('redis-7.2');
    const port = async () => asRecord(await c.call('SENTINEL', 'CONFIG', 'GET', 'announce-port'))['announce-port'];
    const before = await port();
    const cases: Array<[string[], string]> = [
      [['announce-port', '7', 'nope', 'x'], "ERR Invalid argument 'nope' to SENTINEL CONFIG SET"],
      [['announce-port', '7', 'ANNOUNCE-PORT', '8'], "ERR Duplicate argument 'ANNOUNCE-PORT' to SENTINEL CONFIG SET"],
      [['announce-port', '7', 'loglevel'], "ERR Missing argument 'loglevel' value"],
      [['announce-port', '7', 'loglevel', 'loud'], "ERR Invalid value 'loud' to SENTINEL CONFIG SET 'loglevel'"],
      [['announce-port', '70000'], "ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'"],
    ];
    for (const [args, error] of cases) assert.equal(await errorOf(c.call('SENTINEL', 'CONFIG', 'SET', ...args)), error, args.join(' '));
    assert.equal(await port(), before);
    assert.equal(
      await errorOf(c.call('SENTINEL', 'CONFIG', 'FOO', 'a')),
      'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.',
    );
    assert.equal(await errorOf(c.call('SENTINEL', 'CONFIG', 'GET')), "ERR wrong number of arguments for 'sentinel|config' command");
    assert.match(await errorOf(on('valkey-8').call('SENTINEL', 'CONFIG', 'FOO', 'a')), /\.\.\.\] \/ SET/);
  });

  test('loglevel goes to the process through the hooks: what CONFIG SET sets is what the logger and the rewrite use', async () => {
    const seen: string[] = [];
    let level: ServerLogLevel = 'notice';
    const logLevel = { get: () => level, set: (l: ServerLogLevel) => void seen.push((level = l)) };
    const fx = await startFixture({ compat: 'redis-7.2', hooks: { logLevel } });
    const c = ioredis(fx.port);
    try {
      assert.equal(await c.call('SENTINEL', 'CONFIG', 'SET', 'loglevel', 'NOTHING'), 'OK');
      assert.deepEqual(seen, ['nothing']);
      assert.deepEqual(await c.call('SENTINEL', 'CONFIG', 'GET', 'loglevel'), ['loglevel', 'nothing']);
    } finally {
      c.disconnect();
      await fx.close();
    }
  });
});

describe('replies per release', () => {
  test('INFO has the fields of the release, in its order', async () => {
    const names = async (id: CompatId) => infoNames((await on(id).call('INFO', 'all')) as string);
    assert.deepEqual(await names('redis-7.2'), REDIS_7_2_INFO.trim().split(/\s+/));
    assert.deepEqual(await names('valkey-8'), VALKEY_8_INFO.trim().split(/\s+/));
    const server = async (id: CompatId) =>
      Object.fromEntries(
        ((await on(id).call('INFO', 'server')) as string)
          .split('\r\n')
          .filter((l) => l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
      );
    const v8 = await server('valkey-8');
    assert.equal(v8['redis_version'], '7.2.4');
    assert.equal(v8['server_name'], 'valkey');
    assert.equal(v8['valkey_version'], '8.0.1');
    assert.equal(v8['server_mode'], 'sentinel');
    assert.equal((await server('redis-7.2'))['redis_version'], '7.2.6');
    assert.match((await server('redis-7.2'))['listener0']!, /^name=tcp,bind=127\.0\.0\.1,port=\d+$|^name=tcp,bind=\*,bind=-::\*,port=\d+$/);
    assert.equal((await server('redis-7.0'))['redis_version'], '7.0.15');
  });

  test('HELLO names the product and release', async () => {
    const hello = async (id: CompatId) => asRecord(await on(id).call('HELLO', '2'));
    assert.deepEqual([(await hello('valkey-8'))['server'], (await hello('valkey-8'))['version']], ['valkey', '8.0.1']);
    assert.deepEqual([(await hello('redis-7.2'))['server'], (await hello('redis-7.2'))['version']], ['redis', '7.2.6']);
    assert.deepEqual([(await hello('redis-7.0'))['server'], (await hello('redis-7.0'))['version']], ['redis', '7.0.15']);
  });

  test('CLIENT SETINFO (7.2) names the library, shown by CLIENT INFO; Valkey adds its counters', async () => {
    const c = on('redis-7.2');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'redis-ha-lab'), 'OK');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-ver', '1.2'), 'OK');
    assert.match((await c.call('CLIENT', 'INFO')) as string, / resp=2 lib-name=redis-ha-lab lib-ver=1\.2\n$/);
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-ver', ''), 'OK');
    assert.match((await c.call('CLIENT', 'INFO')) as string, / lib-ver=\n$/);
    assert.equal(
      await errorOf(c.call('CLIENT', 'SETINFO', 'lib-name', 'a b')),
      'ERR lib-name cannot contain spaces, newlines or special characters.',
    );
    assert.equal(await errorOf(c.call('CLIENT', 'SETINFO', 'color', 'x')), "ERR Unrecognized option 'color'");
    assert.match(await errorOf(on('redis-7.0').call('CLIENT', 'SETINFO', 'lib-name', 'x')), /^ERR unknown subcommand 'SETINFO'/);
    assert.doesNotMatch((await on('redis-7.0').call('CLIENT', 'INFO')) as string, /lib-name/);
    const v8 = (await on('valkey-8').call('CLIENT', 'INFO')) as string;
    assert.match(v8, / multi=-1 watch=0 qbuf=/);
    assert.match(v8, / lib-name=\S* lib-ver=\S* tot-net-in=\d+ tot-net-out=\d+ tot-cmds=\d+\n$/);
  });

  test('master_reboot shows among the flags from 7.2', async () => {
    for (const id of COMPAT_IDS) {
      const { fx, client } = servers.get(id)!;
      fx.master.flags |= SRI_MASTER_REBOOT;
      try {
        const flags = asRecord(await client.call('SENTINEL', 'MASTER', 'mymaster'))['flags']!;
        assert.equal(flags.split(',').includes('master_reboot'), id !== 'redis-7.0', `${id}: ${flags}`);
      } finally {
        fx.master.flags &= ~SRI_MASTER_REBOOT;
      }
    }
  });

  test('Valkey 8 takes primary-reboot-down-after-period in SENTINEL SET', async () => {
    const { fx, client } = servers.get('valkey-8')!;
    assert.equal(await client.call('SENTINEL', 'SET', 'mymaster', 'primary-reboot-down-after-period', '5000'), 'OK');
    assert.equal(fx.master.masterRebootDownAfterPeriod, 5000);
    assert.match(
      await errorOf(on('redis-7.2').call('SENTINEL', 'SET', 'mymaster', 'primary-reboot-down-after-period', '5000')),
      /Unknown option or number of arguments for SENTINEL SET 'primary-reboot-down-after-period'/,
    );
  });
});

describe('config files per release', () => {
  const BASE = 'port 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\n';
  const parseAs = (profile: typeof R70, text: string) => parseSentinelConfig(BASE + text, 'sentinel.conf', { compat: profile });
  const failure = (profile: typeof R70, text: string): string => {
    try {
      parseAs(profile, text);
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };

  test('the directives each release added are refused by the older ones, with the header of the release', () => {
    // Valkey 8.0.1's suite writes enable-debug-assert into every conf.
    assert.equal(failure(V8, 'enable-debug-assert yes\n'), 'accepted');
    assert.equal(
      failure(R72, 'enable-debug-assert yes\n'),
      "*** FATAL CONFIG FILE ERROR (Redis 7.2.6) ***\nReading the configuration file, at line 3\n>>> 'enable-debug-assert yes'\nBad directive or wrong number of arguments",
    );
    assert.equal(failure(R72, 'locale-collate ""\n'), 'accepted');
    assert.match(failure(R70, 'locale-collate ""\n'), /^\*\*\* FATAL CONFIG FILE ERROR \(Redis 7\.0\.15\) \*\*\*/);
    assert.match(failure(V8, 'sentinel nope\n'), /^\*\*\* FATAL CONFIG FILE ERROR \(Version 8\.0\.1\) \*\*\*/);
  });

  test('loglevel nothing since 7.2', () => {
    assert.equal(parseAs(R72, 'loglevel nothing\n').logLevel, 'nothing');
    assert.match(failure(R70, 'loglevel nothing\n'), /argument\(s\) must be one of the following: debug, verbose, notice, warning$/);
  });

  test('primary-reboot-down-after-period: read and written by Valkey 8 only', () => {
    const config = parseAs(V8, 'sentinel primary-reboot-down-after-period mymaster 3000\n');
    assert.equal(config.masters[0]!.masterRebootDownAfterPeriodMs, 3000);
    assert.match(
      failure(R72, 'sentinel primary-reboot-down-after-period mymaster 3000\n'),
      /Unrecognized sentinel configuration statement/,
    );
    const written = rewriteSentinelConfig(BASE, config, { compat: V8 });
    assert.match(written, /^sentinel primary-reboot-down-after-period mymaster 3000$/m);
    assert.doesNotMatch(rewriteSentinelConfig(BASE, config, { compat: R72 }), /primary-reboot/);
  });

  test('Valkey 8 rewrites the renamed directives under their new names', () => {
    const text = `${BASE}masterauth secret\nbgsave_cpulist 0-1\n`;
    const written = rewriteSentinelConfig(text, parseAs(V8, 'masterauth secret\nbgsave_cpulist 0-1\n'), { compat: V8 });
    assert.match(written, /^primaryauth secret$/m);
    assert.match(written, /^bgsave-cpulist 0-1$/m);
    const asRedis = rewriteSentinelConfig(text, parseAs(R72, 'masterauth secret\nbgsave_cpulist 0-1\n'), { compat: R72 });
    assert.match(asRedis, /^masterauth secret$/m);
  });

  test('7.2 reuses an old known-slave line for a known replica; 7.0 leaves it and adds a known-replica line', () => {
    const old = `${BASE}sentinel known-slave mymaster 127.0.0.1 6380\n`;
    const count = (text: string, what: string) => text.split('\n').filter((l) => l.startsWith(what)).length;
    const r72 = rewriteSentinelConfig(old, parseAs(R72, 'sentinel known-slave mymaster 127.0.0.1 6380\n'), { compat: R72 });
    assert.equal(count(r72, 'sentinel known-slave'), 0);
    assert.equal(count(r72, 'sentinel known-replica mymaster 127.0.0.1 6380'), 1);
    const r70 = rewriteSentinelConfig(old, parseAs(R70, 'sentinel known-slave mymaster 127.0.0.1 6380\n'), { compat: R70 });
    assert.equal(count(r70, 'sentinel known-slave mymaster 127.0.0.1 6380'), 1);
    assert.equal(count(r70, 'sentinel known-replica mymaster 127.0.0.1 6380'), 1);
  });
});
