import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/common/errors.js';
import type { RawLabOptions } from '../../src/topology/lab-options.js';
import { parseDurationMs, parseLabName, parseLabOptions, parseSubnet24 } from '../../src/topology/lab-options.js';

/** Runs `fn`, expects a usage error (exit code 2), and returns its message. */
function usageMessage(fn: () => unknown): string {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.equal(caught.exitCode, 2);
  return caught.message;
}

describe('parseLabOptions defaults', () => {
  test('no flags give the classic lab: 2 replicas, 3 sentinels, quorum 2', () => {
    assert.deepEqual(parseLabOptions({}, {}), {
      name: 'redis-ha-lab',
      replicas: 2,
      sentinels: 3,
      quorum: 2,
      downAfterMs: 5000,
      failoverTimeoutMs: 10000,
      parallelSyncs: 1,
      password: undefined,
      image: 'redis:7',
      subnet: undefined,
      portBase: 6379,
      sentinelKind: 'redis',
      engineImage: 'node:20-slim',
      persistence: 'none',
      layout: 'nodes',
    });
  });

  const images: { title: string; raw: RawLabOptions; env: NodeJS.ProcessEnv; image: string }[] = [
    {
      title: 'REDIS_HA_LAB_IMAGE sets the default image',
      raw: {},
      env: { REDIS_HA_LAB_IMAGE: 'redis-ha-lab/redis:local' },
      image: 'redis-ha-lab/redis:local',
    },
    { title: 'a blank REDIS_HA_LAB_IMAGE falls back to redis:7', raw: {}, env: { REDIS_HA_LAB_IMAGE: '  ' }, image: 'redis:7' },
    {
      title: '--image wins over REDIS_HA_LAB_IMAGE',
      raw: { image: 'valkey/valkey:8' },
      env: { REDIS_HA_LAB_IMAGE: 'redis:6' },
      image: 'valkey/valkey:8',
    },
  ];
  for (const { title, raw, env, image } of images) {
    test(title, () => {
      assert.equal(parseLabOptions(raw, env).image, image);
    });
  }

  test('a single sentinel lowers the default quorum to 1', () => {
    assert.equal(parseLabOptions({ sentinels: '1' }, {}).quorum, 1);
  });

  test('given values are parsed', () => {
    const options = parseLabOptions(
      {
        name: 'lab2',
        replicas: '0',
        sentinels: '5',
        quorum: '3',
        downAfter: '2s',
        failoverTimeout: '1500ms',
        parallelSyncs: '2',
        password: 's3cret',
        subnet: '172.30.5.0/24',
        portBase: '7000',
        persistence: 'aof',
      },
      {},
    );
    assert.deepEqual(options, {
      name: 'lab2',
      replicas: 0,
      sentinels: 5,
      quorum: 3,
      downAfterMs: 2000,
      failoverTimeoutMs: 1500,
      parallelSyncs: 2,
      password: 's3cret',
      image: 'redis:7',
      subnet: '172.30.5.0/24',
      portBase: 7000,
      sentinelKind: 'redis',
      engineImage: 'node:20-slim',
      persistence: 'aof',
      layout: 'nodes',
    });
  });
});

describe('parseLabOptions rejects invalid values, naming the flag and what is allowed', () => {
  const cases: { title: string; raw: RawLabOptions; expected: RegExp[] }[] = [
    {
      title: 'quorum larger than sentinels',
      raw: { sentinels: '3', quorum: '4' },
      expected: [/--quorum 4 is larger than --sentinels 3/, /quorum from 1 to 3/],
    },
    { title: 'replicas not a number', raw: { replicas: 'x' }, expected: [/--replicas 'x'/, /from 0 to 20/] },
    { title: 'too many replicas', raw: { replicas: '21' }, expected: [/--replicas '21'/, /from 0 to 20/] },
    { title: 'no sentinels', raw: { sentinels: '0' }, expected: [/--sentinels '0'/, /from 1 to 20/] },
    { title: 'negative replicas', raw: { replicas: '-1' }, expected: [/--replicas '-1'/] },
    { title: 'down-after with an unknown unit', raw: { downAfter: '10q' }, expected: [/--down-after '10q'/, /from 100 to 600000/] },
    { title: 'down-after too short', raw: { downAfter: '50ms' }, expected: [/--down-after '50ms'/, /from 100 to 600000/] },
    {
      title: 'failover-timeout too short',
      raw: { failoverTimeout: '500' },
      expected: [/--failover-timeout '500'/, /from 1000 to 3600000/],
    },
    { title: 'parallel-syncs zero', raw: { parallelSyncs: '0' }, expected: [/--parallel-syncs '0'/, /from 1 to 20/] },
    { title: 'name with a space and capitals', raw: { name: 'Bad Name' }, expected: [/--name 'Bad Name'/, /1-40 lowercase letters/] },
    { title: 'subnet that is not a /24', raw: { subnet: '10.0.0.0/16' }, expected: [/--subnet '10.0.0.0\/16'/, /\/24/] },
    { title: 'subnet with an octet above 255', raw: { subnet: '300.1.2.0/24' }, expected: [/--subnet '300.1.2.0\/24'/] },
    { title: 'password with a space', raw: { password: 'a b' }, expected: [/--password/, /no spaces or quotes/] },
    { title: 'empty password', raw: { password: '' }, expected: [/--password/, /1-128 characters/] },
    { title: 'port-base below 1024', raw: { portBase: '80' }, expected: [/--port-base '80'/, /from 1024 to 45532/] },
    {
      title: 'port-base too high for the sentinel ports',
      raw: { portBase: '60000' },
      expected: [/--port-base '60000'/, /from 1024 to 45532/],
    },
    { title: 'image with a space', raw: { image: 'redis 7' }, expected: [/--image 'redis 7'/] },
  ];
  for (const { title, raw, expected } of cases) {
    test(title, () => {
      const message = usageMessage(() => parseLabOptions(raw, {}));
      for (const pattern of expected) assert.match(message, pattern);
    });
  }

  test('the port-base limit leaves room for the largest node kind', () => {
    // 20 sentinels publish 26379..26398 above a base of 6379: the base may go up to 65535 - 20000 - 20.
    assert.equal(parseLabOptions({ sentinels: '20', portBase: '45515' }, {}).portBase, 45515);
    assert.match(
      usageMessage(() => parseLabOptions({ sentinels: '20', portBase: '45516' }, {})),
      /from 1024 to 45515/,
    );
  });

  test('several problems are reported together in one error', () => {
    const message = usageMessage(() => parseLabOptions({ name: 'Bad Name', replicas: 'x', downAfter: '10q', password: 'a b' }, {}));
    const problems = message.split('\n').filter((line) => line.startsWith('  - '));
    assert.equal(problems.length, 4, message);
    assert.match(message, /--name/);
    assert.match(message, /--replicas/);
    assert.match(message, /--down-after/);
    assert.match(message, /--password/);
  });
});

