import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { buildTopology, defaultSubnet } from '../../src/topology/build-topology.js';
import type { RawLabOptions } from '../../src/topology/lab-options.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import type { RenderedFile } from '../../src/topology/render.js';
import { renderCompose, renderDockerLab, renderNodeConfig } from '../../src/topology/render.js';
import type { Topology } from '../../src/topology/topology.js';

interface ExpectedNode {
  name: string;
  kind: 'redis' | 'sentinel';
  ip: string;
  port: number;
  published: number;
}

interface Lab {
  title: string;
  raw: RawLabOptions;
  lab: string;
  image: string;
  subnet: string;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  password?: string;
  nodes: ExpectedNode[];
}

/** Options in, and what the rendered files must say, written out by hand. */
const labs: Lab[] = [
  {
    title: 'classic lab',
    raw: { subnet: '172.30.5.0/24' },
    lab: 'redis-ha-lab',
    image: 'redis:7',
    subnet: '172.30.5.0/24',
    quorum: 2,
    downAfterMs: 5000,
    failoverTimeoutMs: 10000,
    parallelSyncs: 1,
    nodes: [
      { name: 'redis-master', kind: 'redis', ip: '172.30.5.10', port: 6379, published: 6379 },
      { name: 'redis-replica-1', kind: 'redis', ip: '172.30.5.11', port: 6379, published: 6380 },
      { name: 'redis-replica-2', kind: 'redis', ip: '172.30.5.12', port: 6379, published: 6381 },
      { name: 'redis-sentinel-1', kind: 'sentinel', ip: '172.30.5.41', port: 26379, published: 26379 },
      { name: 'redis-sentinel-2', kind: 'sentinel', ip: '172.30.5.42', port: 26379, published: 26380 },
      { name: 'redis-sentinel-3', kind: 'sentinel', ip: '172.30.5.43', port: 26379, published: 26381 },
    ],
  },
  {
    title: 'classic lab with --password',
    raw: { subnet: '10.9.8.0/24', password: 's3cret' },
    lab: 'redis-ha-lab',
    image: 'redis:7',
    subnet: '10.9.8.0/24',
    quorum: 2,
    downAfterMs: 5000,
    failoverTimeoutMs: 10000,
    parallelSyncs: 1,
    password: 's3cret',
    nodes: [
      { name: 'redis-master', kind: 'redis', ip: '10.9.8.10', port: 6379, published: 6379 },
      { name: 'redis-replica-1', kind: 'redis', ip: '10.9.8.11', port: 6379, published: 6380 },
      { name: 'redis-replica-2', kind: 'redis', ip: '10.9.8.12', port: 6379, published: 6381 },
      { name: 'redis-sentinel-1', kind: 'sentinel', ip: '10.9.8.41', port: 26379, published: 26379 },
      { name: 'redis-sentinel-2', kind: 'sentinel', ip: '10.9.8.42', port: 26379, published: 26380 },
      { name: 'redis-sentinel-3', kind: 'sentinel', ip: '10.9.8.43', port: 26379, published: 26381 },
    ],
  },
  {
    title: '--replicas 0 --sentinels 5 and every other flag',
    raw: {
      name: 'lab2',
      replicas: '0',
      sentinels: '5',
      quorum: '3',
      downAfter: '2s',
      failoverTimeout: '30s',
      parallelSyncs: '2',
      portBase: '7000',
      subnet: '192.168.77.0/24',
      image: 'valkey/valkey:8',
    },
    lab: 'lab2',
    image: 'valkey/valkey:8',
    subnet: '192.168.77.0/24',
    quorum: 3,
    downAfterMs: 2000,
    failoverTimeoutMs: 30000,
    parallelSyncs: 2,
    nodes: [
      { name: 'redis-master', kind: 'redis', ip: '192.168.77.10', port: 6379, published: 7000 },
      { name: 'redis-sentinel-1', kind: 'sentinel', ip: '192.168.77.41', port: 26379, published: 27000 },
      { name: 'redis-sentinel-2', kind: 'sentinel', ip: '192.168.77.42', port: 26379, published: 27001 },
      { name: 'redis-sentinel-3', kind: 'sentinel', ip: '192.168.77.43', port: 26379, published: 27002 },
      { name: 'redis-sentinel-4', kind: 'sentinel', ip: '192.168.77.44', port: 26379, published: 27003 },
      { name: 'redis-sentinel-5', kind: 'sentinel', ip: '192.168.77.45', port: 26379, published: 27004 },
    ],
  },
];

