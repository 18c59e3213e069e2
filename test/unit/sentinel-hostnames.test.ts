// Hostnames in the sentinel engine (sentinel.c's sentinelAddr: createSentinelAddr, announceSentinelAddr,
// sentinelAddrOrHostnameEqual, sentinelAddrEqualsHostname, and the re-resolution of sentinelReconnectInstance),
// and the io's resolver cache (io/host-resolver.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SRI_MASTER, SRI_S_DOWN, SRI_SLAVE } from '../../src/sentinel/constants.js';
import { configSnapshot } from '../../src/sentinel/core/config-snapshot.js';
import { formatHello, processHello } from '../../src/sentinel/core/hello.js';
import { createInstance } from '../../src/sentinel/core/instance-registry.js';
import { describeInstance } from '../../src/sentinel/core/instance.js';
import { answerIsMasterDown } from '../../src/sentinel/core/is-master-down.js';
import { reconnectInstance, sendSlaveOf } from '../../src/sentinel/core/links.js';
import { refreshInstanceInfo } from '../../src/sentinel/core/info-refresh.js';
import {
  addrEqual,
  addrEqualsHostname,
  announceAddrAndPort,
  announceHost,
  createAddr,
  resolveHost,
} from '../../src/sentinel/core/sentinel-addr.js';
import { SentinelEngine } from '../../src/sentinel/core/sentinel-engine.js';
import { HostResolver, REFRESH_MS } from '../../src/sentinel/io/host-resolver.js';
import { RecordingIo } from '../support/sentinel-fake-io.js';
import { masterConf, rid, sentinelConf } from '../support/sentinel-fixtures.js';

/** A RecordingIo with a name table for resolveHost. */
class ResolvingIo extends RecordingIo {
  readonly names = new Map<string, string>([['localhost', '127.0.0.1']]);
  resolveHost(host: string): string | null {
    return this.names.get(host.toLowerCase()) ?? null;
  }
}

function hostnameRig(o: { resolve?: boolean; announce?: boolean; host?: string } = {}) {
  const io = new ResolvingIo();
  const config = sentinelConf([masterConf({ host: o.host ?? 'localhost' })], {
    resolveHostnames: o.resolve ?? true,
    announceHostnames: o.announce ?? true,
  });
  const engine = new SentinelEngine(config, io);
  return { io, engine, master: engine.state.masters.get('mymaster')! };
}

describe('sentinel addresses', () => {
  test('createAddr: IP literals in inet_ntop form, names only with resolve-hostnames, unresolved ones only when accepted', () => {
    const { engine, io } = hostnameRig({ resolve: false });
    assert.deepEqual(createAddr(engine, '127.1', 6379, false), { host: '127.1', ip: '127.0.0.1', port: 6379 });
    assert.deepEqual(createAddr(engine, '::0001', 6379, false), { host: '::0001', ip: '::1', port: 6379 });
    assert.equal(createAddr(engine, 'localhost', 6379, true), null, 'no name resolves without resolve-hostnames');
    assert.equal(createAddr(engine, '127.0.0.1', 70000, true), null);
    assert.equal(createAddr(engine, '127.0.0.1', -1, true), null);
    engine.state.resolveHostnames = true;
    assert.deepEqual(createAddr(engine, 'LocalHost', 6379, false), { host: 'LocalHost', ip: '127.0.0.1', port: 6379 });
    assert.equal(createAddr(engine, 'nowhere', 6379, false), null);
    assert.deepEqual(createAddr(engine, 'nowhere', 6379, true), { host: 'nowhere', ip: '', port: 6379 });
    assert.ok(io.logs.some((l) => l.text === "Failed to resolve hostname 'nowhere'"));
    assert.equal(resolveHost(engine, ''), null);
  });

  test('announceHost / announceAddrAndPort follow announce-hostnames at each call', () => {
    const state = { announceHostnames: true };
    const v4 = { host: 'localhost', ip: '127.0.0.1', port: 6379 };
    const v6 = { host: 'localhost', ip: '::1', port: 6379 };
    assert.equal(announceHost(state, v4), 'localhost');
    assert.equal(announceAddrAndPort(state, v6), 'localhost:6379');
    state.announceHostnames = false;
    assert.equal(announceHost(state, v4), '127.0.0.1');
    assert.equal(announceAddrAndPort(state, v4), '127.0.0.1:6379');
    assert.equal(announceAddrAndPort(state, v6), '[::1]:6379');
  });

  test('addrEqual: same port and the same IP or the same hostname, ignoring case', () => {
    const a = { host: 'redis-1', ip: '10.0.0.1', port: 6379 };
    assert.ok(addrEqual(a, { host: '10.0.0.1', ip: '10.0.0.1', port: 6379 }));
    assert.ok(addrEqual(a, { host: 'REDIS-1', ip: '', port: 6379 }), 'unresolved: by hostname');
    assert.ok(!addrEqual(a, { host: 'redis-2', ip: '10.0.0.2', port: 6379 }));
    assert.ok(!addrEqual(a, { host: 'redis-1', ip: '10.0.0.1', port: 6380 }));
    assert.ok(addrEqual({ host: 'x', ip: '', port: 1 }, { host: 'y', ip: '', port: 1 }), 'as in sentinel.c: two empty IPs are equal');
  });

  test('addrEqualsHostname: the name is resolved, else compared with the hostname (resolve-hostnames) or the IP', () => {
    const { engine } = hostnameRig();
    const a = { host: 'redis-1', ip: '127.0.0.1', port: 6379 };
    assert.ok(addrEqualsHostname(engine, a, 'localhost'));
    assert.ok(addrEqualsHostname(engine, a, '127.0.0.1'));
    assert.ok(addrEqualsHostname(engine, a, 'Redis-1'), 'unresolvable: by hostname');
    assert.ok(!addrEqualsHostname(engine, a, 'redis-2'));
    engine.state.resolveHostnames = false;
    assert.ok(!addrEqualsHostname(engine, a, 'localhost'), 'without resolve-hostnames a name does not resolve, and is not the IP');
    assert.ok(!addrEqualsHostname(engine, a, 'redis-1'));
    assert.ok(addrEqualsHostname(engine, { host: '127.1', ip: '127.0.0.1', port: 1 }, '127.0.0.1'));
  });
});

