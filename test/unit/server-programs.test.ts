import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { systemClock } from '../../src/common/clock.js';
import { findExecutable, findPrograms } from '../../src/runtime/local/find-programs.js';
import { LocalRuntime } from '../../src/runtime/local/local-runtime.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { containerCommand, serverHolderCommand } from '../../src/topology/container-layout.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import { renderCompose } from '../../src/topology/render.js';
import {
  engineArgs,
  engineCompatFor,
  parseServerVersion,
  programsOf,
  serverForImage,
  serverForImageName,
} from '../../src/topology/server-programs.js';
import { sentinelNodes, type Topology } from '../../src/topology/topology.js';

const lab = (raw: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Topology =>
  buildTopology(parseLabOptions({ replicas: '1', sentinels: '3', ...raw }, env));

describe('which server an image has', () => {
  const byName: [string, string][] = [
    ['redis:7', 'redis-server'],
    ['redis:8.0-alpine', 'redis-server'],
    ['valkey/valkey:8', 'valkey-server'],
    ['valkey/valkey:8.0.1-alpine', 'valkey-server'],
    ['registry.example.com:5000/mirror/valkey:8', 'valkey-server'],
    ['bitnami/valkey@sha256:0123abcd', 'valkey-server'],
    ['redis-ha-lab/redis:local', 'redis-server'],
    // The registry's name does not make an image Valkey's.
    ['valkey.example.com/redis:7', 'redis-server'],
  ];
  for (const [image, server] of byName) test(`${image}: ${server}, by its name`, () => assert.equal(serverForImageName(image), server));

  test('the image\'s own command wins over its name (official images: CMD ["valkey-server"]; images:local: /usr/bin/redis-server)', () => {
    assert.equal(serverForImage('my/cache:1', { Cmd: ['valkey-server'], Entrypoint: ['docker-entrypoint.sh'] }), 'valkey-server');
    assert.equal(serverForImage('redis-ha-lab/redis:local', { Cmd: ['/usr/bin/redis-server'] }), 'redis-server');
    assert.equal(serverForImage('my/valkey-build:1', { Cmd: ['/usr/bin/redis-server'] }), 'redis-server');
  });

  test("else VALKEY_VERSION in the image's environment, else the name", () => {
    assert.equal(serverForImage('my/cache:1', { Cmd: ['sh'], Env: ['PATH=/usr/bin', 'VALKEY_VERSION=8.0.1'] }), 'valkey-server');
    assert.equal(serverForImage('my/cache:1', { Cmd: 'sh -c true', Env: null }), 'redis-server');
    assert.equal(serverForImage('valkey/valkey:8', undefined), 'valkey-server');
  });
});

describe('container commands', () => {
  test('a Redis image: redis-server, sentinels with --sentinel (as before)', () => {
    const topology = lab();
    assert.deepEqual(containerCommand(topology, topology.nodes[0]!), ['redis-server', '/redis-ha-lab/redis.conf']);
    assert.deepEqual(containerCommand(topology, sentinelNodes(topology)[0]!), [
      'redis-server',
      '/redis-ha-lab/sentinel.conf',
      '--sentinel',
    ]);
  });

  test('valkey/valkey:8: valkey-server everywhere, the servers-layout holder too, and in compose.yaml', () => {
    const topology = lab({ image: 'valkey/valkey:8', layout: 'servers' });
    assert.deepEqual(containerCommand(topology, topology.nodes[0]!), ['valkey-server', '/redis-ha-lab/redis.conf']);
    assert.deepEqual(containerCommand(topology, sentinelNodes(topology)[2]!), [
      'valkey-server',
      '/redis-ha-lab/sentinel.conf',
      '--sentinel',
    ]);
    assert.equal(serverHolderCommand(topology)[0], 'valkey-server');
    const compose = parse(renderCompose(topology).content) as { services: Record<string, { command: string[] }> };
    const programs = new Set(Object.values(compose.services).map((s) => s.command[0]));
    assert.deepEqual([...programs], ['valkey-server']);
  });

  test('--redis-server and --redis-sentinel name the programs in the image; a local path counts by its last part', () => {
    const topology = lab({ image: 'my/cache:1', redisServer: '/opt/valkey/bin/valkey-server', redisSentinel: 'valkey-sentinel' });
    assert.deepEqual(containerCommand(topology, topology.nodes[1]!), ['valkey-server', '/redis-ha-lab/redis.conf']);
    assert.deepEqual(containerCommand(topology, sentinelNodes(topology)[0]!), [
      'valkey-sentinel',
      '/redis-ha-lab/sentinel.conf',
      '--sentinel',
    ]);
  });

  test('engines run with the compat the lab settled (valkey-8 beside valkey-sentinel), and without one otherwise', () => {
    const topology = lab({ sentinel: 'mixed' });
    const engine = sentinelNodes(topology).find((n) => n.engine)!;
    assert.deepEqual(containerCommand(topology, engine), [
      'node',
      '--jitless',
      '--no-expose-wasm',
      '/opt/redis-ha-lab/bin/redis-ha-lab.js',
      'sentinel',
      '/redis-ha-lab/sentinel.conf',
      '--explain',
      '--lab-faults',
    ]);
    assert.deepEqual(engineArgs({ engineCompat: 'valkey-8' }, 'c.conf'), [
      'sentinel',
      'c.conf',
      '--explain',
      '--lab-faults',
      '--compat',
      'valkey-8',
    ]);
    assert.equal(engineCompatFor('valkey'), 'valkey-8');
    assert.equal(engineCompatFor('redis'), undefined);
  });
});

describe('the program settings', () => {
  test('flags, else $REDIS_HA_LAB_REDIS_SERVER / $REDIS_HA_LAB_REDIS_SENTINEL; the sentinel defaults to the server', () => {
    assert.deepEqual(programsOf(lab()), { server: 'redis-server', sentinel: 'redis-server' });
    assert.deepEqual(programsOf(lab({ redisServer: '/x/valkey-server' })), { server: '/x/valkey-server', sentinel: '/x/valkey-server' });
    const fromEnv = lab({}, { REDIS_HA_LAB_REDIS_SERVER: '/x/valkey-server', REDIS_HA_LAB_REDIS_SENTINEL: '/x/valkey-sentinel' });
    assert.deepEqual(programsOf(fromEnv), { server: '/x/valkey-server', sentinel: '/x/valkey-sentinel' });
    const flagWins = lab({ redisServer: '/y/redis-server' }, { REDIS_HA_LAB_REDIS_SERVER: '/x/valkey-server' });
    assert.equal(programsOf(flagWins).server, '/y/redis-server');
  });

  test('an empty value is reported with the flag or the variable it came from', () => {
    assert.throws(() => parseLabOptions({ redisServer: ' ' }, {}), /--redis-server ' ' is not a program/);
    assert.throws(
      () => parseLabOptions({}, { REDIS_HA_LAB_REDIS_SENTINEL: 'a\nb' }),
      /\$REDIS_HA_LAB_REDIS_SENTINEL 'a\nb' is not a program/,
    );
  });

  test('--version banners of both products', () => {
    assert.deepEqual(parseServerVersion('Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=e08dbad3e06f3fb\n'), {
      product: 'redis',
      version: '7.0.15',
    });
    assert.deepEqual(parseServerVersion('Valkey server v=8.0.1 sha=4fbab574:0 malloc=libc bits=64 build=ee266244a60c8ef\n'), {
      product: 'valkey',
      version: '8.0.1',
    });
    assert.equal(parseServerVersion('node v20.0.0'), undefined);
  });
});

describe('finding the local binaries', () => {
  let dir: string;
  const fake = async (name: string, banner: string) => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\necho '${banner}'\n`);
    await chmod(path, 0o755);
    return path;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rhl-programs-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('valkey-server on PATH when there is no redis-server; its --version says what it is', async () => {
    await fake('valkey-server', 'Valkey server v=8.0.1 sha=4fbab574:0 malloc=libc bits=64');
    const found = await findPrograms({}, dir);
    assert.equal(found.server.path, join(dir, 'valkey-server'));
    assert.deepEqual([found.server.product, found.server.version], ['valkey', '8.0.1']);
    assert.equal(found.sentinel, found.server);
  });

  test('redis-server first when both are on PATH', async () => {
    await fake('redis-server', 'Redis server v=7.0.15 sha=00000000:0');
    assert.equal((await findPrograms({}, dir)).server.path, join(dir, 'redis-server'));
  });

  test('a named sentinel binary beside the server (a Redis lab whose real sentinels are valkey-sentinel)', async () => {
    const sentinel = await fake('valkey-sentinel', 'Valkey server v=8.0.1 sha=4fbab574:0');
    const found = await findPrograms({ sentinel }, dir);
    assert.deepEqual([found.server.product, found.sentinel.product, found.sentinel.path], ['redis', 'valkey', sentinel]);
  });

  test('nothing on PATH: says what it looked for and how to fix it', async () => {
    await assert.rejects(findPrograms({}, join(dir, 'empty')), (error: Error) => {
      assert.match(error.message, /found neither redis-server nor valkey-server on PATH/);
      assert.match(error.message, /--redis-server PATH/);
      return true;
    });
  });

  test('a named binary that is not there, or is not a server', async () => {
    await assert.rejects(findPrograms({ server: join(dir, 'nope') }, dir), /--redis-server .*nope .*no executable file there/);
    await assert.rejects(findPrograms({ server: 'nope' }, dir), /no executable file of that name on PATH/);
    const other = await fake('other', 'something else 1.0');
    await assert.rejects(findPrograms({ server: other }, dir), /does not say it is a Redis or Valkey server/);
  });

  test('the local runtime settles the lab on the paths found; engines beside valkey-sentinel answer as valkey-8', async () => {
    const server = await fake('redis-server', 'Redis server v=7.0.15 sha=00000000:0');
    const sentinel = await fake('valkey-sentinel', 'Valkey server v=8.0.1 sha=4fbab574:0');
    const runtime = new LocalRuntime({ labDir: () => dir, read: async () => undefined }, systemClock);
    const lines: string[] = [];
    const mixed = await runtime.resolvePrograms(lab({ sentinel: 'mixed', redisServer: server, redisSentinel: sentinel }), (l) =>
      lines.push(l),
    );
    assert.deepEqual(mixed.programs, { server, sentinel });
    assert.equal(mixed.engineCompat, 'valkey-8');
    assert.deepEqual(lines, [
      `${server}: Redis server v=7.0.15 sha=00000000:0`,
      `${sentinel} (sentinels): Valkey server v=8.0.1 sha=4fbab574:0`,
    ]);
    // Real sentinels only: no engine to configure. All engines: they follow the servers (Redis: the engine's default).
    assert.equal((await runtime.resolvePrograms(lab({ redisServer: server, redisSentinel: sentinel }), () => {})).engineCompat, undefined);
    assert.equal((await runtime.resolvePrograms(lab({ sentinel: 'engine', redisServer: server }), () => {})).engineCompat, undefined);
    const valkey = await fake('valkey-server', 'Valkey server v=8.0.1 sha=4fbab574:0');
    assert.equal((await runtime.resolvePrograms(lab({ sentinel: 'engine', redisServer: valkey }), () => {})).engineCompat, 'valkey-8');
  });

  test('findExecutable skips files that cannot run', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    assert.equal(await findExecutable('plain', dir), undefined);
    assert.equal(await findExecutable('redis-server', `${join(dir, 'empty')}:${dir}`), join(dir, 'redis-server'));
  });
});
