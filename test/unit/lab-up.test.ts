import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ExitCode, UserError } from '../../src/common/errors.js';
import type { StepEvent } from '../../src/common/step-events.js';
import { LabStore } from '../../src/lab/lab-store.js';
import { up } from '../../src/lab/up.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import type { RawLabOptions } from '../../src/topology/lab-options.js';
import { checkLabOptions } from '../../src/topology/lab-options.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeLab } from '../support/fake-lab.js';

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

/** `up` of the classic lab on a FakeLab; `setup` breaks the lab, `abortWhen` presses Ctrl-C. */
async function upOnFakeLab(
  options: { setup?: (lab: FakeLab) => void; abortWhen?: (event: StepEvent) => boolean; raw?: RawLabOptions } = {},
) {
  const labOptions = checkLabOptions({ name: 'fake-up', ...options.raw }, {}).options;
  const clock = new FakeClock();
  const lab = new FakeLab(buildTopology(labOptions), clock);
  options.setup?.(lab);
  const home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-up-'));
  homes.push(home);
  const store = new LabStore(home);
  const events: StepEvent[] = [];
  const controller = new AbortController();
  const started = clock.now();
  try {
    const result = await up(labOptions, {
      runtime: lab.runtime,
      runtimes: lab.runtimes,
      store,
      clock,
      io: lab.io,
      signal: controller.signal,
      emit: (event) => {
        events.push(event);
        if (options.abortWhen?.(event)) controller.abort(new Error('interrupted'));
      },
    });
    return { result, events, lab, store, elapsed: clock.now() - started };
  } catch (error) {
    return { error, events, lab, store, elapsed: clock.now() - started };
  }
}

const outcomes = (events: StepEvent[]) =>
  events
    .filter((e) => e.type !== 'steps' && e.type !== 'step-output')
    .map((e) => ('index' in e ? `${e.type.replace('step-', '')} ${e.index}` : e.type));

