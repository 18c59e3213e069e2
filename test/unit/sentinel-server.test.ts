import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import {
  FailoverState,
  LogLevel,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_FORCE_FAILOVER,
  SRI_O_DOWN,
  SRI_S_DOWN,
  SRI_SENTINEL,
  SRI_SLAVE,
} from '../../src/sentinel/constants.js';
import type { Instance } from '../../src/sentinel/core/instance.js';
import { createInstance } from '../../src/sentinel/core/instance-registry.js';
import { RespClient } from '../../src/sentinel/resp/resp-client.js';
import { RespError, type RespValue } from '../../src/sentinel/resp/resp-value.js';
import { stringMatch } from '../../src/sentinel/string-match.js';
import { asRecord, errorOf, seeded, startFixture, T0, type Fixture } from '../support/sentinel-server-fixture.js';

// ---------------------------------------------------------------- fixtures

function ioredis(port: number, extra: Record<string, unknown> = {}): Redis {
  return new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null, ...extra });
}

/** Sends bytes on a fresh connection; collects what comes back until `done` says so, the peer closes, or a timeout. */
async function raw(
  port: number,
  payload: string | Buffer,
  done: (text: string) => boolean = () => false,
  timeoutMs = 1500,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (done(text)) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

/** A reply count predicate for simple one-line replies. */
const lines = (n: number) => (text: string) => text.split('\r\n').length > n;

/** The keys of a flat key/value array (RESP2 map). */
function keysOf(flat: unknown): string[] {
  assert.ok(Array.isArray(flat));
  return (flat as string[]).filter((_, i) => i % 2 === 0);
}

const MASTER_FIELDS = [
  'name',
  'ip',
  'port',
  'runid',
  'flags',
  'link-pending-commands',
  'link-refcount',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  'down-after-milliseconds',
  'info-refresh',
  'role-reported',
  'role-reported-time',
  'config-epoch',
  'num-slaves',
  'num-other-sentinels',
  'quorum',
  'failover-timeout',
  'parallel-syncs',
];
const REPLICA_FIELDS = [
  'name',
  'ip',
  'port',
  'runid',
  'flags',
  'link-pending-commands',
  'link-refcount',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  'down-after-milliseconds',
  'info-refresh',
  'role-reported',
  'role-reported-time',
  'master-link-down-time',
  'master-link-status',
  'master-host',
  'master-port',
  'slave-priority',
  'slave-repl-offset',
  'replica-announced',
];
const SENTINEL_FIELDS = [
  'name',
  'ip',
  'port',
  'runid',
  'flags',
  'link-pending-commands',
  'link-refcount',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  'down-after-milliseconds',
  'last-hello-message',
  'voted-leader',
  'voted-leader-epoch',
];

function addSentinel(fx: Fixture, runId: string, port: number): Instance {
  const si = createInstance(fx.engine, SRI_SENTINEL, runId, { host: '127.0.0.1', port }, fx.master.quorum, fx.master)!;
  si.runId = runId;
  return si;
}

function addReplica(fx: Fixture, port: number): Instance {
  return createInstance(fx.engine, SRI_SLAVE, null, { host: '127.0.0.1', port }, fx.master.quorum, fx.master)!;
}

// ---------------------------------------------------------------- tests

describe('SentinelServer', () => {
  let fx: Fixture;
  let client: Redis;
  before(async () => {
    fx = await startFixture();
    client = ioredis(fx.port);
  });
  after(async () => {
    client.disconnect();
    await fx.close();
  });

  test('PING answers inline and RESP requests, with and without a message', async () => {
    const r = await raw(fx.port, 'PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nping\r\n$2\r\nhi\r\nPING\n', lines(5));
    assert.equal(r.text, '+PONG\r\n+PONG\r\n$2\r\nhi\r\n+PONG\r\n');
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.call('PING', 'a b'), 'a b');
    assert.equal(await errorOf(client.call('PING', 'a', 'b')), "ERR wrong number of arguments for 'ping' command");
  });

  test('unknown commands, unknown subcommands and wrong arity get the Redis 7.0 texts', async () => {
    const r = await raw(fx.port, 'FOO bar "baz qux"\r\nSENTINEL\r\nSENTINEL nope\r\nSENTINEL MYID x\r\nQUIT\r\n', lines(5));
    assert.equal(
      r.text,
      "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz qux' \r\n" +
        "-ERR wrong number of arguments for 'sentinel' command\r\n" +
        "-ERR unknown subcommand 'nope'. Try SENTINEL HELP.\r\n" +
        "-ERR wrong number of arguments for 'sentinel|myid' command\r\n" +
        // QUIT is not in a 7.0.15 sentinel's command table.
        "-ERR unknown command 'QUIT', with args beginning with: \r\n",
    );
    const long = 'x'.repeat(300);
    const r2 = await raw(fx.port, `nope ${long} ${long}\r\n`, lines(1));
    assert.equal(r2.text, `-ERR unknown command 'nope', with args beginning with: '${'x'.repeat(128)}' \r\n`);
  });

  test('a protocol error is answered, then the connection is closed', async () => {
    const r = await raw(fx.port, 'PING\r\n*1\r\n$x\r\nPING\r\n');
    assert.equal(r.text, '+PONG\r\n-ERR Protocol error: invalid bulk length\r\n');
    assert.equal(r.closed, true);
    const q = await raw(fx.port, 'PING "unbalanced\r\n');
    assert.equal(q.text, '-ERR Protocol error: unbalanced quotes in request\r\n');
    assert.equal(q.closed, true);
  });

  test('SENTINEL MASTERS and MASTER: field names, order and times from the link', async () => {
    fx.clock.now = T0 + 1500;
    const masters = (await client.call('SENTINEL', 'MASTERS')) as unknown[];
    assert.equal(masters.length, 1);
    assert.deepEqual(keysOf(masters[0]), MASTER_FIELDS);
    const m = asRecord(await client.call('SENTINEL', 'MASTER', 'mymaster'));
    assert.equal(m.name, 'mymaster');
    assert.equal(m.port, String(fx.masterPort));
    assert.equal(m.flags, 'master,disconnected');
    assert.equal(m['last-ping-sent'], '1500'); // act_ping_time starts at creation time
    assert.equal(m['last-ok-ping-reply'], '1500');
    assert.equal(m['info-refresh'], '0');
    assert.equal(m['down-after-milliseconds'], '60000');
    assert.equal(m.quorum, '2');
    assert.equal(await errorOf(client.call('SENTINEL', 'MASTER', 'nope')), 'ERR No such master with that name');
  });

  test('flags and optional fields of a master that is down and failing over', async () => {
    const master = fx.master;
    const saved = { flags: master.flags, state: master.failoverState };
    master.flags |= SRI_S_DOWN | SRI_O_DOWN | SRI_FAILOVER_IN_PROGRESS;
    master.sDownSinceTime = fx.clock.now - 700;
    master.oDownSinceTime = fx.clock.now - 300;
    master.failoverState = FailoverState.SELECT_SLAVE;
    try {
      const m = asRecord(await client.call('SENTINEL', 'MASTER', 'mymaster'));
      assert.equal(m.flags, 's_down,o_down,master,disconnected,failover_in_progress');
      assert.equal(m['failover-state'], 'select_slave');
      assert.equal(m['s-down-time'], '700');
      assert.equal(m['o-down-time'], '300');
      const keys = keysOf(await client.call('SENTINEL', 'MASTER', 'mymaster'));
      assert.deepEqual(keys.slice(5, 12), [
        'link-pending-commands',
        'link-refcount',
        'failover-state',
        'last-ping-sent',
        'last-ok-ping-reply',
        'last-ping-reply',
        's-down-time',
      ]);
      assert.match(await client.info('sentinel'), /master0:name=mymaster,status=odown,/);
    } finally {
      master.flags = saved.flags;
      master.failoverState = saved.state;
    }
  });

  test('SENTINEL REPLICAS / SLAVES / SENTINELS describe replicas and sentinels with their own fields', async () => {
    const replica = addReplica(fx, 7001);
    const si = addSentinel(fx, 'a'.repeat(40), 26001);
    try {
      const replicas = (await client.call('SENTINEL', 'REPLICAS', 'mymaster')) as unknown[];
      assert.deepEqual(keysOf(replicas[0]), REPLICA_FIELDS);
      assert.deepEqual(await client.call('SENTINEL', 'SLAVES', 'mymaster'), replicas);
      assert.equal(asRecord(replicas[0]).name, '127.0.0.1:7001');
      assert.equal(asRecord(replicas[0])['master-host'], '?');
      const sentinels = (await client.call('SENTINEL', 'SENTINELS', 'mymaster')) as unknown[];
      assert.deepEqual(keysOf(sentinels[0]), SENTINEL_FIELDS);
      assert.equal(asRecord(sentinels[0])['voted-leader'], '?');
      // Replicas that asked not to be announced are not listed.
      replica.replicaAnnounced = 0;
      assert.deepEqual(await client.call('SENTINEL', 'REPLICAS', 'mymaster'), []);
      const m = asRecord(await client.call('SENTINEL', 'MASTER', 'mymaster'));
      assert.equal(m['num-slaves'], '1');
      assert.equal(m['num-other-sentinels'], '1');
    } finally {
      fx.master.slaves.delete(replica.name);
      fx.master.sentinels.delete(si.name);
    }
  });

  test('GET-MASTER-ADDR-BY-NAME, MYID, ROLE, PENDING-SCRIPTS', async () => {
    assert.deepEqual(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'), ['127.0.0.1', String(fx.masterPort)]);
    assert.equal(await client.call('SENTINEL', 'get-master-addr-by-name', 'nope'), null);
    assert.equal(await client.call('SENTINEL', 'MYID'), fx.engine.state.myid);
    assert.deepEqual(await client.call('ROLE'), ['sentinel', ['mymaster']]);
    assert.deepEqual(await client.call('SENTINEL', 'PENDING-SCRIPTS'), []);
  });

  test('CKQUORUM counts usable sentinels against the quorum and the majority', async () => {
    assert.equal(
      await errorOf(client.call('SENTINEL', 'CKQUORUM', 'mymaster')),
      'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master',
    );
    const a = addSentinel(fx, 'b'.repeat(40), 26002);
    const b = addSentinel(fx, 'c'.repeat(40), 26003);
    try {
      assert.equal(
        await client.call('SENTINEL', 'CKQUORUM', 'mymaster'),
        'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
      );
      a.flags |= SRI_S_DOWN;
      b.flags |= SRI_S_DOWN;
      assert.equal(
        await errorOf(client.call('SENTINEL', 'CKQUORUM', 'mymaster')),
        'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. Not enough available Sentinels to reach the majority and authorize a failover',
      );
      assert.equal(await errorOf(client.call('SENTINEL', 'CKQUORUM', 'nope')), 'ERR No such master with that name');
    } finally {
      fx.master.sentinels.delete(a.name);
      fx.master.sentinels.delete(b.name);
    }
  });

  test('IS-MASTER-DOWN-BY-ADDR reports S_DOWN (not in TILT) and votes once per epoch', async () => {
    const ask = (epoch: number, runId: string) =>
      client.call('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(fx.masterPort), String(epoch), runId);
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    assert.deepEqual(await ask(0, '*'), [0, '*', 0]);
    assert.deepEqual(await ask(5, a), [0, a, 5]);
    assert.equal(fx.engine.state.currentEpoch, 5);
    assert.deepEqual(await ask(5, b), [0, a, 5], 'one vote per epoch');
    assert.deepEqual(await ask(6, b), [0, b, 6]);
    assert.deepEqual(await ask(6, '*'), [0, '*', 0]);
    fx.master.flags |= SRI_S_DOWN;
    try {
      assert.deepEqual(await ask(6, '*'), [1, '*', 0]);
      fx.engine.state.tilt = true;
      assert.deepEqual(await ask(6, '*'), [0, '*', 0]);
    } finally {
      fx.engine.state.tilt = false;
      fx.master.flags &= ~SRI_S_DOWN;
    }
    assert.deepEqual(await client.call('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '10.9.9.9', '1', '9', a), [0, '*', 0]);
    assert.equal(
      await errorOf(client.call('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '1', '*')),
      'ERR value is not an integer or out of range',
    );
  });

  test('SET applies options one by one, publishes +set, flushes the config, and reports errors', async () => {
    const sub = ioredis(fx.port);
    const events: string[] = [];
    sub.on('message', (channel: string, message: string) => events.push(`${channel} ${message}`));
    await sub.subscribe('+set');
    const flushes = fx.hookFlushes;
    try {
      assert.equal(
        await client.call('SENTINEL', 'SET', 'mymaster', 'quorum', '3', 'DOWN-AFTER-MILLISECONDS', '1000', 'auth-pass', 'pw'),
        'OK',
      );
      assert.equal(fx.master.quorum, 3);
      assert.equal(fx.master.downAfterPeriod, 1000);
      assert.equal(fx.master.authPass, 'pw');
      assert.equal(fx.hookFlushes, flushes + 1);
      await client.ping();
      const prefix = `+set master mymaster 127.0.0.1 ${fx.masterPort}`;
      assert.deepEqual(events, [`${prefix} quorum 3`, `${prefix} DOWN-AFTER-MILLISECONDS 1000`, `${prefix} auth-pass ******`]);

      assert.equal(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'quorum', '0')),
        "ERR Invalid argument '0' for SENTINEL SET 'quorum'",
      );
      assert.equal(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'foo', 'bar')),
        "ERR Unknown option or number of arguments for SENTINEL SET 'foo'",
      );
      assert.equal(await errorOf(client.call('SENTINEL', 'SET', 'nope', 'quorum', '1')), 'ERR No such master with that name');
      assert.equal(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'quorum')),
        "ERR wrong number of arguments for 'sentinel|set' command",
      );
      assert.match(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'notification-script', '/bin/true')),
        /^ERR Reconfiguration of scripts path is denied/,
      );
      assert.equal(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'rename-command', '', 'X')),
        "ERR Invalid argument '' for SENTINEL SET 'rename-command'",
      );
      // Changes before the bad option stay (and are saved).
      const before = fx.hookFlushes;
      assert.equal(
        await errorOf(client.call('SENTINEL', 'SET', 'mymaster', 'parallel-syncs', '4', 'quorum', 'x')),
        "ERR Invalid argument 'x' for SENTINEL SET 'quorum'",
      );
      assert.equal(fx.master.parallelSyncs, 4);
      assert.equal(fx.hookFlushes, before + 1);
      assert.equal(
        await client.call('SENTINEL', 'SET', 'mymaster', 'rename-command', 'CONFIG', 'XCONFIG', 'master-reboot-down-after-period', '0'),
        'OK',
      );
      assert.equal(fx.master.renamedCommands.get('config'), 'XCONFIG');
    } finally {
      sub.disconnect();
      fx.master.quorum = 2;
      fx.master.downAfterPeriod = 60_000;
    }
  });

  test('MONITOR and REMOVE change the monitored set, with events and a config flush', async () => {
    const sub = ioredis(fx.port);
    const events: string[] = [];
    sub.on('pmessage', (_p: string, channel: string, message: string) => events.push(`${channel} ${message}`));
    await sub.psubscribe('*monitor');
    try {
      assert.equal(await client.call('SENTINEL', 'MONITOR', 'other', '127.0.0.1', '6390', '1'), 'OK');
      assert.ok(fx.engine.state.masters.has('other'));
      assert.deepEqual(await client.call('ROLE'), ['sentinel', ['mymaster', 'other']]);
      assert.equal(await errorOf(client.call('SENTINEL', 'MONITOR', 'other', '127.0.0.1', '6390', '1')), 'ERR Duplicate master name.');
      assert.equal(await errorOf(client.call('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6390', 'q')), 'ERR Invalid quorum');
      assert.equal(await errorOf(client.call('SENTINEL', 'MONITOR', 'x', '127.0.0.1', 'p', '1')), 'ERR Invalid port');
      assert.equal(await errorOf(client.call('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6390', '0')), 'ERR Quorum must be 1 or greater.');
      assert.equal(
        await errorOf(client.call('SENTINEL', 'MONITOR', 'x', 'not-an-ip', '6390', '1')),
        'ERR Invalid IP address or hostname specified',
      );
      assert.equal(await errorOf(client.call('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '70000', '1')), 'ERR Invalid port number.');
      assert.equal(await client.call('SENTINEL', 'REMOVE', 'other'), 'OK');
      assert.ok(!fx.engine.state.masters.has('other'));
      assert.equal(await errorOf(client.call('SENTINEL', 'REMOVE', 'other')), 'ERR No such master with that name');
      await client.ping();
      assert.deepEqual(events, ['+monitor master other 127.0.0.1 6390 quorum 1', '-monitor master other 127.0.0.1 6390']);
    } finally {
      sub.disconnect();
    }
  });

  test('SUBSCRIBE and PSUBSCRIBE receive what the server publishes, engine events included', async () => {
    const sub = ioredis(fx.port);
    const got: string[] = [];
    sub.on('message', (channel: string, message: string) => got.push(`message ${channel} ${message}`));
    sub.on('pmessage', (pattern: string, channel: string, message: string) => got.push(`pmessage ${pattern} ${channel} ${message}`));
    await sub.subscribe('+odown');
    await sub.psubscribe('*');
    try {
      assert.equal(fx.server.publish('+odown', 'master mymaster 127.0.0.1 1 #quorum 2/2'), 2);
      assert.equal(fx.server.publish('+sdown', 'x'), 1);
      assert.equal(await client.call('SENTINEL', 'RESET', 'nomatch*'), 0);
      assert.equal(await client.call('SENTINEL', 'RESET', 'my*'), 1);
      await sub.call('PING').catch(() => {}); // a round trip on the subscriber's own connection
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got, [
        'message +odown master mymaster 127.0.0.1 1 #quorum 2/2',
        'pmessage * +odown master mymaster 127.0.0.1 1 #quorum 2/2',
        'pmessage * +sdown x',
        `pmessage * +reset-master master mymaster 127.0.0.1 ${fx.masterPort}`,
      ]);
    } finally {
      sub.disconnect();
    }
  });

  test('subscription replies in RESP2 and RESP3, and the RESP2 pub/sub context', async () => {
    const r2 = await raw(fx.port, 'SUBSCRIBE a\r\nPING\r\nROLE\r\nUNSUBSCRIBE\r\nUNSUBSCRIBE\r\n', (t) =>
      t.endsWith(':0\r\n*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n'),
    );
    assert.equal(
      r2.text,
      '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n' +
        "-ERR Can't execute 'role': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
        '*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n',
    );
    const r3 = await raw(fx.port, 'HELLO 3\r\nPSUBSCRIBE x*\r\nPING\r\nPUNSUBSCRIBE\r\n', (t) =>
      t.endsWith('>3\r\n$12\r\npunsubscribe\r\n$2\r\nx*\r\n:0\r\n'),
    );
    assert.ok(
      r3.text.endsWith('>3\r\n$10\r\npsubscribe\r\n$2\r\nx*\r\n:1\r\n+PONG\r\n>3\r\n$12\r\npunsubscribe\r\n$2\r\nx*\r\n:0\r\n'),
      r3.text,
    );
  });

  test('PUBLISH accepts only hellos, and processes them', async () => {
    assert.equal(await errorOf(client.call('PUBLISH', 'foo', 'bar')), 'ERR Only HELLO messages are accepted by Sentinel instances.');
    const runId = 'd'.repeat(40);
    const hello = ['127.0.0.1', '26999', runId, '7', 'mymaster', '127.0.0.1', String(fx.masterPort), '0'].join(',');
    assert.equal(await client.call('PUBLISH', '__sentinel__:hello', hello), 1);
    try {
      assert.ok([...fx.master.sentinels.values()].some((s) => s.runId === runId));
      assert.ok(fx.engine.state.currentEpoch >= 7);
    } finally {
      for (const [k, s] of fx.master.sentinels) if (s.runId === runId) fx.master.sentinels.delete(k);
    }
  });

  test('HELLO 3 switches to RESP3 and replies the sentinel map', async () => {
    const r = await raw(fx.port, 'HELLO 3\r\nSENTINEL GET-MASTER-ADDR-BY-NAME nope\r\n', (t) => t.endsWith('_\r\n'));
    assert.match(
      r.text,
      /^%6\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$8\r\nsentinel\r\n\$7\r\nmodules\r\n\*0\r\n_\r\n$/,
    );
    const bad = await raw(fx.port, 'HELLO 4\r\nHELLO x\r\nHELLO 3 foo\r\n', lines(3));
    assert.equal(
      bad.text,
      '-NOPROTO unsupported protocol version\r\n-ERR Protocol version is not an integer or out of range\r\n' +
        "-ERR Syntax error in HELLO option 'foo'\r\n",
    );
  });

  test('INFO sentinel has the fields and line format of sentinelInfoCommand', async () => {
    const info = await client.info('sentinel');
    assert.equal(
      info,
      '# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\n' +
        `sentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\nmaster0:name=mymaster,status=ok,address=127.0.0.1:${fx.masterPort},slaves=0,sentinels=1\r\n`,
    );
    const all = (await client.call('INFO')) as string;
    assert.deepEqual(all.match(/^# \w+/gm), ['# Server', '# Clients', '# Stats', '# CPU', '# Sentinel']);
    assert.deepEqual(((await client.call('INFO', 'everything')) as string).match(/^# \w+/gm), [
      '# Server',
      '# Clients',
      '# Stats',
      '# CPU',
      '# Sentinel',
    ]);
    assert.equal(await client.call('INFO', 'memory', 'keyspace'), '');
    assert.match(all, /\r\nredis_mode:sentinel\r\n/);
    fx.engine.state.tilt = true;
    fx.engine.state.tiltStartTime = fx.clock.now - 4500;
    try {
      assert.match(await client.info('sentinel'), /sentinel_tilt:1\r\nsentinel_tilt_since_seconds:4\r\n/);
    } finally {
      fx.engine.state.tilt = false;
    }
  });

  test('CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL', async () => {
    const other = ioredis(fx.port);
    await other.ping();
    const otherId = (await other.call('CLIENT', 'ID')) as number;
    const id = (await client.call('CLIENT', 'ID')) as number;
    assert.equal(typeof id, 'number');
    assert.equal(await client.call('CLIENT', 'GETNAME'), null);
    assert.equal(await client.call('CLIENT', 'SETNAME', 'tester'), 'OK');
    assert.equal(await client.call('CLIENT', 'GETNAME'), 'tester');
    assert.equal(
      await errorOf(client.call('CLIENT', 'SETNAME', 'a b')),
      'ERR Client names cannot contain spaces, newlines or special characters.',
    );
    const info = (await client.call('CLIENT', 'INFO')) as string;
    assert.match(
      info,
      new RegExp(
        `^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${fx.port} fd=-?\\d+ name=tester age=\\d+ idle=\\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 .* cmd=client\\|info user=default redir=-1 resp=2\\n$`,
      ),
    );
    const list = (await client.call('CLIENT', 'LIST')) as string;
    assert.ok(list.includes(`id=${otherId} `) && list.includes(`id=${id} `));
    assert.equal(await errorOf(client.call('CLIENT', 'LIST', 'TYPE', 'foo')), "ERR Unknown client type 'foo'");
    const closed = new Promise<void>((r) => other.once('end', () => r()));
    assert.equal(await client.call('CLIENT', 'KILL', 'ID', String(otherId)), 1);
    await closed;
    assert.equal(await errorOf(client.call('CLIENT', 'KILL', '1.2.3.4:5')), 'ERR No such client');
    assert.equal(await errorOf(client.call('CLIENT', 'KILL', 'ID', '0')), 'ERR client-id should be greater than 0');
    other.disconnect();
  });

  test('CLIENT REPLY OFF / SKIP and CLIENT PAUSE / UNPAUSE', async () => {
    const r = await raw(
      fx.port,
      'CLIENT REPLY OFF\r\nPING 1\r\nCLIENT REPLY ON\r\nPING 2\r\nCLIENT REPLY SKIP\r\nPING 3\r\nPING 4\r\n',
      lines(3),
    );
    assert.equal(r.text, '+OK\r\n$1\r\n2\r\n$1\r\n4\r\n');
    const pauser = ioredis(fx.port);
    try {
      assert.equal(await pauser.call('CLIENT', 'PAUSE', '150', 'WRITE'), 'OK');
      // WRITE mode holds back only commands that may replicate (PUBLISH); others run.
      assert.equal(await client.ping(), 'PONG');
      let published = false;
      const publish = client.call('PUBLISH', 'x', 'y').catch(() => (published = true));
      await new Promise((res) => setTimeout(res, 50));
      assert.equal(published, false, 'PUBLISH waits for the pause to end');
      assert.equal(await pauser.call('CLIENT', 'UNPAUSE'), 'OK');
      await publish;
      assert.equal(published, true);
      assert.equal(await errorOf(pauser.call('CLIENT', 'PAUSE', '-1')), 'ERR timeout is negative');
    } finally {
      pauser.disconnect();
    }
  });

  test('COMMAND describes the 15 commands of a sentinel', async () => {
    assert.equal(await client.call('COMMAND', 'COUNT'), 15);
    const [ping] = (await client.call('COMMAND', 'INFO', 'ping')) as unknown[][];
    assert.deepEqual(ping!.slice(0, 7), ['ping', -1, ['fast'], 0, 0, 0, ['@fast', '@connection']]);
    const all = (await client.call('COMMAND')) as unknown[][];
    assert.deepEqual(all.map((c) => c[0]).sort(), [
      'acl',
      'auth',
      'client',
      'command',
      'hello',
      'info',
      'ping',
      'psubscribe',
      'publish',
      'punsubscribe',
      'role',
      'sentinel',
      'shutdown',
      'subscribe',
      'unsubscribe',
    ]);
    const names = (await client.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'sentinel|m*')) as string[];
    assert.deepEqual(names.sort(), ['sentinel|master', 'sentinel|masters', 'sentinel|monitor', 'sentinel|myid']);
  });

  test('SENTINEL DEBUG shows and sets the timing parameters; SIMULATE-FAILURE sets its flags', async () => {
    const debug = asRecord(await client.call('SENTINEL', 'DEBUG'));
    assert.equal(debug['INFO-PERIOD'], '10000');
    assert.deepEqual(Object.keys(debug), [
      'INFO-PERIOD',
      'PING-PERIOD',
      'ASK-PERIOD',
      'PUBLISH-PERIOD',
      'DEFAULT-DOWN-AFTER',
      'DEFAULT-FAILOVER-TIMEOUT',
      'TILT-TRIGGER',
      'TILT-PERIOD',
      'SLAVE-RECONF-TIMEOUT',
      'MIN-LINK-RECONNECT-PERIOD',
      'ELECTION-TIMEOUT',
      'SCRIPT-MAX-RUNTIME',
      'SCRIPT-RETRY-DELAY',
    ]);
    const saved = { ...fx.engine.state.timing };
    try {
      assert.equal(await client.call('SENTINEL', 'DEBUG', 'ping-period', '500', 'Election-Timeout', '2000'), 'OK');
      assert.equal(fx.engine.state.timing.pingPeriod, 500);
      assert.equal(fx.engine.state.timing.electionTimeout, 2000);
      assert.equal(
        await errorOf(client.call('SENTINEL', 'DEBUG', 'info-period', '0')),
        "ERR Invalid argument '0' for SENTINEL DEBUG 'info-period'",
      );
      assert.equal(
        await errorOf(client.call('SENTINEL', 'DEBUG', 'info-period')),
        "ERR Unknown option or number of arguments for SENTINEL DEBUG 'info-period'",
      );
    } finally {
      Object.assign(fx.engine.state.timing, saved);
    }
    assert.equal(await client.call('SENTINEL', 'SIMULATE-FAILURE', 'crash-after-election', 'CRASH-AFTER-PROMOTION'), 'OK');
    assert.equal(fx.engine.state.simFailureFlags, 3);
    assert.deepEqual(await client.call('SENTINEL', 'SIMULATE-FAILURE', 'help'), ['crash-after-election', 'crash-after-promotion']);
    assert.equal(await errorOf(client.call('SENTINEL', 'SIMULATE-FAILURE', 'nope')), 'ERR Unknown failure simulation specified');
    assert.equal(fx.engine.state.simFailureFlags, 0);
  });

  test('SENTINEL CONFIG GET/SET', async () => {
    assert.deepEqual(await client.call('SENTINEL', 'CONFIG', 'GET', 'ANNOUNCE-*'), [
      'announce-hostnames',
      'no',
      'announce-ip',
      '',
      'announce-port',
      '0',
    ]);
    assert.equal(await client.call('SENTINEL', 'CONFIG', 'SET', 'announce-port', '26380'), 'OK');
    assert.equal(fx.engine.state.announcePort, 26380);
    assert.equal(
      await errorOf(client.call('SENTINEL', 'CONFIG', 'SET', 'announce-port', '70000')),
      "ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'",
    );
    assert.equal(
      await errorOf(client.call('SENTINEL', 'CONFIG', 'SET', 'foo', 'bar')),
      "ERR Invalid argument 'foo' to SENTINEL CONFIG SET",
    );
    assert.equal(
      await errorOf(client.call('SENTINEL', 'CONFIG', 'GET')),
      'ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.',
    );
    fx.engine.state.announcePort = 0;
  });

  test('FAILOVER needs a good replica, then starts a forced failover; a second one is refused', async () => {
    assert.equal(await errorOf(client.call('SENTINEL', 'FAILOVER', 'mymaster')), 'NOGOODSLAVE No suitable replica to promote');
    const replica = addReplica(fx, 7002);
    replica.link.disconnected = false;
    replica.link.lastAvailTime = fx.clock.now;
    replica.infoRefresh = fx.clock.now;
    const master = fx.master;
    try {
      assert.equal(await client.call('SENTINEL', 'FAILOVER', 'mymaster'), 'OK');
      assert.ok(master.has(SRI_FAILOVER_IN_PROGRESS) && master.has(SRI_FORCE_FAILOVER));
      assert.equal(await errorOf(client.call('SENTINEL', 'FAILOVER', 'mymaster')), 'INPROG Failover already in progress');
      assert.ok(fx.logs.some(([, t]) => t === "Executing user requested FAILOVER of 'mymaster'"));
    } finally {
      master.flags &= ~(SRI_FAILOVER_IN_PROGRESS | SRI_FORCE_FAILOVER);
      master.failoverState = FailoverState.NONE;
      master.slaves.delete(replica.name);
    }
  });

  test('a command whose handler throws gets an error; the server goes on', async () => {
    Object.defineProperty(fx.master, 'quorum', {
      configurable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    try {
      assert.equal(await errorOf(client.call('SENTINEL', 'MASTER', 'mymaster')), 'ERR boom');
    } finally {
      delete (fx.master as unknown as Record<string, unknown>).quorum;
      fx.master.quorum = 2;
    }
    assert.equal(await client.ping(), 'PONG');
    assert.ok(fx.logs.some(([level, t]) => level === LogLevel.WARNING && t.includes('boom')));
  });

  test('ACL users as the sentinel suite uses them (09-acl-support)', async () => {
    const admin = ioredis(fx.port);
    try {
      assert.equal(await admin.call('ACL', 'SETUSER', 'testuser', '>secret', '+@all', 'on'), 'OK');
      assert.equal(await admin.call('ACL', 'SETUSER', 'default', 'off'), 'OK');
      // Existing connections stay authenticated; new ones need credentials.
      const fresh = await raw(fx.port, 'PING\r\nAUTH testuser wrong\r\nAUTH testuser secret\r\nACL WHOAMI\r\nSENTINEL MYID\r\n', lines(5));
      assert.equal(
        fresh.text,
        `-NOAUTH Authentication required.\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n$8\r\ntestuser\r\n$40\r\n${fx.engine.state.myid}\r\n`,
      );
      assert.deepEqual(await admin.call('ACL', 'USERS'), ['default', 'testuser']);
      assert.equal(await admin.call('ACL', 'SETUSER', 'limited', 'on', 'nopass', '-@all', '+ping'), 'OK');
      const limited = await raw(fx.port, 'AUTH limited x\r\nPING\r\nROLE\r\n', lines(3));
      assert.equal(limited.text, "+OK\r\n+PONG\r\n-NOPERM this user has no permissions to run the 'role' command\r\n");
      assert.equal(await admin.call('ACL', 'SETUSER', 'default', 'on'), 'OK');
      assert.equal(await admin.call('ACL', 'DELUSER', 'testuser', 'limited', 'nobody'), 2);
      assert.equal(await errorOf(admin.call('ACL', 'DELUSER', 'default')), "ERR The 'default' user cannot be removed");
      assert.equal(await errorOf(admin.call('ACL', 'SETUSER', 'x', 'bogus')), "ERR Error in ACL SETUSER modifier 'bogus': Syntax error");
      assert.deepEqual(await admin.call('ACL', 'LIST'), ['user default on nopass ~* &* +@all']);
      // Users as config lines, and config "user" directives applied like ACL SETUSER.
      assert.equal(fx.server.defineAclUser('fromconf', ['on', '>pw', '+@all', '~*']), null);
      assert.deepEqual(fx.server.aclUserLines(), [
        `user default on nopass ~* &* +@all`,
        `user fromconf on #${'30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4'} ~* resetchannels +@all`,
      ]);
      assert.equal(await admin.call('ACL', 'DELUSER', 'fromconf'), 1);
    } finally {
      admin.disconnect();
    }
  });

  test('commands of one client run in order even when one waits for the config file', async () => {
    const slow = await startFixture({ flush: () => new Promise((r) => setTimeout(r, 50)) });
    try {
      const r = await raw(slow.port, 'SENTINEL FLUSHCONFIG\r\nPING\r\n', lines(2));
      assert.equal(r.text, '+OK\r\n+PONG\r\n');
    } finally {
      await slow.close();
    }
    const failing = await startFixture({ flush: () => Promise.reject(new Error('disk full')) });
    try {
      const r = await raw(failing.port, 'SENTINEL FLUSHCONFIG\r\n', lines(1));
      assert.equal(r.text, '-ERR Failed to save config file. Check server logs.\r\n');
    } finally {
      await failing.close();
    }
  });
});

describe('LABFAULT: lab faults (not in sentinel.c), only with --lab-faults', () => {
  let fx: Fixture;
  let client: Redis;
  before(async () => {
    fx = await startFixture({ labFaults: true });
    client = ioredis(fx.port);
  });
  after(async () => {
    client.disconnect();
    await fx.close();
  });

  test('without --lab-faults the command does not exist, as in redis-sentinel', async () => {
    const plain = await startFixture();
    const c = ioredis(plain.port);
    try {
      await assert.rejects(c.call('LABFAULT', 'LIST'), /ERR unknown command 'LABFAULT'/);
    } finally {
      c.disconnect();
      await plain.close();
    }
  });

  test('withhold-event: the event is logged but not published, until the fault ends at its deadline', async () => {
    const sub = ioredis(fx.port);
    const got: string[] = [];
    sub.on('message', (channel: string) => got.push(channel));
    await sub.subscribe('+reset-master');
    try {
      assert.equal(await client.call('LABFAULT', 'SET', 'withhold-event', '1000', '+reset-master'), 'OK');
      await client.call('SENTINEL', 'RESET', 'mymaster');
      assert.ok(fx.logs.some(([, text]) => text.startsWith('lab fault set: withhold-event +reset-master (1000 ms left)')));
      fx.clock.now += 1000;
      await client.call('SENTINEL', 'RESET', 'mymaster');
      await sub.call('PING').catch(() => {});
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got, ['+reset-master'], 'only the reset after the deadline was published');
      assert.deepEqual(await client.call('LABFAULT', 'LIST'), []);
    } finally {
      sub.disconnect();
    }
  });

  test('stale-master: GET-MASTER-ADDR-BY-NAME answers the master of the moment the fault began, until CLEAR', async () => {
    const before = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')) as string[];
    assert.equal(await client.call('LABFAULT', 'SET', 'stale-master', '0'), 'OK');
    const moved = fx.master.addr;
    fx.master.addr = { ...moved, port: moved.port + 1 };
    try {
      assert.deepEqual(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'), before);
      assert.equal(await client.call('LABFAULT', 'CLEAR'), 1);
      assert.deepEqual(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'), ['127.0.0.1', String(moved.port + 1)]);
    } finally {
      fx.master.addr = moved;
    }
  });

  test('mute-clients: clients get no reply, links named sentinel-* still do, and LABFAULT itself always answers', async () => {
    assert.equal(await client.call('LABFAULT', 'SET', 'mute-clients', '0'), 'OK');
    try {
      const muted = await raw(fx.port, 'PING\r\n', lines(1), 300);
      assert.equal(muted.text, '', 'a client is not answered');
      const peer = await raw(fx.port, 'CLIENT SETNAME sentinel-1234abcd-cmd\r\nPING\r\n', lines(2));
      assert.equal(peer.text, '+OK\r\n+PONG\r\n');
      assert.deepEqual(await client.call('LABFAULT', 'LIST'), ['mute-clients (until cleared)']);
    } finally {
      assert.equal(await client.call('LABFAULT', 'CLEAR', 'mute-clients'), 1);
    }
    assert.equal(await client.call('PING'), 'PONG');
  });

  test('bad input says what is allowed', async () => {
    await assert.rejects(
      client.call('LABFAULT', 'SET', 'drop-votes', '10'),
      /unknown lab fault 'drop-votes'; use withhold-event, stale-master/,
    );
    await assert.rejects(client.call('LABFAULT', 'SET', 'withhold-event', '10'), /withhold-event needs the events to withhold/);
    await assert.rejects(client.call('LABFAULT', 'SET'), /usage: LABFAULT SET/);
    await assert.rejects(client.call('LABFAULT', 'SET', 'delay-hello', '10', 'x'), /delay-hello needs the period/);
    await assert.rejects(client.call('LABFAULT', 'SET', 'mute-clients', 'soon'), /'soon' is not a duration in milliseconds/);
  });
});

describe('SentinelServer with requirepass', () => {
  test('NOAUTH until AUTH; AUTH/HELLO accepted before it; wrong passwords refused', async () => {
    const fx = await startFixture({ requirePass: 'secret' });
    try {
      const r = await raw(fx.port, 'PING\r\nHELLO 3\r\nAUTH nope\r\nAUTH secret\r\nPING\r\n', lines(5));
      assert.equal(
        r.text,
        '-NOAUTH Authentication required.\r\n' +
          '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n' +
          '-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+PONG\r\n',
      );
      const h = await raw(fx.port, 'HELLO 3 AUTH default secret SETNAME me\r\nCLIENT GETNAME\r\n', (t) => t.endsWith('$2\r\nme\r\n'));
      assert.match(h.text, /^%6\r\n/);
      // Before authentication, large multibulk headers are protocol errors (authRequired limits).
      const big = await raw(fx.port, '*11\r\n');
      assert.equal(big.text, '-ERR Protocol error: unauthenticated multibulk length\r\n');
      const redis = ioredis(fx.port, { password: 'secret' });
      assert.equal(await redis.call('SENTINEL', 'MYID'), fx.engine.state.myid);
      redis.disconnect();
    } finally {
      await fx.close();
    }
  });
});

describe('stringMatch (stringmatchlen of Redis 7.0.15)', () => {
  test('globs, classes, escapes and the nocase option', () => {
    assert.ok(stringMatch('*', '+sdown'));
    assert.ok(!stringMatch('*', ''), 'Redis: "*" does not match an empty string');
    assert.ok(stringMatch('+s?own', '+sdown'));
    assert.ok(stringMatch('[-+]sdown', '-sdown'));
    // As in Redis, a '-' before the closing ']' starts a range that swallows the ']'.
    assert.ok(!stringMatch('[+-]sdown', '-sdown'));
    assert.ok(stringMatch('[^a]b', 'xb') && !stringMatch('[^a]b', 'ab'));
    assert.ok(stringMatch('[a-c]x', 'bx') && stringMatch('[c-a]x', 'bx'));
    assert.ok(stringMatch('a\\*b', 'a*b') && !stringMatch('a\\*b', 'axb'));
    assert.ok(stringMatch('ANNOUNCE-*', 'announce-ip', true) && !stringMatch('ANNOUNCE-*', 'announce-ip'));
  });

  test('patterns with many stars stay fast (the 7.0.9 cut-off)', () => {
    const start = Date.now();
    assert.ok(!stringMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(60)));
    assert.ok(Date.now() - start < 200);
  });
});

// ---------------------------------------------------------------- comparison with the real redis-sentinel

function findRedisSentinel(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-sentinel'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

async function freePortIn(from: number, to: number): Promise<number> {
  const rand = seeded(Date.now());
  for (let i = 0; i < 50; i++) {
    const port = from + Math.floor(rand() * (to - from + 1));
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

async function connectWhenUp(port: number, deadlineMs: number): Promise<RespClient> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      const c = await RespClient.connect({ host: '127.0.0.1', port, timeoutMs: 500 });
      if ((await c.call(['PING'])) === 'PONG') return c;
      c.close();
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`redis-sentinel on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function shape(v: RespValue): string {
  return v instanceof RespError ? `error: ${v.message}` : JSON.stringify(v);
}

describe('compared with the real redis-sentinel 7.0.15', () => {
  const binary = findRedisSentinel();
  test(
    'same reply shapes and error texts',
    { skip: binary === null ? 'redis-sentinel is not installed' : false, timeout: 15_000 },
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sentinel-compare-'));
      const port = await freePortIn(27000, 27999);
      const fx = await startFixture();
      const conf = path.join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor mymaster 127.0.0.1 ${fx.masterPort} 2`,
          'sentinel down-after-milliseconds mymaster 60000',
          '',
        ].join('\n'),
      );
      let child: ChildProcess | null = null;
      let real: RespClient | null = null;
      let ours: RespClient | null = null;
      try {
        child = spawn(binary!, [conf], { stdio: 'ignore' });
        real = await connectWhenUp(port, 5000);
        ours = await RespClient.connect({ host: '127.0.0.1', port: fx.port, timeoutMs: 1000 });
        const both = async (...args: string[]): Promise<[RespValue, RespValue]> => [await real!.call(args), await ours!.call(args)];

        const [rm, om] = await both('SENTINEL', 'MASTER', 'mymaster');
        assert.deepEqual(keysOf(om), keysOf(rm));
        const [ri, oi] = await both('INFO', 'sentinel');
        const fields = (text: RespValue) =>
          String(text)
            .split('\r\n')
            .map((l) => l.replace(/[:=].*$/, ''));
        assert.deepEqual(fields(oi), fields(ri));
        const [rall, oall] = await both('INFO');
        const names = (text: RespValue) =>
          String(text)
            .split('\r\n')
            .map((l) => l.split(':')[0]);
        assert.deepEqual(names(oall), names(rall));

        const same = [
          ['FOO', 'bar', 'baz'],
          ['QUIT'],
          ['SENTINEL', 'nope'],
          ['SENTINEL', 'MYID', 'x'],
          ['SENTINEL', 'SET', 'mymaster', 'quorum', 'x'],
          ['SENTINEL', 'SET', 'nope', 'quorum', '2'],
          ['SENTINEL', 'SET', 'mymaster', 'nope', '2'],
          ['SENTINEL', 'CKQUORUM', 'mymaster'],
          ['SENTINEL', 'CKQUORUM', 'nope'],
          ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'],
          ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nope'],
          ['SENTINEL', 'MONITOR', 'm2', '127.0.0.1', 'abc', '2'],
          ['SENTINEL', 'MONITOR', 'm2', 'localhost', '6379', '2'],
          ['SENTINEL', 'MONITOR', 'mymaster', '127.0.0.1', '6379', '2'],
          ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'],
          ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '10.1.1.1', '1', '0', '*'],
          ['SENTINEL', 'CONFIG', 'SET', 'foo', 'bar'],
          ['SENTINEL', 'CONFIG', 'GET', 'resolve-*'],
          ['SENTINEL', 'DEBUG', 'foo', '1'],
          ['SENTINEL', 'SIMULATE-FAILURE', 'help'],
          ['SENTINEL', 'INFO-CACHE', 'nope'],
          ['SENTINEL', 'PENDING-SCRIPTS'],
          ['SENTINEL', 'REPLICAS', 'mymaster'],
          ['PUBLISH', 'foo', 'bar'],
          ['CLIENT', 'KILL', 'ID', '0'],
          ['CLIENT', 'NOPE'],
          ['HELLO', '4'],
          ['AUTH', 'a', 'b'],
          ['AUTH', 'x'],
          ['ACL', 'WHOAMI'],
          ['ACL', 'SETUSER', 'u', 'bogus'],
          ['COMMAND', 'COUNT'],
          ['COMMAND', 'INFO', 'ping', 'sentinel|myid'],
          ['ROLE'],
          ['PING', 'a', 'b'],
        ];
        for (const args of same) {
          const [r, o] = await both(...args);
          assert.equal(shape(o), shape(r), args.join(' '));
        }
      } finally {
        real?.close();
        ours?.close();
        child?.kill('SIGKILL');
        await fx.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
