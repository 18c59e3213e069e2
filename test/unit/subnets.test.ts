import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { subnetsOverlap } from '../../src/runtime/docker/subnets.js';
import { buildTopology, defaultSubnet, moveToSubnet } from '../../src/topology/build-topology.js';
import { parseLabOptions, parseSubnet24 } from '../../src/topology/lab-options.js';

describe('subnetsOverlap', () => {
  const cases: { a: string; b: string; overlap: boolean }[] = [
    { a: '172.30.5.0/24', b: '172.30.5.0/24', overlap: true },
    { a: '172.30.5.0/24', b: '172.30.6.0/24', overlap: false },
    { a: '172.30.5.0/24', b: '172.30.0.0/16', overlap: true },
    { a: '172.30.0.0/16', b: '172.30.5.0/24', overlap: true },
    { a: '172.28.0.0/14', b: '172.31.255.0/24', overlap: true },
    { a: '172.28.0.0/14', b: '172.32.0.0/24', overlap: false },
    { a: '172.17.0.0/16', b: '172.18.0.0/16', overlap: false },
    { a: '10.0.0.0/8', b: '10.255.255.0/24', overlap: true },
    { a: '0.0.0.0/0', b: '192.168.1.0/24', overlap: true },
    // A host address with a prefix means its whole network, as Docker reports it.
    { a: '172.30.5.77/24', b: '172.30.5.0/25', overlap: true },
    { a: '172.30.5.128/25', b: '172.30.5.0/25', overlap: false },
    { a: '172.30.5.10/32', b: '172.30.5.0/24', overlap: true },
    // Ranges that meet at one address: the first and last addresses count.
    { a: '172.30.5.255/32', b: '172.30.5.0/24', overlap: true },
    { a: '172.30.5.0/32', b: '172.30.5.0/24', overlap: true },
    { a: '10.0.0.1/32', b: '10.0.0.1/32', overlap: true },
    { a: '172.30.4.255/32', b: '172.30.5.0/24', overlap: false },
    { a: ' 172.30.5.0/24 ', b: '172.30.5.0/24', overlap: true },
    // IPv6 and junk never clash with an IPv4 lab network.
    { a: 'fd00:1::/64', b: '172.30.5.0/24', overlap: false },
    { a: '', b: '172.30.5.0/24', overlap: false },
    { a: '172.30.5.0', b: '172.30.5.0/24', overlap: false },
  ];
  for (const { a, b, overlap } of cases) {
    test(`${a} and ${b}: ${overlap ? 'overlap' : 'apart'}`, () => {
      assert.equal(subnetsOverlap(a, b), overlap);
      assert.equal(subnetsOverlap(b, a), overlap, 'symmetric');
    });
  }
});

describe('defaultSubnet', () => {
  const names = ['redis-ha-lab', 'lab2', 'lab-a', 'lab-b', 'x', 'a'.repeat(40)];

  test('is a /24 inside 172.28.0.0/14 for every name and attempt', () => {
    for (const name of names) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const subnet = defaultSubnet(name, attempt);
        assert.ok(parseSubnet24(subnet), `${name}#${attempt}: ${subnet}`);
        assert.ok(subnetsOverlap(subnet, '172.28.0.0/14'), `${name}#${attempt}: ${subnet}`);
        assert.ok(!subnetsOverlap(subnet, '172.17.0.0/16'), `${name}#${attempt}: ${subnet} clashes with docker0`);
      }
    }
  });

  test('is the same for the same name every time', () => {
    for (const name of names) assert.equal(defaultSubnet(name), defaultSubnet(name));
  });

  test('differs between the names above', () => {
    const subnets = names.map((name) => defaultSubnet(name));
    assert.equal(new Set(subnets).size, names.length, subnets.join(' '));
  });

  test('another attempt gives another subnet', () => {
    for (const name of names) {
      const attempts = [0, 1, 2, 3].map((attempt) => defaultSubnet(name, attempt));
      assert.equal(new Set(attempts).size, attempts.length, `${name}: ${attempts.join(' ')}`);
    }
  });
});

describe('moveToSubnet', () => {
  const topology = buildTopology(parseLabOptions({ subnet: '172.30.5.0/24' }, {}));

  test('moves every in-lab address to the new /24, keeping host parts, ports and published addresses', () => {
    const moved = moveToSubnet(topology, '10.1.2.0/24');
    assert.equal(moved.subnet, '10.1.2.0/24');
    assert.deepEqual(
      moved.nodes.map((n) => `${n.name} ${n.address.host}:${n.address.port} ${n.published.host}:${n.published.port}`),
      [
        'redis-master 10.1.2.10:6379 127.0.0.1:6379',
        'redis-replica-1 10.1.2.11:6379 127.0.0.1:6380',
        'redis-replica-2 10.1.2.12:6379 127.0.0.1:6381',
        'redis-sentinel-1 10.1.2.41:26379 127.0.0.1:26379',
        'redis-sentinel-2 10.1.2.42:26379 127.0.0.1:26380',
        'redis-sentinel-3 10.1.2.43:26379 127.0.0.1:26381',
      ],
    );
    assert.deepEqual(
      moved.nodes.map((n) => n.sentinelId),
      topology.nodes.map((n) => n.sentinelId),
    );
  });

  test('leaves the original topology unchanged', () => {
    moveToSubnet(topology, '10.1.2.0/24');
    assert.equal(topology.subnet, '172.30.5.0/24');
    assert.equal(topology.nodes[0]!.address.host, '172.30.5.10');
  });

  test('is what buildTopology gives on that subnet', () => {
    const options = parseLabOptions({}, {});
    assert.deepEqual(moveToSubnet(buildTopology(options, '172.30.5.0/24'), '10.1.2.0/24'), buildTopology(options, '10.1.2.0/24'));
  });

  test('rejects a subnet that is not a /24', () => {
    assert.throws(() => moveToSubnet(topology, '10.1.0.0/16'), /not a \/24 subnet: 10\.1\.0\.0\/16/);
  });
});
