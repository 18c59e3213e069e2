// The driver runner against a fake process: what it makes of good, broken, silent and stuck drivers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { DriverSettings } from '../../src/clients/driver-protocol.js';
import { driverEnvironment, readDriverLine } from '../../src/clients/driver-protocol.js';
import { startDriver } from '../../src/clients/run-driver.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeDriverProcess } from '../support/fake-driver.js';

const settings: DriverSettings = {
  sentinels: [
    { host: '127.0.1.41', port: 26379 },
    { host: '127.0.1.42', port: 26379 },
  ],
  masterName: 'mymaster',
  rate: 20,
  keyPrefix: 'rhl:run1:redis-py:',
  ops: ['write', 'read'],
  profile: 'recommended',
};

const hello = '{"type":"hello","library":"redis-py","version":"4.3.4","language":"python 3.11.2","settings":{"socket_timeout":1}}';
const write = (t: number, ok = true) =>
  JSON.stringify({ type: 'attempt', t, ms: 1.5, op: 'write', key: `k${t}`, value: 'v', ok, ...(ok ? {} : { error: 'READONLY x' }) });

function drive(process: FakeDriverProcess) {
  const spawned: { command: readonly string[]; env: Record<string, string> }[] = [];
  const clock = new FakeClock();
  const running = startDriver({ name: 'redis-py', command: ['/usr/bin/python3', '-u', 'drivers/redis-py.py'] }, settings, {
    spawn: (command, env) => {
      spawned.push({ command, env });
      return process;
    },
    clock,
  });
  return { running, spawned, clock };
}