describe('up on a fake lab', () => {
  test('boots the master, then the replicas and sentinels together, reports each phase, and marks the lab ready', async () => {
    const run = await upOnFakeLab();
    assert.equal(run.error, undefined);
    assert.deepEqual(run.events[0], {
      type: 'steps',
      titles: ['Check local', 'Redis binaries', 'Write the configs', 'Start redis-master', 'Start 2 replicas and 3 sentinels'],
    });
    assert.deepEqual(outcomes(run.events), [
      'started 1',
      'finished 1',
      'started 2',
      'finished 2',
      'started 3',
      'finished 3',
      'started 4',
      'finished 4',
      'started 5',
      'finished 5',
    ]);
    assert.deepEqual(run.lab.calls.slice(0, 4), [
      'check',
      'create',
      'start redis-master',
      'start redis-replica-1,redis-replica-2,redis-sentinel-1,redis-sentinel-2,redis-sentinel-3',
    ]);
    const timings = run.events.filter((e) => e.type === 'step-output' && /started in/.test(e.line));
    assert.deepEqual(
      timings.map((e) => e.type === 'step-output' && `${e.index}: ${e.line.replace(/[0-9.]+ s/g, 'N s')}`),
      ['4: processes started in N s, answering N s later', '5: processes started in N s, lab ready N s later'],
    );
    assert.equal((await run.store.read('fake-up'))?.state, 'ready');
  });

  test('booting sentinels retry refused links every 100 ms, and have their own ping period back when up returns', async () => {
    const run = await upOnFakeLab();
    assert.equal(run.error, undefined);
    const debug = run.lab.calls.filter((c) => c.includes('SENTINEL DEBUG'));
    for (const sentinel of ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3']) {
      assert.deepEqual(
        debug.filter((c) => c.startsWith(`${sentinel}:`)),
        [`${sentinel}: SENTINEL DEBUG`, `${sentinel}: SENTINEL DEBUG ping-period 100`, `${sentinel}: SENTINEL DEBUG ping-period 1000`],
      );
      assert.equal(run.lab.pingPeriods.get(sentinel), 1000);
    }
    assert.ok(!debug.some((c) => c.startsWith('redis-master') || c.startsWith('redis-replica')));
  });

  test('engine sentinels keep their own periods: only the real ones of a mixed lab are sped up', async () => {
    const run = await upOnFakeLab({ raw: { sentinel: 'mixed' } });
    assert.equal(run.error, undefined);
    const engines = run.result!.topology.nodes.filter((n) => n.engine).map((n) => n.name);
    const real = run.result!.topology.nodes.filter((n) => n.kind === 'sentinel' && !n.engine).map((n) => n.name);
    assert.ok(engines.length > 0 && real.length > 0, 'a mixed lab has both');
    const debugged = new Set(run.lab.calls.filter((c) => c.includes('SENTINEL DEBUG')).map((c) => c.split(':')[0]));
    assert.deepEqual([...debugged].sort(), real.sort());
  });

  test('a sentinel whose ping period cannot be put back fails up (exit 3) and the lab is removed', async () => {
    const run = await upOnFakeLab({
      setup: (lab) => lab.fail.set('redis-sentinel-2: SENTINEL DEBUG ping-period 1000', new Error('connection lost')),
    });
    assert.ok(run.error instanceof UserError, String(run.error));
    assert.equal(run.error.exitCode, ExitCode.environment);
    assert.match(run.error.message, /was ready, but could not restore the ping period of redis-sentinel-2 \(connection lost\)/);
    assert.equal(run.lab.calls.at(-1), 'remove');
  });

  test('a phase that never gets ready fails after its time limit, saying what is still pending, and removes the lab', async () => {
    const run = await upOnFakeLab({ setup: (lab) => (lab.sentinelTrouble = ['ckquorum']) });
    assert.ok(run.error instanceof UserError, String(run.error));
    assert.equal(run.error.exitCode, ExitCode.environment);
    assert.match(
      run.error.message,
      /^lab 'fake-up' was not ready after 30 s:\n {2}- redis-sentinel-1: CKQUORUM failed: NOQUORUM 1 usable Sentinels\n/,
    );
    assert.match(run.error.message, /The lab was removed\.$/);
    assert.ok(run.elapsed >= 30_000 && run.elapsed < 31_000, `waited ${run.elapsed} ms of the clock`);
    assert.deepEqual(outcomes(run.events).slice(-2), ['started 5', 'failed 5']);
    assert.ok(
      run.events.some((e) => e.type === 'step-output' && /waiting: redis-sentinel-1: CKQUORUM failed/.test(e.line)),
      'the wait showed what it waited for',
    );
    assert.equal(run.lab.calls.at(-1), 'remove');
    assert.equal(await run.store.read('fake-up'), undefined, 'its files are gone');
  });

  test('Ctrl-C during a phase removes what was created and says so (exit 130)', async () => {
    const run = await upOnFakeLab({ abortWhen: (event) => event.type === 'step-started' && event.index === 4 });
    assert.ok(run.error instanceof UserError);
    assert.equal(run.error.exitCode, ExitCode.interrupted);
    assert.equal(run.error.message, "interrupted: lab 'fake-up' was not started; everything it had created was removed");
    assert.deepEqual(outcomes(run.events).slice(-3), ['started 4', 'failed 4', 'skipped 5']);
    assert.equal(run.lab.calls.at(-1), 'remove');
  });

  test("the lab's record keeps the programs the runtime settled, so later starts run the same binaries", async () => {
    const programs = { server: '/opt/valkey/bin/valkey-server', sentinel: '/opt/valkey/bin/valkey-sentinel' };
    const run = await upOnFakeLab({
      setup: (lab) => {
        lab.runtime.resolvePrograms = async (topology) => ({ ...topology, programs, engineCompat: 'valkey-8' });
      },
    });
    assert.equal(run.error, undefined);
    const record = await run.store.read('fake-up');
    assert.deepEqual(record?.topology.programs, programs);
    assert.equal(record?.topology.engineCompat, 'valkey-8');
    assert.deepEqual(run.result?.topology.programs, programs);
  });

  test('a lab already up under that name is refused (exit 2) and left alone', async () => {
    const run = await upOnFakeLab({ setup: (lab) => lab.bootAll() });
    assert.ok(run.error instanceof UserError);
    assert.equal(run.error.exitCode, ExitCode.usage);
    assert.match(run.error.message, /a lab named 'fake-up' is already up \(6 nodes\)/);
    assert.deepEqual(outcomes(run.events), ['started 1', 'failed 1', 'skipped 2', 'skipped 3', 'skipped 4', 'skipped 5']);
    assert.ok(!run.lab.calls.includes('remove'));
  });
});