function topologyOf(raw: RawLabOptions): Topology {
  return buildTopology(parseLabOptions(raw, {}));
}

function filesByPath(topology: Topology): Map<string, string> {
  return new Map(renderDockerLab(topology).map((file: RenderedFile) => [file.path, file.content]));
}

function linesOf(content: string): string[] {
  return content.split('\n').map((line) => line.trim());
}

/** The lines of `content` that start with `prefix`, e.g. every `sentinel known-sentinel` line. */
function linesStarting(content: string, prefix: string): string[] {
  return linesOf(content).filter((line) => line.startsWith(prefix));
}

function fileOf(files: Map<string, string>, path: string): string {
  const content = files.get(path);
  assert.ok(content !== undefined, `no ${path} among ${[...files.keys()].join(', ')}`);
  return content;
}

for (const lab of labs) {
  describe(`render: ${lab.title}`, () => {
    const topology = topologyOf(lab.raw);
    const files = filesByPath(topology);
    const redis = lab.nodes.filter((n) => n.kind === 'redis');
    const master = redis[0]!;
    const replicas = redis.slice(1);
    const sentinels = lab.nodes.filter((n) => n.kind === 'sentinel');

    test('renders compose.yaml and one config file per node', () => {
      const expected = ['compose.yaml', ...redis.map((n) => `${n.name}/redis.conf`), ...sentinels.map((n) => `${n.name}/sentinel.conf`)];
      assert.deepEqual([...files.keys()].sort(), expected.sort());
    });

    test('no file has an unrendered {{', () => {
      for (const [path, content] of files) assert.ok(!content.includes('{{'), `${path} still has '{{':\n${content}`);
    });

    test('replicas follow the master; the master follows nobody', () => {
      assert.deepEqual(linesStarting(fileOf(files, `${master.name}/redis.conf`), 'replicaof'), []);
      for (const replica of replicas) {
        assert.deepEqual(linesStarting(fileOf(files, `${replica.name}/redis.conf`), 'replicaof'), [`replicaof ${master.ip} 6379`]);
      }
    });

    test('every redis.conf enables DEBUG and announces its own address', () => {
      for (const node of redis) {
        const lines = linesOf(fileOf(files, `${node.name}/redis.conf`));
        assert.ok(lines.includes('enable-debug-command yes'), node.name);
        assert.ok(lines.includes(`replica-announce-ip ${node.ip}`), node.name);
        assert.ok(lines.includes(`port ${node.port}`), node.name);
      }
    });

    test(lab.password ? 'the password is in every redis.conf and sentinel.conf' : 'no file mentions a password', () => {
      for (const node of redis) {
        const content = fileOf(files, `${node.name}/redis.conf`);
        const expected = lab.password ? [`requirepass ${lab.password}`, `masterauth ${lab.password}`] : [];
        assert.deepEqual(linesStarting(content, 'requirepass').concat(linesStarting(content, 'masterauth')), expected, node.name);
      }
      for (const node of sentinels) {
        const content = fileOf(files, `${node.name}/sentinel.conf`);
        const expected = lab.password ? [`sentinel auth-pass mymaster ${lab.password}`] : [];
        assert.deepEqual(linesStarting(content, 'sentinel auth-pass'), expected, node.name);
      }
    });

    test('every sentinel.conf monitors the master with the options’ quorum and timings', () => {
      for (const node of sentinels) {
        const lines = linesOf(fileOf(files, `${node.name}/sentinel.conf`));
        for (const line of [
          `sentinel monitor mymaster ${master.ip} 6379 ${lab.quorum}`,
          `sentinel down-after-milliseconds mymaster ${lab.downAfterMs}`,
          `sentinel failover-timeout mymaster ${lab.failoverTimeoutMs}`,
          `sentinel parallel-syncs mymaster ${lab.parallelSyncs}`,
          `sentinel announce-ip ${node.ip}`,
          `port 26379`,
        ]) {
          assert.ok(lines.includes(line), `${node.name}/sentinel.conf lacks '${line}'`);
        }
      }
    });

    test('every sentinel has its own stable 40-hex-digit myid', () => {
      const ids = sentinels.map((node) => {
        const myid = linesStarting(fileOf(files, `${node.name}/sentinel.conf`), 'sentinel myid');
        assert.equal(myid.length, 1, node.name);
        const id = myid[0]!.split(' ')[2]!;
        assert.match(id, /^[0-9a-f]{40}$/);
        assert.equal(id, topology.nodes.find((n) => n.name === node.name)!.sentinelId);
        return id;
      });
      assert.equal(new Set(ids).size, sentinels.length, 'sentinel ids must differ');
      // Rendering again gives the same ids (render and up agree).
      const again = filesByPath(topologyOf(lab.raw));
      for (const node of sentinels) assert.equal(again.get(`${node.name}/sentinel.conf`), files.get(`${node.name}/sentinel.conf`));
    });

    test('every sentinel knows every OTHER sentinel and every replica', () => {
      const idOf = (name: string) => topology.nodes.find((n) => n.name === name)!.sentinelId;
      for (const node of sentinels) {
        const content = fileOf(files, `${node.name}/sentinel.conf`);
        const others = sentinels.filter((other) => other.name !== node.name);
        assert.deepEqual(
          linesStarting(content, 'sentinel known-sentinel'),
          others.map((other) => `sentinel known-sentinel mymaster ${other.ip} 26379 ${idOf(other.name)}`),
          node.name,
        );
        assert.ok(!content.includes(`known-sentinel mymaster ${node.ip} `), `${node.name} lists itself`);
        assert.deepEqual(
          linesStarting(content, 'sentinel known-replica'),
          replicas.map((replica) => `sentinel known-replica mymaster ${replica.ip} 6379`),
          node.name,
        );
      }
    });

    test('compose.yaml parses and has one service per node on the lab network', () => {
      const compose = parse(fileOf(files, 'compose.yaml')) as {
        services: Record<
          string,
          {
            image: string;
            container_name: string;
            command: string[];
            labels: Record<string, string>;
            ports: string[];
            networks: { lab: { ipv4_address: string } };
          }
        >;
        networks: { lab: { labels: Record<string, string>; ipam: { config: { subnet: string }[] } } };
      };
      assert.deepEqual(
        Object.keys(compose.services),
        lab.nodes.map((n) => n.name),
      );
      for (const node of lab.nodes) {
        const service = compose.services[node.name]!;
        assert.equal(service.image, lab.image);
        assert.equal(service.container_name, `${lab.lab}-${node.name}`);
        assert.deepEqual(service.ports, [`127.0.0.1:${node.published}:${node.port}`]);
        assert.equal(service.networks.lab.ipv4_address, node.ip);
        assert.equal(service.labels['io.redis-ha-lab.lab'], lab.lab);
        assert.equal(service.labels['io.redis-ha-lab.node'], node.name);
        assert.equal(service.labels['io.redis-ha-lab.kind'], node.kind);
        const conf = node.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf';
        assert.equal(service.command[1], `/redis-ha-lab/${conf}`);
        assert.equal(service.command.includes('--sentinel'), node.kind === 'sentinel');
      }
      assert.equal(compose.networks.lab.labels['io.redis-ha-lab.lab'], lab.lab);
      assert.deepEqual(compose.networks.lab.ipam.config, [{ subnet: lab.subnet }]);
    });
  });
}

