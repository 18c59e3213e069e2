import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ReplicationInfo, ServerSoftware } from '../../src/observe/info.js';
import { formatSoftware, pairsToRecord, parseInfo, parseReplicationInfo, parseServerInfo } from '../../src/observe/info.js';

/** INFO replies captured from real servers (see test/fixtures/info/README.md). */
const captured = (file: string) => readFileSync(new URL(`../../../test/fixtures/info/${file}`, import.meta.url), 'utf8');

/** INFO replication as Redis 7.2 prints it (CRLF line ends, as on the wire). */
const masterInfo = [
  '# Replication',
  'role:master',
  'connected_slaves:2',
  'slave0:ip=172.30.5.11,port=6379,state=online,offset=5432,lag=0',
  'slave1:ip=172.30.5.12,port=6379,state=online,offset=5432,lag=1',
  'master_failover_state:no-failover',
  'master_replid:8e3f1d6c9a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'master_replid2:0000000000000000000000000000000000000000',
  'master_repl_offset:5432',
  'second_repl_offset:-1',
  'repl_backlog_active:1',
  'repl_backlog_size:1048576',
  'repl_backlog_first_byte_offset:1',
  'repl_backlog_histlen:5432',
  '',
].join('\r\n');

const replicaInfo = (link: 'up' | 'down') =>
  [
    '# Replication',
    'role:slave',
    'master_host:172.30.5.10',
    'master_port:6379',
    `master_link_status:${link}`,
    'master_last_io_seconds_ago:1',
    'master_sync_in_progress:0',
    'slave_read_repl_offset:5418',
    'slave_repl_offset:5418',
    'slave_priority:100',
    'slave_read_only:1',
    'replica_announced:1',
    'connected_slaves:0',
    'master_failover_state:no-failover',
    'master_replid:8e3f1d6c9a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:5418',
    'second_repl_offset:-1',
    'repl_backlog_active:1',
    'repl_backlog_size:1048576',
    'repl_backlog_first_byte_offset:15',
    'repl_backlog_histlen:5404',
    '',
  ].join('\r\n');

describe('parseReplicationInfo', () => {
  const cases: { title: string; text: string; info: ReplicationInfo }[] = [
    { title: 'a master with two replicas', text: masterInfo, info: { role: 'master', offset: 5432, connectedReplicas: 2 } },
    {
      title: 'a linked replica',
      text: replicaInfo('up'),
      info: { role: 'replica', master: '172.30.5.10:6379', link: 'up', offset: 5418, connectedReplicas: 0 },
    },
    {
      title: 'a replica whose link is down',
      text: replicaInfo('down'),
      info: { role: 'replica', master: '172.30.5.10:6379', link: 'down', offset: 5418, connectedReplicas: 0 },
    },
    {
      title: 'a replica still connecting (no master_link_status yet) counts as down',
      text: '# Replication\nrole:slave\nmaster_host:10.0.0.1\nmaster_port:7000\nconnected_slaves:0\n',
      info: { role: 'replica', master: '10.0.0.1:7000', link: 'down', offset: 0, connectedReplicas: 0 },
    },
    {
      title: 'a full INFO: only the replication section counts',
      text: `# Server\r\nredis_version:7.2.4\r\nrole:ignored\r\n\r\n${replicaInfo('up')}\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n`,
      info: { role: 'replica', master: '172.30.5.10:6379', link: 'up', offset: 5418, connectedReplicas: 0 },
    },
  ];
  for (const { title, text, info } of cases) {
    test(title, () => assert.deepEqual(parseReplicationInfo(text), info));
  }
});

describe('parseInfo', () => {
  test('splits sections (lower-cased) and fields, keeping colons in values and dropping CR', () => {
    const sections = parseInfo(
      '# Server\r\nredis_version:7.2.4\r\nexecutable:/usr/local/bin/redis-server\r\n\r\n# Replication\r\n' +
        'role:master\r\nslave0:ip=10.0.0.2,port=6379,state=online\r\n',
    );
    assert.deepEqual([...sections.keys()], ['', 'server', 'replication']);
    assert.equal(sections.get('server')?.get('redis_version'), '7.2.4');
    assert.equal(sections.get('server')?.get('executable'), '/usr/local/bin/redis-server');
    assert.equal(sections.get('replication')?.get('role'), 'master');
    assert.equal(sections.get('replication')?.get('slave0'), 'ip=10.0.0.2,port=6379,state=online');
  });

  test('fields before any section header go to the "" section; lines without a colon are skipped', () => {
    const sections = parseInfo('role:master\nnonsense\n:novalue\n');
    assert.deepEqual([...(sections.get('') ?? new Map()).entries()], [['role', 'master']]);
  });
});