describe('startDriver', () => {
  it('passes the settings in the environment, reads the hello and every attempt, and stops the driver through stdin', async () => {
    const process = new FakeDriverProcess();
    const { running, spawned } = drive(process);
    process.print(hello, write(1000), write(1050, false), '');
    assert.equal((await running.hello)?.version, '4.3.4');
    const run = await running.stop();
    assert.deepEqual(spawned[0]!.env, driverEnvironment(settings));
    assert.equal(spawned[0]!.env.RHL_SENTINELS, '127.0.1.41:26379,127.0.1.42:26379');
    assert.equal(process.stdinClosed, true);
    assert.deepEqual(process.signals, []);
    assert.equal(run.ended, 'finished');
    assert.deepEqual(run.problems, []);
    assert.deepEqual(
      run.attempts.map((a) => [a.t, a.ok, a.error]),
      [
        [1000, true, undefined],
        [1050, false, 'READONLY x'],
      ],
    );
  });

  it('names the driver and the line of every bad line, and keeps the good ones', async () => {
    const process = new FakeDriverProcess();
    const { running } = drive(process);
    process.print(hello, 'Traceback (most recent call last):', write(1000), '{"type":"attempt","t":5}');
    const run = await running.stop();
    assert.equal(run.attempts.length, 1);
    assert.equal(run.problems.length, 2);
    assert.match(run.problems[0]!, /^redis-py, stdout line 2: not JSON: "Traceback/);
    assert.match(run.problems[1]!, /^redis-py, stdout line 4: attempt needs "ms" .*"op" .*"key" .*"ok"/);
  });

  it('says the first line must be the hello', async () => {
    const process = new FakeDriverProcess();
    const { running } = drive(process);
    process.print(write(1000));
    assert.equal(await running.hello, undefined);
    const run = await running.stop();
    assert.match(run.problems[0]!, /^redis-py, stdout line 1: the first line must be \{"type":"hello"/);
  });

  it('reports a driver that exits before the end, with its exit code and the end of its stderr', async () => {
    const process = new FakeDriverProcess(undefined, 'Traceback...\nModuleNotFoundError: No module named redis');
    const { running } = drive(process);
    process.exit({ code: 1, signal: null });
    assert.equal(await running.hello, undefined);
    const run = await running.stop();
    assert.equal(run.ended, 'exited-early');
    assert.equal(process.stdinClosed, false, 'nothing to stop');
    assert.match(run.problems[0]!, /^redis-py exited with code 1 before the scenario ended; its stderr ends with:/);
    assert.match(run.problems[0]!, /No module named redis/);
  });

  it('reports a program that cannot be started', async () => {
    const process = new FakeDriverProcess();
    const { running } = drive(process);
    process.exit({ code: null, signal: null, spawnError: 'spawn /usr/bin/python3 ENOENT' });
    assert.equal(await running.hello, undefined);
    const run = await running.stop();
    assert.equal(run.problems.length, 1);
    assert.match(run.problems[0]!, /redis-py could not be started \(\/usr\/bin\/python3 -u drivers\/redis-py\.py: spawn .* ENOENT\)/);
  });

  it('reports a silent driver once its hello is overdue, and kills it when it does not hear stop', async () => {
    const process = new FakeDriverProcess({ stdinClose: false, sigterm: true });
    const { running } = drive(process);
    assert.equal(await running.hello, undefined, 'the hello wait gives up');
    const run = await running.stop();
    assert.match(run.problems[0]!, /^redis-py printed nothing in 15 s: a driver's first line is its hello/);
    assert.equal(run.ended, 'killed');
    assert.deepEqual(process.signals, ['SIGTERM']);
  });

  it('says when its first attempt came, or that none came in 30 s', async () => {
    const attempting = new FakeDriverProcess();
    const first = drive(attempting);
    attempting.print(hello, write(1000));
    assert.equal(await first.running.firstAttempt, true);
    assert.deepEqual((await first.running.stop()).problems, []);

    const connecting = new FakeDriverProcess();
    const second = drive(connecting);
    connecting.print(hello);
    assert.equal(await second.running.firstAttempt, false);
    assert.match((await second.running.stop()).problems[0]!, /^redis-py made no attempt in 30 s after starting/);
  });

  it('kills with SIGKILL a driver stuck in a command that ignores SIGTERM too', async () => {
    const process = new FakeDriverProcess({ stdinClose: false, sigterm: false });
    const { running } = drive(process);
    process.print(hello, write(1000));
    const run = await running.stop();
    assert.equal(run.ended, 'killed');
    assert.deepEqual(process.signals, ['SIGTERM', 'SIGKILL']);
    assert.deepEqual(run.problems, [], 'a stuck client is a finding about the client, not a broken driver');
    assert.equal(run.attempts.length, 1);
  });
});

describe('readDriverLine', () => {
  const cases: { line: string; first: boolean; problem?: RegExp }[] = [
    { line: hello, first: true },
    { line: '{"type":"hello","library":"x"}', first: true, problem: /hello without version/ },
    { line: hello, first: false, problem: /a second hello line/ },
    { line: write(1), first: false },
    { line: '{"type":"attempt","t":1,"ms":0,"op":"read","key":"k","value":null,"ok":true}', first: false },
    { line: '{"type":"attempt","t":1,"ms":0,"op":"write","key":"k","ok":false}', first: false, problem: /"error" \(the error text/ },
    { line: '{"type":"attempt","t":1,"ms":0,"op":"incr","key":"k","ok":true}', first: false, problem: /"op" \(write, read, blpop\)/ },
    {
      line: '{"type":"attempt","t":1,"ms":0,"op":"write","key":"k","ok":true,"server":"nowhere"}',
      first: false,
      problem: /"server" \(host:port\)/,
    },
    { line: '{"type":"log"}', first: false, problem: /"type" must be "hello" or "attempt", got "log"/ },
    { line: '[1,2]', first: false, problem: /not a JSON object/ },
  ];
  // docs/client-driver.schema.json says the same of each line (it cannot say which line comes first).
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'client-driver.schema.json'), 'utf8')) as object;
  const validLine = new Ajv2020().compile(schema);
  for (const { line, first, problem } of cases) {
    it(`${problem ? 'refuses' : 'reads'} ${line}${first ? ' as a first line' : ''}, as the JSON Schema does`, () => {
      const reading = readDriverLine(line, first);
      if (!problem) assert.deepEqual(reading, { ok: true, line: JSON.parse(line) });
      else assert.match(reading.ok ? 'read' : reading.problem, problem);
      if (!/second hello/.test(String(problem))) assert.equal(validLine(JSON.parse(line)), !problem, JSON.stringify(validLine.errors));
    });
  }
});
