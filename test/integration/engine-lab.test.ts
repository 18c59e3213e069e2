import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { parseStatus, sentinelsOf } from '../support/lab-status-json.js';
import { eventually } from '../support/eventually.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

/** The published address of a node, from `address <node>`. */
async function addressOf(env: NodeJS.ProcessEnv, lab: string, node: string): Promise<{ host: string; port: number }> {
  const run = await runCli(['address', node, '--name', lab], env);
  assert.equal(run.code, 0, run.stderr);
  const [host, port] = run.stdout.trim().split(' '); // "host port", ready for redis-cli -h $1 -p $2
  return { host: host!, port: Number(port) };
}

function redisCli(addr: { host: string; port: number }, ...args: string[]): string {
  return execFileSync('redis-cli', ['-h', addr.host, '-p', String(addr.port), ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** Run by after(): the lab goes, and its private home with it. */
async function removeLab(env: NodeJS.ProcessEnv, lab: string, home: string): Promise<void> {
  await runCli(['down', '--name', lab], env);
  rmSync(home, { recursive: true, force: true });
}

// Every test has a time limit: a lab that never answers must fail the test, not hang the suite.
describe('the embedded sentinel engine in a local lab', () => {
  const lab = 'itest-engine';
  const home = testHome();
  const env = cliEnv(home);
  after(() => removeLab(env, lab, home));

  test(
    'up --sentinel engine boots a lab that status finds healthy: the engines answer as redis-sentinel does',
    { timeout: 120_000 },
    async () => {
      const run = await runCli(['up', '--runtime', 'local', '--sentinel', 'engine', '--name', lab, '--down-after', '1000'], env);
      assert.equal(run.code, 0, run.stderr);
      const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
      assert.equal(status.healthy, true, JSON.stringify(status.findings));
      assert.equal(sentinelsOf(status).length, 3);
      const log = readFileSync(join(home, 'labs', lab, 'redis-sentinel-1', 'redis-sentinel-1.log'), 'utf8');
      assert.match(log, /redis-ha-lab sentinel engine/);
    },
  );

  test('redis-cli talks to an engine sentinel unchanged', { timeout: 120_000 }, async () => {
    const s1 = await addressOf(env, lab, 'redis-sentinel-1');
    const master = await addressOf(env, lab, 'redis-master');
    assert.equal(redisCli(s1, 'PING'), 'PONG');
    assert.equal(redisCli(s1, 'SENTINEL', 'get-master-addr-by-name', 'mymaster'), `${master.host}\n${master.port}`);
    assert.match(redisCli(s1, 'SENTINEL', 'ckquorum', 'mymaster'), /^OK 3 usable Sentinels/);
    assert.match(redisCli(s1, 'INFO', 'sentinel'), /master0:name=mymaster,status=ok,address=[\d.]+:6379,slaves=2,sentinels=3/);
    assert.match(redisCli(s1, 'SENTINEL', 'nosuch'), /ERR/);
  });

  test('ioredis through the engine sentinels follows a failover and keeps writing', { timeout: 120_000 }, async () => {
    const sentinels = await Promise.all([1, 2, 3].map((i) => addressOf(env, lab, `redis-sentinel-${i}`)));
    const oldMaster = await addressOf(env, lab, 'redis-master');
    const client = new Redis({
      sentinels,
      name: 'mymaster',
      sentinelRetryStrategy: () => 100,
      retryStrategy: () => 100,
      connectTimeout: 1000,
      maxRetriesPerRequest: 1,
    });
    client.on('error', () => {});
    try {
      await client.set('before', '1');
      const kill = await runCli(['node', 'kill', 'redis-master', '--name', lab], env);
      assert.equal(kill.code, 0, kill.stderr);
      const started = Date.now();
      // A write fails while there is no master to take it (the errors a failover causes), then succeeds.
      await eventually('a write to the new master', async () => {
        await client.set('after', String(Date.now()));
        return true;
      });
      const elapsed = Date.now() - started;
      const s1 = sentinels[0]!;
      const now = redisCli(s1, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n');
      assert.notEqual(now[0], oldMaster.host, 'a replica was promoted');
      assert.equal(await client.get('before'), '1', 'the write acknowledged before the kill survived');
      assert.ok(elapsed < 15_000, `the client was back within ${elapsed} ms`);
      // Every engine reports the new master.
      for (const s of sentinels) assert.equal(redisCli(s, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n')[0], now[0]);
    } finally {
      client.disconnect();
    }
  });

  test('the old master comes back and is converted to a replica of the new one', { timeout: 120_000 }, async () => {
    const start = await runCli(['node', 'start', 'redis-master', '--name', lab], env);
    assert.equal(start.code, 0, start.stderr);
    const old = await addressOf(env, lab, 'redis-master');
    await eventually('the old master to replicate', () => (/role:slave/.test(redisCli(old, 'INFO', 'replication')) ? true : undefined));
  });
});

describe('a mixed quorum: engine and redis-sentinel together', () => {
  const lab = 'itest-mixed';
  const home = testHome();
  const env = cliEnv(home);
  after(() => removeLab(env, lab, home));

  test('up --sentinel mixed: the two kinds discover each other and agree', { timeout: 120_000 }, async () => {
    const run = await runCli(['up', '--runtime', 'local', '--sentinel', 'mixed', '--name', lab, '--down-after', '1000'], env);
    assert.equal(run.code, 0, run.stderr);
    const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
    assert.equal(status.healthy, true, JSON.stringify(status.findings));
    const real = await addressOf(env, lab, 'redis-sentinel-2');
    assert.match(redisCli(real, 'INFO', 'server'), /redis_version:/);
    assert.match(redisCli(real, 'SENTINEL', 'ckquorum', 'mymaster'), /^OK 3 usable Sentinels/);
  });

  for (const [leader, kind] of [
    ['redis-sentinel-2', 'redis-sentinel'],
    ['redis-sentinel-1', 'the engine'],
  ] as const) {
    test(`a failover led by ${kind} (SENTINEL FAILOVER on ${leader}) is followed by the other kind`, { timeout: 120_000 }, async () => {
      const s = await Promise.all([1, 2, 3].map((i) => addressOf(env, lab, `redis-sentinel-${i}`)));
      const before = redisCli(s[0]!, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n')[0];
      const at = s[Number(leader.slice(-1)) - 1]!;
      assert.equal(redisCli(at, 'SENTINEL', 'failover', 'mymaster'), 'OK');
      for (const sentinel of s) {
        await eventually(`${sentinel.host} to report a new master`, () => {
          const now = redisCli(sentinel, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n')[0];
          return now !== before ? now : undefined;
        });
      }
      const masters = new Set(s.map((x) => redisCli(x, 'SENTINEL', 'get-master-addr-by-name', 'mymaster').split('\n')[0]));
      assert.equal(masters.size, 1, 'all sentinels name the same master');
      await eventually(
        'the lab to be healthy again',
        async () => {
          const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
          return status.healthy ? true : undefined;
        },
        { timeoutMs: 60_000 },
      );
    });
  }
});