describe('hostnames in the engine', () => {
  test('a master monitored by hostname: events, replies and config follow announce-hostnames as soon as it changes', () => {
    const { engine, master } = hostnameRig();
    assert.deepEqual(master.addr, { host: 'localhost', ip: '127.0.0.1', port: 6379 });
    assert.equal(describeInstance(engine.state, master), 'master mymaster localhost 6379');
    assert.equal(configSnapshot(sentinelConf([]), engine.state).masters[0]!.host, 'localhost');
    engine.state.announceHostnames = false;
    assert.equal(describeInstance(engine.state, master), 'master mymaster 127.0.0.1 6379');
    assert.equal(configSnapshot(sentinelConf([]), engine.state).masters[0]!.host, '127.0.0.1');
  });

  test('replicas from INFO are named after their announced address; SLAVEOF and hellos name the master as announced', () => {
    const { engine, io, master } = hostnameRig();
    const info = [
      '# Server',
      `run_id:${rid('0')}`,
      '# Replication',
      'role:master',
      'slave0:ip=localhost,port=6380,state=online,offset=0,lag=0',
      '',
    ].join('\r\n');
    refreshInstanceInfo(engine, master, info);
    const replica = master.slaves.get('localhost:6380');
    assert.ok(replica, `replicas: ${[...master.slaves.keys()].join(' ')}`);
    assert.deepEqual(replica.addr, { host: 'localhost', ip: '127.0.0.1', port: 6380 });
    assert.deepEqual(io.events(), ['+slave slave localhost:6380 localhost 6380 @ mymaster localhost 6379']);
    refreshInstanceInfo(engine, master, info);
    assert.equal(master.slaves.size, 1, 'found again by its announced address');

    replica.link.cc = true;
    assert.ok(sendSlaveOf(engine, replica, master.addr));
    assert.deepEqual(io.commands(['SLAVEOF']).at(-1)?.args, ['SLAVEOF', 'localhost', '6379']);
    assert.equal(
      formatHello(engine.state, master, master.addr, '127.0.0.1'),
      `127.0.0.1,26379,${engine.state.myid},0,mymaster,localhost,6379,0`,
    );
    engine.state.announceHostnames = false;
    assert.ok(sendSlaveOf(engine, replica, master.addr));
    assert.deepEqual(io.commands(['SLAVEOF']).at(-1)?.args, ['SLAVEOF', '127.0.0.1', '6379']);
    assert.equal(
      formatHello(engine.state, master, master.addr, '127.0.0.1'),
      `127.0.0.1,26379,${engine.state.myid},0,mymaster,127.0.0.1,6379,0`,
    );
  });

  test('a replica whose master_host names our master by hostname is not reconfigured', () => {
    const { engine, io, master } = hostnameRig({ host: '127.0.0.1' });
    const replica = createInstance(engine, SRI_SLAVE, null, { host: '127.0.0.1', port: 6380 }, 2, master)!;
    master.roleReported = SRI_MASTER;
    replica.link.cc = true;
    const info = (host: string): string =>
      ['# Replication', 'role:slave', `master_host:${host}`, 'master_port:6379', 'master_link_status:up', ''].join('\r\n');
    // Twice each, failover-timeout apart: a replica is only fixed once its configuration stayed the same that long.
    const twice = (host: string): void => {
      for (let i = 0; i < 2; i++) {
        io.advance(master.failoverTimeout + 1);
        master.infoRefresh = io.now(); // the master looks sane
        refreshInstanceInfo(engine, replica, info(host));
      }
    };
    twice('LOCALHOST');
    assert.equal(io.commands(['SLAVEOF']).length, 0, 'localhost resolves to the master IP');
    twice('10.9.9.9');
    assert.deepEqual(io.commands(['SLAVEOF']).at(-1)?.args, ['SLAVEOF', '127.0.0.1', '6379']);
    assert.ok(io.events().some((e) => e.startsWith('+fix-slave-config')));
  });

  test('a hello naming our master by hostname is no address change; IS-MASTER-DOWN-BY-ADDR finds it by hostname', () => {
    const { engine, io, master } = hostnameRig({ host: '127.0.0.1', announce: false });
    const hello = (mip: string, epoch: number): string => ['10.0.0.9', 26379, rid('s'), epoch, 'mymaster', mip, 6379, epoch].join(',');
    processHello(engine, hello('localhost', 1));
    assert.equal(master.configEpoch, 1);
    assert.ok(!io.events().some((e) => e.startsWith('+switch-master')));
    assert.deepEqual(master.addr, { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 });
    assert.equal(answerIsMasterDown(engine, 'localhost', 6379, 0, '*').down, 0);
    master.flags |= SRI_S_DOWN;
    assert.equal(answerIsMasterDown(engine, 'localhost', 6379, 0, '*').down, 1);
    assert.equal(answerIsMasterDown(engine, 'elsewhere', 6379, 0, '*').down, 0);
  });

  test('a hello with a newer config at another hostname switches to it, announced as given', () => {
    const { engine, io, master } = hostnameRig();
    io.names.set('redis-b', '10.0.0.2');
    processHello(engine, ['10.0.0.9', 26379, rid('s'), 1, 'mymaster', 'redis-b', 6380, 1].join(','));
    assert.ok(io.events().includes('+switch-master mymaster localhost 6379 redis-b 6380'), io.events().join('\n'));
    assert.deepEqual(master.addr, { host: 'redis-b', ip: '10.0.0.2', port: 6380 });
    assert.ok(master.slaves.has('localhost:6379'), 'the old master is kept as a replica');
  });

  test('reconnecting re-resolves the hostname with resolve-hostnames (not without)', () => {
    const { engine, io, master } = hostnameRig({ announce: false });
    io.names.set('localhost', '::1');
    io.advance(2000);
    reconnectInstance(engine, master);
    assert.deepEqual(master.addr, { host: 'localhost', ip: '::1', port: 6379 });
    assert.equal(describeInstance(engine.state, master), 'master mymaster ::1 6379');
    io.names.delete('localhost');
    master.link.cc = false;
    master.link.pc = false;
    master.link.disconnected = true;
    io.advance(2000);
    reconnectInstance(engine, master);
    assert.equal(master.addr.ip, '::1', 'an address that no longer resolves is kept');
  });
});

