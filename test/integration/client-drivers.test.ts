// The built-in client drivers, each with its real library, against a real local lab; and broken drivers as real
// processes. Every line every driver prints must follow docs/client-driver.schema.json.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Redis } from 'ioredis';
import { builtinDriverNames, builtinDrivers } from '../../src/clients/builtin-drivers.js';
import { spawnDriver } from '../../src/clients/driver-process.js';
import type { DriverSettings } from '../../src/clients/driver-protocol.js';
import type { DriverRun, RunningDriver } from '../../src/clients/run-driver.js';
import { startDriver } from '../../src/clients/run-driver.js';
import { systemClock } from '../../src/common/clock.js';
import { packageRoot } from '../../src/common/package-paths.js';
import { eventually } from '../support/eventually.js';
import { mastersOf, parseStatus, sentinelsOf } from '../support/lab-status-json.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

const schema = JSON.parse(readFileSync(join(packageRoot, 'docs', 'client-driver.schema.json'), 'utf8')) as object;
const validLine = new Ajv2020().compile(schema);

function expectSchemaValid(run: DriverRun): void {
  for (const line of [run.hello, ...run.attempts]) {
    assert.ok(validLine(line), `${run.name}: ${JSON.stringify(line)} breaks the schema: ${JSON.stringify(validLine.errors)}`);
  }
}

