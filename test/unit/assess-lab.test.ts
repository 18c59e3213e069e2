import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessLab } from '../../src/observe/assess-lab.js';
import type { NodeStatus, RedisNodeStatus, SentinelNodeStatus } from '../../src/observe/node-status.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import { formatAddress, redisNodes, sentinelNodes } from '../../src/topology/topology.js';

/** The classic lab on a fixed subnet, so addresses can be written out in expectations. */
const topology = buildTopology(parseLabOptions({}, {}), '172.30.5.0/24');
const masterAddress = '172.30.5.10:6379';
const replica1Address = '172.30.5.11:6379';

/** What every node of a healthy, ready classic lab answers. */
function healthyLab(): NodeStatus[] {
  const [master, ...replicas] = redisNodes(topology);
  const sentinels = sentinelNodes(topology);
  const base = (node: (typeof topology.nodes)[number]) => ({
    name: node.name,
    address: formatAddress(node.address),
    published: formatAddress(node.published),
  });
  const redis: RedisNodeStatus[] = [
    { ...base(master!), kind: 'redis', role: 'master', offset: 5432, connectedReplicas: replicas.length },
    ...replicas.map((node): RedisNodeStatus => ({
      ...base(node),
      kind: 'redis',
      role: 'replica',
      master: masterAddress,
      masterNode: 'redis-master',
      link: 'up',
      offset: 5432,
      connectedReplicas: 0,
    })),
  ];
  const sentinel: SentinelNodeStatus[] = sentinels.map((node) => ({
    ...base(node),
    kind: 'sentinel',
    role: 'sentinel',
    master: masterAddress,
    masterNode: 'redis-master',
    flags: ['master'],
    numSlaves: replicas.length,
    numOtherSentinels: sentinels.length - 1,
    quorum: 2,
    ckquorum: { ok: true, message: 'OK 3 usable Sentinels. Quorum and failover authorization can be reached' },
    knownReplicas: replicas.map((r) => ({ address: formatAddress(r.address), node: r.name, flags: ['slave'] })),
    knownSentinels: sentinels
      .filter((s) => s !== node)
      .map((s) => ({ address: formatAddress(s.address), node: s.name, flags: ['sentinel'] })),
  }));
  return [...redis, ...sentinel];
}

function redisStatus(statuses: NodeStatus[], name: string): RedisNodeStatus {
  const status = statuses.find((s) => s.name === name);
  assert.ok(status?.kind === 'redis', `no redis node ${name}`);
  return status;
}

function sentinelStatus(statuses: NodeStatus[], name: string): SentinelNodeStatus {
  const status = statuses.find((s) => s.name === name);
  assert.ok(status?.kind === 'sentinel', `no sentinel ${name}`);
  return status;
}

interface Case {
  title: string;
  /** Breaks the healthy lab the way a real fault would show. */
  change: (statuses: NodeStatus[]) => void;
  /** The findings, in order: the node each concerns (if any) and what its message says. */
  findings: { node?: string; message: RegExp }[];
}