describe('pairsToRecord', () => {
  const cases: { title: string; reply: unknown; record: Record<string, string> }[] = [
    {
      title: 'a SENTINEL MASTER reply',
      reply: [
        'name',
        'mymaster',
        'ip',
        '172.30.5.10',
        'port',
        '6379',
        'flags',
        'master',
        'num-slaves',
        '2',
        'num-other-sentinels',
        '2',
        'quorum',
        '2',
      ],
      record: {
        name: 'mymaster',
        ip: '172.30.5.10',
        port: '6379',
        flags: 'master',
        'num-slaves': '2',
        'num-other-sentinels': '2',
        quorum: '2',
      },
    },
    { title: 'numbers become strings', reply: ['port', 6379], record: { port: '6379' } },
    { title: 'a dangling field is dropped', reply: ['a', '1', 'b'], record: { a: '1' } },
    { title: 'an empty reply', reply: [], record: {} },
    { title: 'not an array (e.g. an error or null)', reply: null, record: {} },
    { title: 'a string reply', reply: 'OK', record: {} },
  ];
  for (const { title, reply, record } of cases) {
    test(title, () => assert.deepEqual(pairsToRecord(reply), record));
  }
});

describe('parseReplicationInfo on a reply without a role', () => {
  test('refuses to guess a role, so a garbled reply never shows up as a second master', () => {
    assert.throws(() => parseReplicationInfo(''), /INFO replication has no role/);
    assert.throws(() => parseReplicationInfo('# Replication\r\nconnected_slaves:0\r\n'), /no role/);
  });
});

describe('parseServerInfo', () => {
  const cases: { title: string; text: string; software: ServerSoftware | undefined; shown?: string }[] = [
    {
      title: 'valkey-server 8.0.1: server_name and valkey_version, not the redis_version it keeps (7.2.4)',
      text: captured('valkey-8.0.1-server.txt'),
      software: { name: 'valkey', version: '8.0.1', mode: 'standalone' },
      shown: 'valkey 8.0.1',
    },
    {
      title: 'valkey-sentinel 8.0.1: server_mode:sentinel',
      text: captured('valkey-sentinel-8.0.1-server.txt'),
      software: { name: 'valkey', version: '8.0.1', mode: 'sentinel' },
      shown: 'valkey 8.0.1',
    },
    {
      title: "Debian's redis-server 7.0.15: redis_version and redis_mode",
      text: captured('redis-7.0.15-server.txt'),
      software: { name: 'redis', version: '7.0.15', mode: 'standalone' },
      shown: 'redis 7.0.15',
    },
    {
      title: 'the server section of a two-section reply (INFO server replication)',
      text: captured('valkey-8.0.1-server.txt') + '\r\n' + captured('valkey-8.0.1-replication-master.txt'),
      software: { name: 'valkey', version: '8.0.1', mode: 'standalone' },
    },
    {
      title: 'a Redis 7.2 sentinel (redis_mode:sentinel, and a listener0 field)',
      text: '# Server\r\nredis_version:7.2.6\r\nredis_mode:sentinel\r\nlistener0:name=tcp,bind=*,bind=-::*,port=26379\r\n',
      software: { name: 'redis', version: '7.2.6', mode: 'sentinel' },
    },
    { title: 'no version at all (an empty reply)', text: '', software: undefined },
  ];
  for (const { title, text, software, shown } of cases) {
    test(title, () => {
      assert.deepEqual(parseServerInfo(text), software);
      if (shown) assert.equal(formatSoftware(software!), shown);
    });
  }
});

describe('parseReplicationInfo on valkey-server 8.0.1', () => {
  test('a master with its replica (slave0 lines, type=replica)', () => {
    const info = parseReplicationInfo(captured('valkey-8.0.1-replication-master.txt'));
    assert.equal(info.role, 'master');
    assert.equal(info.connectedReplicas, 1);
    assert.ok(info.offset > 0);
  });

  test('a linked replica: role:slave, master_host/master_port, master_link_status:up', () => {
    const info = parseReplicationInfo(captured('valkey-8.0.1-replication-replica.txt'));
    assert.deepEqual(
      { ...info, offset: info.offset > 0 },
      {
        role: 'replica',
        master: '127.0.0.1:6500',
        link: 'up',
        offset: true,
        connectedReplicas: 0,
      },
    );
  });
});