describe('render: node lists follow the options', () => {
  const cases: { raw: RawLabOptions; redis: string[]; sentinels: string[] }[] = [
    {
      raw: {},
      redis: ['redis-master', 'redis-replica-1', 'redis-replica-2'],
      sentinels: ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'],
    },
    { raw: { replicas: '0' }, redis: ['redis-master'], sentinels: ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'] },
    {
      raw: { sentinels: '5' },
      redis: ['redis-master', 'redis-replica-1', 'redis-replica-2'],
      sentinels: ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3', 'redis-sentinel-4', 'redis-sentinel-5'],
    },
  ];
  for (const { raw, redis, sentinels } of cases) {
    test(JSON.stringify(raw), () => {
      const files = [...filesByPath(topologyOf(raw)).keys()];
      assert.deepEqual(
        files.filter((p) => p.endsWith('/redis.conf')),
        redis.map((n) => `${n}/redis.conf`),
      );
      assert.deepEqual(
        files.filter((p) => p.endsWith('/sentinel.conf')),
        sentinels.map((n) => `${n}/sentinel.conf`),
      );
    });
  }
});

describe('render: default subnets', () => {
  test('two different names get different default subnets, in the compose file too', () => {
    const a = topologyOf({ name: 'lab-a' });
    const b = topologyOf({ name: 'lab-b' });
    assert.equal(a.subnet, defaultSubnet('lab-a'));
    assert.equal(b.subnet, defaultSubnet('lab-b'));
    assert.notEqual(a.subnet, b.subnet);
    assert.ok(renderCompose(a).content.includes(`subnet: ${a.subnet}`));
    assert.ok(renderCompose(b).content.includes(`subnet: ${b.subnet}`));
  });
});

describe('renderNodeConfig', () => {
  test('uses the placement’s bind address and directory (local processes differ from containers)', () => {
    const topology = topologyOf({ subnet: '172.30.5.0/24' });
    for (const node of topology.nodes) {
      const file = renderNodeConfig(topology, node, { bind: '127.0.0.1', dir: '/tmp/lab/x' });
      const lines = linesOf(file.content);
      assert.ok(lines.includes('bind 127.0.0.1'), node.name);
      assert.ok(lines.includes('dir /tmp/lab/x'), node.name);
      assert.equal(file.path, `${node.name}/${node.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf'}`);
    }
  });

  test('renderDockerLab binds every node to 0.0.0.0 in /redis-ha-lab', () => {
    const files = filesByPath(topologyOf({}));
    for (const [path, content] of files) {
      if (path === 'compose.yaml') continue;
      assert.ok(linesOf(content).includes('bind 0.0.0.0'), path);
      assert.ok(linesOf(content).includes('dir /redis-ha-lab'), path);
    }
  });
});

describe('render: persistence', () => {
  const settings = (persistence: string | undefined) => {
    const topology = topologyOf(persistence ? { persistence } : {});
    const lines = linesOf(renderNodeConfig(topology, topology.nodes[0]!, { bind: '127.0.0.1', dir: '/d' }).content);
    return lines.filter((l) => /^(save|appendonly|appendfsync) /.test(l));
  };
  test('none (the default) keeps nothing; rdb snapshots; aof appends every write, fsynced every second', () => {
    assert.deepEqual(settings(undefined), ['save ""', 'appendonly no']);
    assert.deepEqual(settings('none'), ['save ""', 'appendonly no']);
    assert.deepEqual(settings('rdb'), ['save 5 1', 'appendonly no']);
    assert.deepEqual(settings('aof'), ['save ""', 'appendonly yes', 'appendfsync everysec']);
  });
  test('the topology records persistence only when it is not none, so labs saved before the setting read the same', () => {
    assert.equal(topologyOf({}).persistence, undefined);
    assert.equal(topologyOf({ persistence: 'aof' }).persistence, 'aof');
  });
});

describe('render: engine sentinels', () => {
  test('mixed: odd-numbered sentinels run the engine from the mounted package in the engine image; the rest stay redis-server', () => {
    const topology = buildTopology(parseLabOptions({ sentinel: 'mixed', engineImage: 'node:22-slim' }, {}));
    const compose = parse(renderCompose(topology).content) as {
      services: Record<string, { image: string; command: string[]; volumes: string[] }>;
    };
    const s1 = compose.services['redis-sentinel-1']!;
    const s2 = compose.services['redis-sentinel-2']!;
    assert.equal(s1.image, 'node:22-slim');
    assert.deepEqual(s1.command, [
      'node',
      '--jitless',
      '--no-expose-wasm',
      '/opt/redis-ha-lab/bin/redis-ha-lab.js',
      'sentinel',
      '/redis-ha-lab/sentinel.conf',
      '--explain',
      '--lab-faults',
    ]);
    assert.ok(
      s1.volumes.some((v) => v.endsWith(':/opt/redis-ha-lab:ro')),
      'the package is mounted read-only',
    );
    assert.equal(s2.image, 'redis:7');
    assert.deepEqual(s2.command, ['redis-server', '/redis-ha-lab/sentinel.conf', '--sentinel']);
    assert.equal(compose.services['redis-sentinel-3']!.image, 'node:22-slim');
    assert.match(renderCompose(topology).content, /3 sentinels \(2 embedded engine\)/);
  });

  test('the engine reads the same sentinel.conf as redis-sentinel', () => {
    const real = buildTopology(parseLabOptions({}, {}));
    const engine = buildTopology(parseLabOptions({ sentinel: 'engine' }, {}));
    const conf = (t: Topology) =>
      renderNodeConfig(
        t,
        t.nodes.find((n) => n.name === 'redis-sentinel-1')!,
        { bind: '0.0.0.0', dir: '/x' },
      ).content;
    assert.equal(conf(engine), conf(real));
  });
});