describe('parseLabName', () => {
  const valid: { value: string | undefined; name: string }[] = [
    { value: undefined, name: 'redis-ha-lab' },
    { value: 'lab2', name: 'lab2' },
    { value: '0_lab-x', name: '0_lab-x' },
    { value: 'a'.repeat(40), name: 'a'.repeat(40) },
  ];
  for (const { value, name } of valid) {
    test(`accepts ${String(value)}`, () => assert.equal(parseLabName(value), name));
  }

  const invalid = ['Bad Name', 'Lab', '-lab', '_lab', '', 'a'.repeat(41), 'lab.2', 'lab/2'];
  for (const value of invalid) {
    test(`rejects '${value}' with exit code 2`, () => {
      assert.match(
        usageMessage(() => parseLabName(value)),
        /invalid --name/,
      );
    });
  }
});

describe('parseDurationMs', () => {
  const cases: { value: string; ms: number | undefined }[] = [
    { value: '5000', ms: 5000 },
    { value: '1500ms', ms: 1500 },
    { value: '5s', ms: 5000 },
    { value: '1.5s', ms: 1500 },
    { value: '2m', ms: 120_000 },
    { value: ' 250 ms ', ms: 250 },
    { value: '0.0015s', ms: 2 },
    { value: '10q', ms: undefined },
    { value: '', ms: undefined },
    { value: '-5s', ms: undefined },
    { value: 's', ms: undefined },
    { value: '5 s 3', ms: undefined },
  ];
  for (const { value, ms } of cases) {
    test(`'${value}' → ${String(ms)}`, () => assert.equal(parseDurationMs(value), ms));
  }
});

describe('parseSubnet24', () => {
  const cases: { subnet: string; octets: [number, number, number] | undefined }[] = [
    { subnet: '172.30.5.0/24', octets: [172, 30, 5] },
    { subnet: '10.0.0.0/24', octets: [10, 0, 0] },
    { subnet: ' 192.168.255.0/24 ', octets: [192, 168, 255] },
    { subnet: '172.30.5.1/24', octets: undefined },
    { subnet: '172.30.5.0/16', octets: undefined },
    { subnet: '172.30.5.0', octets: undefined },
    { subnet: '172.256.5.0/24', octets: undefined },
    { subnet: 'not-a-subnet', octets: undefined },
  ];
  for (const { subnet, octets } of cases) {
    test(`'${subnet}' → ${JSON.stringify(octets)}`, () => assert.deepEqual(parseSubnet24(subnet), octets));
  }
});

describe('parseLabOptions follow-up checks', () => {
  test('a bad --sentinels is reported alone, not also as a quorum larger than a default the user never typed', () => {
    assert.throws(
      () => parseLabOptions({ sentinels: 'x', quorum: '4' }, {}),
      (error: unknown) => error instanceof UserError && /--sentinels 'x'/.test(error.message) && !/larger than/.test(error.message),
    );
  });

  test('--subnet is stored normalised, as Docker and the node addresses will use it', () => {
    assert.equal(parseLabOptions({ subnet: ' 172.030.5.0/24 ' }, {}).subnet, '172.30.5.0/24');
  });

  test('a bad image from REDIS_HA_LAB_IMAGE is named with its source and value', () => {
    assert.throws(
      () => parseLabOptions({}, { REDIS_HA_LAB_IMAGE: 'bad image' }),
      (error: unknown) => error instanceof UserError && /\$REDIS_HA_LAB_IMAGE 'bad image'/.test(error.message),
    );
  });
});

describe('--sentinel picks redis-sentinel, the engine, or both', () => {
  test('engine and mixed are accepted, with the engine image from the flag or the environment', () => {
    assert.equal(parseLabOptions({ sentinel: 'engine' }, {}).sentinelKind, 'engine');
    assert.equal(
      parseLabOptions({ sentinel: 'mixed' }, { REDIS_HA_LAB_ENGINE_IMAGE: 'redis-ha-lab/node:local' }).engineImage,
      'redis-ha-lab/node:local',
    );
    assert.equal(
      parseLabOptions({ sentinel: 'mixed', engineImage: 'node:22' }, { REDIS_HA_LAB_ENGINE_IMAGE: 'x:1' }).engineImage,
      'node:22',
    );
  });

  test('an unknown kind names the three allowed', () => {
    assert.throws(() => parseLabOptions({ sentinel: 'valkey' }, {}), /--sentinel 'valkey' is not allowed: use redis .*engine .*mixed/);
  });
});