describe('HostResolver', () => {
  function fakeResolver() {
    let time = 0;
    const table = new Map<string, string>([['a.example', '10.0.0.1']]);
    const calls = { sync: 0, async: 0 };
    const resolver = new HostResolver({
      now: () => time,
      lookupSync: (h) => (calls.sync++, table.get(h) ?? null),
      lookupAsync: async (h) => (calls.async++, table.get(h) ?? null),
    });
    return { resolver, table, calls, advance: (ms: number) => (time += ms) };
  }

  test('a new name is resolved synchronously once, then answered from the cache', () => {
    const f = fakeResolver();
    assert.equal(f.resolver.resolve('a.example'), '10.0.0.1');
    assert.equal(f.resolver.resolve('A.EXAMPLE'), '10.0.0.1');
    assert.equal(f.resolver.resolve('b.example'), null);
    assert.equal(f.resolver.resolve('b.example'), null);
    assert.deepEqual(f.calls, { sync: 2, async: 0 });
  });

  test('an old answer is still returned, and refreshed in the background', async () => {
    const f = fakeResolver();
    f.resolver.resolve('a.example');
    f.table.set('a.example', '10.0.0.7');
    f.advance(REFRESH_MS);
    assert.equal(f.resolver.resolve('a.example'), '10.0.0.1');
    assert.equal(f.resolver.resolve('a.example'), '10.0.0.1');
    await new Promise((r) => setImmediate(r));
    assert.equal(f.calls.async, 1, 'one refresh at a time');
    assert.equal(f.resolver.resolve('a.example'), '10.0.0.7');
    assert.equal(f.calls.sync, 1);
  });

  test('lookup() fills the cache, so resolve() does not block', async () => {
    const f = fakeResolver();
    assert.equal(await f.resolver.lookup('a.example'), '10.0.0.1');
    assert.equal(await f.resolver.lookup('nowhere'), null);
    assert.equal(f.resolver.resolve('a.example'), '10.0.0.1');
    assert.equal(f.resolver.resolve('nowhere'), null);
    assert.equal(f.calls.sync, 0);
  });

  test('the system resolver knows localhost and IP literals', async () => {
    const resolver = new HostResolver();
    const ip = await resolver.lookup('localhost');
    assert.ok(ip === '127.0.0.1' || ip === '::1', String(ip));
    assert.equal(new HostResolver().resolve('localhost'), ip, 'the blocking lookup gives the same first answer');
    assert.equal(new HostResolver().resolve('no-such-host.invalid'), null);
  });
});
