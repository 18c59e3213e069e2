import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBoot } from '../../src/lab/boot-plan.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import type { RawLabOptions } from '../../src/topology/lab-options.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';

describe('planBoot: the master, then the replicas and sentinels together once it answers', () => {
  const cases: { title: string; raw: RawLabOptions; phases: { title: string; nodes: string[]; gate: string }[] }[] = [
    {
      title: 'classic lab',
      raw: {},
      phases: [
        { title: 'Start redis-master', nodes: ['redis-master'], gate: 'answering' },
        {
          title: 'Start 2 replicas and 3 sentinels',
          nodes: ['redis-replica-1', 'redis-replica-2', 'redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'],
          gate: 'ready',
        },
      ],
    },
    {
      title: '--replicas 0: the sentinels alone after the master',
      raw: { replicas: '0' },
      phases: [
        { title: 'Start redis-master', nodes: ['redis-master'], gate: 'answering' },
        { title: 'Start 3 sentinels', nodes: ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'], gate: 'ready' },
      ],
    },
    {
      title: 'one replica, one sentinel (singular titles)',
      raw: { replicas: '1', sentinels: '1' },
      phases: [
        { title: 'Start redis-master', nodes: ['redis-master'], gate: 'answering' },
        { title: 'Start 1 replica and 1 sentinel', nodes: ['redis-replica-1', 'redis-sentinel-1'], gate: 'ready' },
      ],
    },
  ];
  for (const { title, raw, phases } of cases) {
    test(title, () => {
      const plan = planBoot(buildTopology(parseLabOptions(raw, {})));
      assert.deepEqual(
        plan.map((phase) => ({ title: phase.title, nodes: phase.nodes.map((n) => n.name), gate: phase.gate })),
        phases,
      );
    });
  }

  test('every node is started exactly once', () => {
    const topology = buildTopology(parseLabOptions({ replicas: '4', sentinels: '5' }, {}));
    const started = planBoot(topology).flatMap((phase) => phase.nodes.map((n) => n.name));
    assert.deepEqual([...started].sort(), topology.nodes.map((n) => n.name).sort());
  });
});