describe('the built-in client drivers, each with its own library, against a local lab', () => {
  const home = testHome();
  const lab = 'itest-clients';
  const env = cliEnv(home);
  const running: RunningDriver[] = [];
  let sentinels: DriverSettings['sentinels'];
  let master: { host: string; port: number };

  before(async () => {
    const up = await runCli(['up', '--runtime', 'local', '--name', lab, '--password', 's3cret'], env);
    assert.equal(up.code, 0, up.stderr);
    const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
    const hostPort = (address: string) => ({ host: address.split(':')[0]!, port: Number(address.split(':')[1]) });
    sentinels = sentinelsOf(status).map((s) => hostPort(s.published));
    master = hostPort(mastersOf(status)[0]!.published);
  });
  after(async () => {
    await Promise.all(running.map((r) => r.stop())); // a failed test must not leave drivers writing
    await runCli(['down', '--name', lab], env);
    rmSync(home, { recursive: true, force: true });
  });

  test('clients lists all five as available, with the versions these machines have', { timeout: 60_000 }, async () => {
    const run = await runCli(['clients', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const drivers = JSON.parse(run.stdout) as { name: string; available: boolean; version?: string; reason?: string }[];
    for (const d of drivers) assert.ok(d.available, `${d.name}: ${d.reason}`);
    assert.deepEqual(
      drivers.map((d) => `${d.name} ${d.version!.split('.')[0]}`),
      ['ioredis 5', 'node-redis 5', 'redis-py 4', 'redis-rb 4', 'predis 1'],
    );
    assert.equal((await runCli(['clients', ...builtinDriverNames], env)).code, 0);
  });

  test('all five at once: each writes and reads its own keys on the master, through the sentinels', { timeout: 90_000 }, async () => {
    const drivers = builtinDrivers();
    const starts = drivers.map((driver) =>
      startDriver(
        { name: driver.name, command: driver.command },
        {
          sentinels,
          masterName: 'mymaster',
          password: 's3cret',
          rate: 20,
          keyPrefix: `rhl:itest:${driver.name}:`,
          ops: ['write', 'read'],
          profile: 'recommended',
        },
        { spawn: spawnDriver, clock: systemClock },
      ),
    );
    running.push(...starts);
    const hellos = await Promise.all(starts.map((s) => s.hello));
    assert.deepEqual(
      hellos.map((h) => h?.library),
      drivers.map((d) => d.name),
    );
    for (const hello of hellos)
      assert.ok(hello?.settings && Object.keys(hello.settings).length > 0, `${hello?.library} prints its settings`);

    // Enough attempts from each: the drivers are interpreters that take their time to connect.
    const progress = () =>
      drivers.map((d, i) => `${d.name}: ${starts[i]!.attempts().filter((a) => a.ok).length} ok, ${starts[i]!.problems().join('; ')}`);
    await eventually('every driver to have written and read 5 times', () =>
      starts.every((s) => s.attempts().filter((a) => a.ok).length >= 10) ? true : undefined,
    ).catch((error: Error) => assert.fail(`${error.message}\n${progress().join('\n')}`));
    const runs = await Promise.all(starts.map((s) => s.stop()));

    const redis = new Redis({ ...master, password: 's3cret', lazyConnect: true });
    try {
      for (const run of runs) {
        assert.deepEqual(run.problems, [], `${run.name} ran cleanly`);
        assert.equal(run.ended, 'finished', `${run.name} stopped when its stdin closed`);
        expectSchemaValid(run);
        const failed = run.attempts.filter((a) => !a.ok);
        assert.deepEqual(failed, [], `${run.name}: no failed attempt on a healthy lab`);
        for (const a of run.attempts) assert.ok(a.key.startsWith(`rhl:itest:${run.name}:`), `${run.name} stays in its key space`);
        const writes = run.attempts.filter((a) => a.op === 'write');
        const stored = await redis.mget(...writes.map((w) => w.key));
        assert.deepEqual(
          stored,
          writes.map((w) => w.value),
          `${run.name}: every acknowledged write is on the master`,
        );
        // A read reads what the same driver wrote just before.
        for (const read of run.attempts.filter((a) => a.op === 'read')) assert.equal(read.value, read.key.split(':').at(-1));
        for (const a of run.attempts.filter((x) => x.server))
          assert.equal(a.server, `${master.host}:${master.port}`, `${run.name} names the master`);
      }
      const reporting = runs.filter((r) => r.attempts.some((a) => a.server)).map((r) => r.name);
      assert.deepEqual(reporting, ['ioredis', 'redis-py', 'redis-rb', 'predis'], 'the libraries that expose their server report it');
    } finally {
      redis.disconnect();
    }
  });
  test("docs/CLIENTS.md's 20-line driver (examples/my-driver.py) runs as the user's own client", { timeout: 60_000 }, async () => {
    const driver = startDriver(
      { name: 'client-cmd', command: ['/usr/bin/python3', '-u', join(packageRoot, 'examples', 'my-driver.py')] },
      { sentinels, masterName: 'mymaster', password: 's3cret', rate: 20, keyPrefix: 'rhl:itest:mine:', ops: ['write'], profile: 'default' },
      { spawn: spawnDriver, clock: systemClock },
    );
    running.push(driver);
    assert.equal((await driver.hello)?.library, 'redis-py');
    await eventually('five acknowledged writes', () => (driver.attempts().filter((a) => a.ok).length >= 5 ? true : undefined));
    const run = await driver.stop();
    assert.deepEqual(run.problems, []);
    assert.equal(run.ended, 'finished');
    expectSchemaValid(run);
  });
});

describe('broken drivers, as real processes', () => {
  const settings: DriverSettings = {
    sentinels: [{ host: '127.0.0.1', port: 1 }],
    masterName: 'mymaster',
    rate: 10,
    keyPrefix: 'rhl:broken:',
    ops: ['write'],
    profile: 'default',
  };
  const fixture = (name: string) => [process.execPath, join(packageRoot, 'test', 'fixtures', 'drivers', name)];
  const deps = { spawn: spawnDriver, clock: systemClock, helloTimeoutMs: 1500, stopTimeoutMs: 1000 };

  test('a line that is not JSON is named with the driver and the line', { timeout: 30_000 }, async () => {
    const driver = startDriver({ name: 'client-cmd', command: fixture('bad-json.mjs') }, settings, deps);
    assert.equal((await driver.hello)?.library, 'fixture');
    const run = await eventually('the bad line to be read', async () => (driver.problems().length > 0 ? driver.stop() : undefined));
    assert.deepEqual(run.problems, ['client-cmd, stdout line 2: not JSON: "connected to mymaster!"']);
    assert.equal(run.ended, 'finished');
  });

  test('a driver that exits early is reported with its code and its stderr', { timeout: 30_000 }, async () => {
    const driver = startDriver({ name: 'client-cmd', command: fixture('exits-early.mjs') }, settings, deps);
    await driver.hello;
    const run = await eventually('the driver to exit', async () => (driver.problems().length > 0 ? driver.stop() : undefined));
    assert.equal(run.ended, 'exited-early');
    assert.match(
      run.problems[0]!,
      /^client-cmd exited with code 4 before the scenario ended; its stderr ends with:\n {2}fixture: cannot reach any sentinel/,
    );
  });

  test('a silent driver is reported once its hello is overdue, and killed when it does not stop', { timeout: 30_000 }, async () => {
    const driver = startDriver({ name: 'client-cmd', command: fixture('silent.mjs') }, settings, deps);
    assert.equal(await driver.hello, undefined);
    const run = await driver.stop();
    assert.equal(run.ended, 'killed');
    assert.equal(run.exit?.signal, 'SIGTERM', 'nothing left running');
    assert.match(run.problems[0]!, /^client-cmd printed nothing in 1\.5 s/);
  });

  test('a program that does not exist is named, with the command', { timeout: 30_000 }, async () => {
    const driver = startDriver({ name: 'client-cmd', command: ['/nonexistent/driver', '--x'] }, settings, deps);
    assert.equal(await driver.hello, undefined);
    const run = await driver.stop();
    assert.match(run.problems[0]!, /^client-cmd could not be started \(\/nonexistent\/driver --x: spawn \/nonexistent\/driver ENOENT\)/);
  });
});
