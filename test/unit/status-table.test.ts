import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NodeStatus } from '../../src/observe/node-status.js';
import { softwareSummary } from '../../src/report/status-table.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';

const node = (name: string, kind: 'redis' | 'sentinel', software?: string): NodeStatus =>
  ({
    name,
    kind,
    role: kind === 'redis' ? 'master' : 'sentinel',
    address: '',
    published: '',
    ...(software ? { software } : {}),
  }) as NodeStatus;

describe("the status table's header names the software", () => {
  const lab = (sentinel: string) => buildTopology(parseLabOptions({ replicas: '1', sentinels: '3', sentinel }, {}));
  const cases: { title: string; sentinel: string; nodes: NodeStatus[]; summary: string }[] = [
    {
      title: 'one software everywhere: named once',
      sentinel: 'redis',
      nodes: [
        node('redis-master', 'redis', 'valkey 8.0.1'),
        node('redis-replica-1', 'redis', 'valkey 8.0.1'),
        node('redis-sentinel-1', 'sentinel', 'valkey 8.0.1'),
        node('redis-sentinel-2', 'sentinel', 'valkey 8.0.1'),
        node('redis-sentinel-3', 'sentinel', 'valkey 8.0.1'),
      ],
      summary: ', valkey 8.0.1',
    },
    {
      title: 'a mixed quorum: the real sentinels and the engine',
      sentinel: 'mixed',
      nodes: [
        node('redis-master', 'redis', 'redis 7.0.15'),
        node('redis-replica-1', 'redis', 'redis 7.0.15'),
        node('redis-sentinel-1', 'sentinel', 'valkey 8.0.1'),
        node('redis-sentinel-2', 'sentinel', 'valkey 8.0.1'),
        node('redis-sentinel-3', 'sentinel', 'valkey 8.0.1'),
      ],
      summary: ', redis 7.0.15, sentinels valkey 8.0.1 + engine',
    },
    {
      title: 'servers upgraded one at a time: both releases',
      sentinel: 'redis',
      nodes: [node('redis-master', 'redis', 'redis 7.0.15'), node('redis-replica-1', 'redis', 'redis 7.2.6')],
      summary: ', redis 7.0.15 + redis 7.2.6',
    },
    { title: 'nothing answered: nothing said', sentinel: 'redis', nodes: [node('redis-master', 'redis')], summary: '' },
  ];
  for (const { title, sentinel, nodes, summary } of cases) {
    test(title, () => assert.equal(softwareSummary(nodes, lab(sentinel)), summary));
  }
});
