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
import { checkLabOptions } from '../../src/topology/lab-options.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeLab } from '../support/fake-lab.js';

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

/** `up` of the classic lab on a FakeLab; `setup` breaks the lab, `abortWhen` presses Ctrl-C. */
async function upOnFakeLab(options: { setup?: (lab: FakeLab) => void; abortWhen?: (event: StepEvent) => boolean } = {}) {
  const labOptions = checkLabOptions({ name: 'fake-up' }, {}).options;
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
  test('boots phase by phase (master, replicas, sentinels), reports each, and marks the lab ready', async () => {
    const run = await upOnFakeLab();
    assert.equal(run.error, undefined);
    assert.deepEqual(run.events[0], {
      type: 'steps',
      titles: ['Check local', 'Redis binaries', 'Write the configs', 'Start redis-master', 'Start 2 replicas', 'Start 3 sentinels'],
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
      'started 6',
      'finished 6',
    ]);
    assert.deepEqual(run.lab.calls, [
      'check',
      'create',
      'start redis-master',
      'start redis-replica-1,redis-replica-2',
      'start redis-sentinel-1,redis-sentinel-2,redis-sentinel-3',
    ]);
    assert.equal((await run.store.read('fake-up'))?.state, 'ready');
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
    assert.deepEqual(outcomes(run.events).slice(-2), ['started 6', 'failed 6']);
    assert.ok(
      run.events.some((e) => e.type === 'step-output' && /waiting: redis-sentinel-1: CKQUORUM failed/.test(e.line)),
      'the wait showed what it waited for',
    );
    assert.equal(run.lab.calls.at(-1), 'remove');
    assert.equal(await run.store.read('fake-up'), undefined, 'its files are gone');
  });

  test('Ctrl-C during a phase removes what was created and says so (exit 130)', async () => {
    const run = await upOnFakeLab({ abortWhen: (event) => event.type === 'step-started' && event.index === 5 });
    assert.ok(run.error instanceof UserError);
    assert.equal(run.error.exitCode, ExitCode.interrupted);
    assert.equal(run.error.message, "interrupted: lab 'fake-up' was not started; everything it had created was removed");
    assert.deepEqual(outcomes(run.events).slice(-3), ['started 5', 'failed 5', 'skipped 6']);
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
    assert.deepEqual(outcomes(run.events), ['started 1', 'failed 1', 'skipped 2', 'skipped 3', 'skipped 4', 'skipped 5', 'skipped 6']);
    assert.ok(!run.lab.calls.includes('remove'));
  });
});