const cases: Case[] = [
  {
    title: 'a replica does not answer',
    change: (s) => {
      const replica = redisStatus(s, 'redis-replica-2');
      Object.assign(replica, { role: 'down', master: undefined, link: undefined, error: 'connection refused or closed: not running?' });
    },
    findings: [
      {
        node: 'redis-replica-2',
        message: /^redis-replica-2 does not answer at 127\.0\.0\.1:6381 \(connection refused or closed: not running\?\)$/,
      },
    ],
  },
  {
    title: 'a sentinel does not answer',
    change: (s) => {
      Object.assign(sentinelStatus(s, 'redis-sentinel-3'), { role: 'down', error: 'no reply in time: paused, sleeping or cut off?' });
    },
    findings: [{ node: 'redis-sentinel-3', message: /^redis-sentinel-3 does not answer at 127\.0\.0\.1:26381 \(no reply in time/ }],
  },
  {
    title: 'the master does not answer: no master at all',
    change: (s) => {
      Object.assign(redisStatus(s, 'redis-master'), { role: 'down', error: undefined });
    },
    findings: [
      { node: 'redis-master', message: /^redis-master does not answer at 127\.0\.0\.1:6379 \(no reply\)$/ },
      { message: /^no redis node reports role:master$/ },
    ],
  },
  {
    title: 'two masters (split brain)',
    change: (s) => {
      Object.assign(redisStatus(s, 'redis-replica-1'), { role: 'master', master: undefined, masterNode: undefined, link: undefined });
    },
    findings: [{ message: /redis-master and redis-replica-1 .*role:master \(split brain\)/ }],
  },
  {
    title: 'three masters are all named',
    change: (s) => {
      for (const name of ['redis-replica-1', 'redis-replica-2']) {
        Object.assign(redisStatus(s, name), { role: 'master', master: undefined, masterNode: undefined, link: undefined });
      }
    },
    findings: [{ message: /redis-master, redis-replica-1 and redis-replica-2 .*role:master \(split brain\)/ }],
  },
  {
    title: 'a replica follows a node that is not the master',
    change: (s) => {
      Object.assign(redisStatus(s, 'redis-replica-2'), { master: replica1Address, masterNode: 'redis-replica-1' });
    },
    findings: [
      {
        node: 'redis-replica-2',
        message: /^redis-replica-2 follows redis-replica-1 \(172\.30\.5\.11:6379\), not the master redis-master$/,
      },
    ],
  },
  {
    title: 'a replica follows an address outside the lab',
    change: (s) => {
      Object.assign(redisStatus(s, 'redis-replica-1'), { master: '10.0.0.99:6379', masterNode: undefined });
    },
    findings: [{ node: 'redis-replica-1', message: /^redis-replica-1 follows 10\.0\.0\.99:6379, not the master redis-master$/ }],
  },
  {
    title: 'a replica’s link to the master is down',
    change: (s) => {
      redisStatus(s, 'redis-replica-1').link = 'down';
    },
    findings: [{ node: 'redis-replica-1', message: /^redis-replica-1: link to its master redis-master \(172\.30\.5\.10:6379\) is down$/ }],
  },
  {
    title: 'a sentinel reports another master',
    change: (s) => {
      Object.assign(sentinelStatus(s, 'redis-sentinel-2'), { master: replica1Address, masterNode: 'redis-replica-1' });
    },
    findings: [
      {
        node: 'redis-sentinel-2',
        message: /^redis-sentinel-2 reports master redis-replica-1 \(172\.30\.5\.11:6379\), but redis-master is the master$/,
      },
    ],
  },
  {
    title: 'a sentinel does not monitor the master',
    change: (s) => {
      Object.assign(sentinelStatus(s, 'redis-sentinel-3'), { master: undefined, masterNode: undefined });
    },
    findings: [{ node: 'redis-sentinel-3', message: /^redis-sentinel-3 does not monitor mymaster$/ }],
  },
  {
    title: 'a sentinel flags the master s_down',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-1').flags = ['s_down', 'master'];
    },
    findings: [{ node: 'redis-sentinel-1', message: /^redis-sentinel-1 flags mymaster s_down$/ }],
  },
  {
    title: 'a sentinel is in the middle of a failover',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-2').flags = ['o_down', 'master', 'failover_in_progress'];
    },
    findings: [{ node: 'redis-sentinel-2', message: /^redis-sentinel-2 flags mymaster o_down,failover_in_progress$/ }],
  },
  {
    title: 'a sentinel knows fewer replicas (num-slaves)',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-3').numSlaves = 1;
    },
    findings: [{ node: 'redis-sentinel-3', message: /^redis-sentinel-3 knows 1 of 2 replicas$/ }],
  },
  {
    title: 'a sentinel knows fewer other sentinels (num-other-sentinels)',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-1').numOtherSentinels = 0;
    },
    findings: [{ node: 'redis-sentinel-1', message: /^redis-sentinel-1 knows 0 of 2 other sentinels$/ }],
  },
  {
    title: 'CKQUORUM fails',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-2').ckquorum = {
        ok: false,
        message: 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master',
      };
    },
    findings: [{ node: 'redis-sentinel-2', message: /^redis-sentinel-2: CKQUORUM failed: NOQUORUM 1 usable Sentinels/ }],
  },
  {
    title: 'a sentinel sees another sentinel as disconnected',
    change: (s) => {
      const known = sentinelStatus(s, 'redis-sentinel-1').knownSentinels!.find((k) => k.node === 'redis-sentinel-3')!;
      known.flags = ['s_down', 'sentinel', 'disconnected'];
    },
    findings: [{ node: 'redis-sentinel-1', message: /^redis-sentinel-1 sees redis-sentinel-3 as s_down,disconnected$/ }],
  },
  {
    title: 'a sentinel sees an unknown replica as down (named by address)',
    change: (s) => {
      sentinelStatus(s, 'redis-sentinel-2').knownReplicas!.push({ address: '10.0.0.99:6379', flags: ['s_down', 'slave'] });
    },
    findings: [{ node: 'redis-sentinel-2', message: /^redis-sentinel-2 sees 10\.0\.0\.99:6379 as s_down$/ }],
  },
  {
    title: 'with the master down, the sentinels disagree on the master',
    change: (s) => {
      Object.assign(redisStatus(s, 'redis-master'), { role: 'down', error: 'connection refused or closed: not running?' });
      Object.assign(sentinelStatus(s, 'redis-sentinel-2'), { master: replica1Address, masterNode: 'redis-replica-1' });
    },
    findings: [
      { node: 'redis-master', message: /^redis-master does not answer/ },
      { message: /^no redis node reports role:master$/ },
      {
        message:
          /^sentinels disagree on the master: redis-sentinel-1 → redis-master \(172\.30\.5\.10:6379\), redis-sentinel-2 → redis-replica-1 \(172\.30\.5\.11:6379\), redis-sentinel-3 → redis-master/,
      },
    ],
  },
];

describe('assessLab', () => {
  test('a healthy lab has no findings', () => {
    assert.deepEqual(assessLab(topology, healthyLab()), []);
  });

  for (const { title, change, findings } of cases) {
    test(title, () => {
      const statuses = healthyLab();
      change(statuses);
      const actual = assessLab(topology, statuses);
      const shown = actual.map((f) => `${f.node ?? '-'}: ${f.message}`).join('\n');
      assert.equal(actual.length, findings.length, `findings:\n${shown}`);
      findings.forEach((expected, i) => {
        assert.equal(actual[i]!.node, expected.node, `finding ${i}:\n${shown}`);
        assert.match(actual[i]!.message, expected.message);
      });
    });
  }
});
