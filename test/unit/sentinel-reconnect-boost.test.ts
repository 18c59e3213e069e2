import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SentinelReconnectBoost } from '../../src/lab/sentinel-reconnect-boost.js';
import type { LabIo } from '../../src/observe/lab-io.js';
import type { NodeStatus } from '../../src/observe/node-status.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import { sentinelNodes } from '../../src/topology/topology.js';

const topology = buildTopology(parseLabOptions({ sentinels: '1' }, {}));
const sentinel = sentinelNodes(topology)[0]!;
const answering: NodeStatus[] = [{ name: sentinel.name, kind: 'sentinel', role: 'sentinel', address: '', published: '' }];

/** A LabIo whose one sentinel answers SENTINEL DEBUG with `listing` (or rejects it), and records every call. */
function fakeIo(listing: unknown) {
  const calls: string[] = [];
  const io: LabIo = {
    probe: async () => answering,
    watchSentinels: async () => () => undefined,
    connect: async (_topology, node) => ({
      call: async (...args: string[]) => {
        calls.push(`${node.name}: ${args.join(' ')}`);
        if (args.length === 2 && listing instanceof Error) throw listing;
        return args.length === 2 ? listing : 'OK';
      },
      disconnect: () => undefined,
    }),
  };
  return { io, calls };
}

describe('SentinelReconnectBoost: which sentinels get a short ping period while the lab boots', () => {
  const name = sentinel.name;
  const cases: { title: string; listing: unknown; statuses: NodeStatus[]; calls: string[] }[] = [
    {
      title: 'an answering sentinel with the default period: set to 100 ms, then put back',
      listing: ['INFO-PERIOD', 10000, 'PING-PERIOD', 1000, 'ASK-PERIOD', 1000],
      statuses: answering,
      calls: [`${name}: SENTINEL DEBUG`, `${name}: SENTINEL DEBUG ping-period 100`, `${name}: SENTINEL DEBUG ping-period 1000`],
    },
    {
      title: 'a sentinel that does not answer yet is not asked',
      listing: ['PING-PERIOD', 1000],
      statuses: [{ ...answering[0]!, role: 'down' }],
      calls: [],
    },
    {
      title: 'a period already at 100 ms or less is left alone',
      listing: ['PING-PERIOD', 50],
      statuses: answering,
      calls: [`${name}: SENTINEL DEBUG`],
    },
    {
      title: 'a listing without PING-PERIOD (another implementation) is left alone',
      listing: 'OK',
      statuses: answering,
      calls: [`${name}: SENTINEL DEBUG`],
    },
    {
      title: 'a sentinel that refuses SENTINEL DEBUG is left alone, without an error',
      listing: new Error('ERR unknown subcommand'),
      statuses: answering,
      calls: [`${name}: SENTINEL DEBUG`],
    },
  ];
  for (const { title, listing, statuses, calls } of cases) {
    test(title, async () => {
      const fake = fakeIo(listing);
      const boost = SentinelReconnectBoost.for(topology, fake.io, topology.nodes);
      await boost.apply(statuses);
      await boost.apply(statuses); // asked once, however many probes see it
      await boost.restore();
      assert.deepEqual(fake.calls, calls);
    });
  }

  test('redis nodes and engine sentinels are never asked', async () => {
    const engines = buildTopology(parseLabOptions({ sentinels: '1', sentinel: 'engine' }, {}));
    const fake = fakeIo(['PING-PERIOD', 1000]);
    const boost = SentinelReconnectBoost.for(engines, fake.io, engines.nodes);
    await boost.apply(engines.nodes.map((n) => ({ ...answering[0]!, name: n.name })));
    assert.deepEqual(fake.calls, []);
  });
});
