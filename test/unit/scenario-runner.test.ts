import type { SpawnDriver } from '../../src/clients/driver-process.js';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ExitCode, UserError } from '../../src/common/errors.js';
import { LabStore } from '../../src/lab/lab-store.js';
import type { ScenarioFlags } from '../../src/scenario/plan-scenario.js';
import { formatPlanProblems, planScenarioText } from '../../src/scenario/plan-scenario.js';
import type { RunEvent } from '../../src/scenario/run-events.js';
import type { RunRecord } from '../../src/scenario/run-record.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import type { StartTraffic } from '../../src/traffic/traffic-client.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { checkLabOptions } from '../../src/topology/lab-options.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeClientFirewall, FakeDriverProcess } from '../support/fake-driver.js';
import { FakeLab } from '../support/fake-lab.js';

const homes: string[] = [];
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

interface FakeRun {
  record?: RunRecord;
  error?: unknown;
  events: RunEvent[];
  lab: FakeLab;
  clock: FakeClock;
}

const noTraffic: StartTraffic = () => {
  throw new Error('this test runs no traffic');
};

/**
 * Plans a scenario and runs it on a FakeLab: on a lab that is already up (the default) or on one the runner
 * boots. `setup` scripts the lab; `abortWhen` presses Ctrl-C on a chosen event.
 */
async function runOnFakeLab(
  steps: string[],
  options: {
    topology?: string[];
    flags?: ScenarioFlags;
    labUp?: boolean;
    setup?: (lab: FakeLab) => void;
    abortWhen?: (event: RunEvent) => boolean;
    startTraffic?: StartTraffic;
    spawnDriver?: SpawnDriver;
    clientFirewall?: FakeClientFirewall;
    extra?: string[];
  } = {},
): Promise<FakeRun> {
  const text = [
    'name: fake',
    'description: a scenario on a fake lab',
    ...(options.topology ? ['topology:', ...options.topology] : []),
    ...(options.extra ?? []),
    'steps:',
    ...steps.map((s) => `  ${s}`),
    '',
  ].join('\n');
  const planned = planScenarioText(text, 'fake.yaml', { name: 'fake', runtime: 'local', ...options.flags }, {});
  if (!planned.ok) assert.fail(formatPlanProblems(planned.problems));
  const clock = new FakeClock();
  const home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-fake-'));
  homes.push(home);
  const store = new LabStore(home);
  const labUp = options.labUp ?? true;
  // The lab that is up was booted with the defaults (down-after 5000): the scenario's settings become overrides.
  const lab = new FakeLab(buildTopology(labUp ? checkLabOptions({ name: 'fake' }, {}).options : planned.plan.lab), clock);
  if (labUp) {
    lab.bootAll();
    await store.create(
      {
        formatVersion: 1,
        runtime: 'local',
        createdAt: new Date(clock.now()).toISOString(),
        state: 'ready',
        bootedBy: process.pid,
        topology: lab.topology,
      },
      [],
    );
  }
  options.setup?.(lab);
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const run: FakeRun = { events, lab, clock };
  try {
    run.record = await runScenario(planned.plan, {
      runtimes: lab.runtimes,
      store,
      clock,
      io: lab.io,
      startTraffic: options.startTraffic ?? noTraffic,
      spawnDriver:
        options.spawnDriver ??
        ((command) => {
          throw new Error(`no client drivers in this test (asked for ${command.join(' ')})`);
        }),
      clientFirewall: () => options.clientFirewall ?? new FakeClientFirewall(),
      signal: controller.signal,
      emit: (event) => {
        events.push(event);
        if (options.abortWhen?.(event)) controller.abort(new Error('interrupted'));
      },
    });
  } catch (error) {
    run.error = error;
  }
  return run;
}

const types = (events: RunEvent[]) => events.map((e) => ('index' in e ? `${e.type} ${e.index}` : e.type));
const statuses = (record: RunRecord | undefined) => record?.steps.map((s) => s.status);
/** The lab's calls from the first one matching `from` on. */
const callsFrom = (lab: FakeLab, from: string) => lab.calls.slice(lab.calls.findIndex((c) => c.startsWith(from)));

describe('the scenario runner on a fake lab', () => {
  test('a passing run reports each step, the fault, restore and the verdict, in order, and times the timeline from them', async () => {
    const run = await runOnFakeLab(
      [
        '- kill: master',
        '- wait-event: { event: +switch-master, count: all, timeout: 30s }',
        '- assert-role: { node: old-master, role: down }',
        '- assert-replicas-follow: master',
      ],
      {
        setup: (lab) => (lab.onFault = (node, fault) => fault === 'kill' && lab.failOver('redis-replica-1')),
      },
    );
    assert.equal(run.error, undefined);
    assert.deepEqual(types(run.events), [
      'note',
      'run-started',
      'steps',
      'step-started 1',
      'fault 1',
      'step-finished 1',
      'step-started 2',
      'step-finished 2',
      'step-started 3',
      'step-finished 3',
      'step-started 4',
      'step-finished 4',
      'restore-started',
      'restore-finished',
      'verdict',
    ]);
    assert.deepEqual(run.events.at(-1), { type: 'verdict', at: run.clock.now(), scenario: 'fake', passed: true, interrupted: false });
    assert.deepEqual(statuses(run.record), ['done', 'passed', 'passed', 'passed']);
    const stepEntries = run.record!.events.filter((e) => e.kind === 'step').map((e) => `${e.name} ${e.detail}`);
    assert.deepEqual(stepEntries.slice(0, 2), ['start 1. kill master', 'end 1. done']);
    assert.equal(run.record!.faultAt, run.events.find((e) => e.type === 'fault')!.at);
    assert.ok(
      run.record!.events.some((e) => e.kind === 'sentinel' && e.name === '+switch-master'),
      'the sentinel events are on the timeline',
    );
    // The killed old master is started again; the lab was up before, so it is not removed.
    assert.ok(run.record!.restore.actions.includes('started redis-master'), run.record!.restore.actions.join(', '));
    assert.equal(run.record!.restore.healthy, true);
    assert.ok(!run.lab.calls.includes('remove'));
  });

  const stops: {
    title: string;
    steps: string[];
    setup?: (lab: FakeLab) => void;
    statuses: string[];
    error?: RegExp;
    restoreAction: string;
  }[] = [
    {
      title: 'a failed fault skips the later steps, and restore still runs',
      steps: ['- pause: replica-1', '- kill: master', '- wait: 1s', '- assert-role: { node: master, role: master }'],
      setup: (lab) => lab.fail.set('kill redis-master', new Error('no such container')),
      statuses: ['done', 'error', 'skipped', 'skipped'],
      error: /^unexpected: no such container$/,
      restoreAction: 'unpaused redis-replica-1',
    },
    {
      title: 'a wait that times out stops the run (its expected and seen are kept), and restore runs',
      steps: [
        '- kill: master',
        '- wait-role: { node: replica-1, role: master, timeout: 5s }',
        '- assert-role: { node: old-master, role: down }',
      ],
      statuses: ['done', 'failed', 'skipped'],
      restoreAction: 'started redis-master',
    },
    {
      title: 'a step whose node selector means nothing now stops the run',
      steps: ['- kill: master', '- write: { node: master, keys: 1 }', '- wait: 1s'],
      statuses: ['done', 'error', 'skipped'],
      error: /'master' needs exactly one master, but no node reports role:master/,
      restoreAction: 'started redis-master',
    },
  ];
  for (const { title, steps, setup, statuses: expected, error, restoreAction } of stops) {
    test(title, async () => {
      const run = await runOnFakeLab(steps, { setup });
      assert.deepEqual(statuses(run.record), expected);
      const stopped = run.record!.steps.find((s) => s.status === 'error' || s.status === 'failed')!;
      if (error) assert.match(stopped.error ?? '', error);
      const skipped = run.events.filter((e) => e.type === 'step-skipped');
      assert.equal(skipped.length, expected.filter((s) => s === 'skipped').length);
      for (const event of skipped)
        assert.deepEqual(event, { type: 'step-skipped', index: event.index, reason: 'an earlier step did not pass' });
      assert.ok(run.record!.restore.actions.includes(restoreAction), run.record!.restore.actions.join(', '));
      assert.equal(run.events.at(-1)?.type, 'verdict');
      assert.equal(run.record!.interrupted, false);
    });
  }

  test('a wait that times out says what it expected and what it saw last', async () => {
    const run = await runOnFakeLab(['- kill: master', '- wait-role: { node: replica-1, role: master, timeout: 5s }']);
    const wait = run.record!.steps[1]!;
    assert.equal(wait.expected, 'redis-replica-1 is master within 5 s');
    assert.equal(wait.seen, 'redis-replica-1 is replica of redis-master (link up)');
    assert.ok(wait.endedAt! - wait.startedAt! >= 5000, 'it waited its timeout on the clock');
    const failed = run.events.find((e) => e.type === 'step-failed');
    assert.deepEqual(failed && { status: failed.status, seen: failed.seen }, { status: 'failed', seen: wait.seen });
  });

  test('a failed assertion does not stop the run: every check is reported', async () => {
    const run = await runOnFakeLab(['- assert-role: { node: master, role: replica }', '- assert-role: { node: replica-1, role: replica }']);
    assert.deepEqual(statuses(run.record), ['failed', 'passed']);
    assert.equal(
      run.events.find((e) => e.type === 'verdict' && e.passed),
      undefined,
    );
  });

  test('undo runs newest first, after the faults are healed: step undos, then the settings the runner changed', async () => {
    const run = await runOnFakeLab(
      [
        '- command: { node: master, args: [CONFIG, SET, maxmemory, 1mb], undo: [CONFIG, SET, maxmemory, "0"] }',
        '- command: { node: master, args: [CONFIG, SET, hz, "50"], undo: [CONFIG, SET, hz, "10"] }',
        '- partition: [[old-master], [rest]]',
      ],
      { topology: ['  down-after: 2000'] },
    );
    assert.deepEqual(statuses(run.record), ['done', 'done', 'done']);
    const restore = callsFrom(run.lab, 'heal');
    assert.deepEqual(
      restore.filter((c) => c === 'heal' || /CONFIG SET (maxmemory|hz)|SENTINEL SET/.test(c)),
      [
        'heal',
        'redis-master: CONFIG SET hz 10',
        'redis-master: CONFIG SET maxmemory 0',
        'redis-sentinel-1: SENTINEL SET mymaster down-after-milliseconds 5000',
        'redis-sentinel-2: SENTINEL SET mymaster down-after-milliseconds 5000',
        'redis-sentinel-3: SENTINEL SET mymaster down-after-milliseconds 5000',
      ],
    );
    assert.ok(
      run.lab.calls.indexOf('redis-sentinel-1: SENTINEL SET mymaster down-after-milliseconds 2000') <
        run.lab.calls.indexOf('redis-master: CONFIG SET maxmemory 1mb'),
      'the overrides came first',
    );
    assert.ok(run.record!.restore.actions.includes('healed the partition'));
  });

  test('Ctrl-C during a wait: the step ends as interrupted, the rest are skipped, restore runs, the run says interrupted', async () => {
    const run = await runOnFakeLab(
      ['- kill: master', '- wait-event: { event: +switch-master, timeout: 30s }', '- assert-role: { node: old-master, role: down }'],
      {
        abortWhen: (event) => event.type === 'step-started' && event.index === 2,
      },
    );
    assert.equal(run.error, undefined);
    assert.deepEqual(statuses(run.record), ['done', 'error', 'skipped']);
    assert.equal(run.record!.steps[1]!.error, 'interrupted');
    assert.deepEqual(
      run.events.find((e) => e.type === 'step-skipped'),
      { type: 'step-skipped', index: 3, reason: 'interrupted' },
    );
    assert.ok(run.record!.restore.actions.includes('started redis-master'));
    assert.equal(run.record!.interrupted, true);
    assert.deepEqual(types(run.events).slice(-3), ['restore-started', 'restore-finished', 'verdict']);
    assert.equal(
      run.events.at(-1)?.type === 'verdict' && run.events.at(-1),
      run.events.find((e) => e.type === 'verdict' && e.interrupted && !e.passed),
    );
  });

  test('a lab that is not healthy is not used: the error lists the conditions still pending when the time ran out', async () => {
    const run = await runOnFakeLab(['- kill: master'], { setup: (lab) => (lab.sentinelTrouble = ['ckquorum']) });
    assert.ok(run.error instanceof UserError, String(run.error));
    assert.equal(run.error.exitCode, ExitCode.environment);
    assert.match(
      run.error.message,
      /^lab 'fake' is not healthy, so the scenario did not start:\n {2}- redis-sentinel-1: CKQUORUM failed: NOQUORUM 1 usable Sentinels/,
    );
    assert.ok(!run.lab.calls.some((c) => c.startsWith('kill')), 'no step ran');
  });

  test('wait-healthy that times out reports every finding still there', async () => {
    const run = await runOnFakeLab(['- pause: sentinel-2', '- wait-healthy: 10s'], {
      setup: (lab) => (lab.onFault = () => (lab.sentinelTrouble = ['s_down'])),
    });
    const wait = run.record!.steps[1]!;
    assert.equal(wait.status, 'failed');
    assert.match(wait.seen!, /redis-sentinel-2 does not answer/);
    assert.match(wait.seen!, /redis-sentinel-1 flags mymaster s_down/);
  });

  test('with no lab up, the runner boots one (up reports its phases), runs on it and removes it', async () => {
    const run = await runOnFakeLab(['- kill: replica-2', '- assert-role: { node: replica-2, role: down }'], { labUp: false });
    assert.equal(run.error, undefined);
    assert.deepEqual(statuses(run.record), ['done', 'passed']);
    assert.equal(run.record!.bootedLab, true);
    const lists = run.events.filter((e) => e.type === 'steps').map((e) => e.type === 'steps' && e.titles);
    assert.deepEqual(lists, [
      ['Check local', 'Redis binaries', 'Write the configs', 'Start redis-master', 'Start 2 replicas and 3 sentinels'],
      ['kill replica-2', 'replica-2 is down'],
    ]);
    const notes = run.events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.message);
    assert.deepEqual(notes, [
      "no lab 'fake' is up: booting one on local for this scenario (it is removed afterwards)",
      "removed lab 'fake' that this scenario booted",
    ]);
    assert.deepEqual(run.lab.calls.slice(0, 4), [
      'check',
      'create',
      'start redis-master',
      'start redis-replica-1,redis-replica-2,redis-sentinel-1,redis-sentinel-2,redis-sentinel-3',
    ]);
    assert.equal(run.lab.calls.at(-1), 'remove');
  });

  test('a lab that is up with another shape is refused with exit 2, before anything runs', async () => {
    const run = await runOnFakeLab(['- kill: master'], { flags: { replicas: '3' } });
    assert.ok(run.error instanceof UserError);
    assert.equal(run.error.exitCode, ExitCode.usage);
    assert.match(run.error.message, /needs 3 replicas \(the lab has 2\)/);
  });

  test('servers layout: a partition cuts whole servers, and a fault on a server takes every node of it', async () => {
    const run = await runOnFakeLab(['- partition: [[old-master], [rest]]', '- heal: {}', '- kill: server:master'], {
      labUp: false,
      flags: { layout: 'servers' },
    });
    assert.equal(run.error, undefined);
    assert.ok(
      run.lab.calls.includes(
        'partition [redis-master,redis-sentinel-1] [redis-replica-1,redis-replica-2,redis-sentinel-2,redis-sentinel-3]',
      ),
      run.lab.calls.join('\n'),
    );
    assert.ok(run.lab.calls.includes('kill redis-master') && run.lab.calls.includes('kill redis-sentinel-1'), run.lab.calls.join('\n'));
  });

  test('a lab with other persistence is refused: a CONFIG SET would not survive the restarts persistence is about', async () => {
    const run = await runOnFakeLab(['- kill: master'], { flags: { persistence: 'aof' } });
    assert.ok(run.error instanceof UserError);
    assert.match(run.error.message, /needs persistence aof \(the lab has none\)/);
  });

  test('a step whose when: does not match the lab is skipped with the reason, and neither counts as a check nor fails the run', async () => {
    const run = await runOnFakeLab([
      '- assert-role: { node: master, role: replica }',
      '  when: { persistence: aof }',
      '- assert-role: { node: master, role: master }',
      '  when: { persistence: none, sentinel: [redis, mixed] }',
    ]);
    assert.deepEqual(statuses(run.record), ['skipped', 'passed']);
    assert.equal(run.record?.steps[0]?.detail, 'only when persistence is aof (this lab: none)');
    assert.ok(run.events.some((e) => e.type === 'step-skipped' && e.index === 1 && /only when persistence is aof/.test(e.reason)));
    assert.ok(run.events.some((e) => e.type === 'verdict' && e.passed));
  });

  test('traffic: the writers run during the steps, and acknowledged writes are looked up on the final master', async () => {
    let fake: FakeLab | undefined;
    const startTraffic: StartTraffic = (_topology, master, options, clock, runId) => ({
      async stop() {
        // Two writes acknowledged by the master at the start; one of them is gone from the lab's data.
        fake!.data.set('traffic:sentinel:1', `${runId}:1`);
        return [1, 2].map((seq) => ({
          client: options.clients[0]!,
          seq,
          key: `traffic:sentinel:${seq}`,
          value: `${runId}:${seq}`,
          startedAt: clock.now(),
          endedAt: clock.now(),
          ok: true,
          node: master.name,
        }));
      },
    });
    const run = await runOnFakeLab(['- kill: replica-1'], {
      startTraffic,
      setup: (lab) => (fake = lab),
      extra: ['traffic: { clients: [sentinel], rate: 10 }', 'expect: { max-lost: 0 }'],
    });
    assert.equal(run.record?.traffic?.finalMaster, 'redis-master');
    assert.equal(run.record?.traffic?.check?.lost.length, 1);
    const expectation = run.record!.steps.at(-1)!;
    assert.deepEqual({ kind: expectation.kind, status: expectation.status }, { kind: 'expect', status: 'failed' });
  });
  test('clients: each driver runs from before the first step to after restore, and gets a verdict; recovers: true fails a stuck one', async () => {
    let fake: FakeLab | undefined;
    let clock: { now(): number } | undefined;
    const started: string[] = [];
    const spawnDriver: SpawnDriver = (command, env) => {
      const name = command.some((c) => c.endsWith('redis-py.py')) ? 'redis-py' : 'ioredis';
      const child = new FakeDriverProcess();
      const helloLine = JSON.stringify({ type: 'hello', library: name, version: '1.0.0', settings: { timeout: 1 } });
      queueMicrotask(() => {
        child.print(helloLine);
        if (env.RHL_HELLO_ONLY) return child.exit({ code: 0, signal: null });
        started.push(`${name} before ${fake!.calls.filter((c) => c.startsWith('kill')).length} kills`);
        const master = fake!.topology.nodes[0]!.published;
        const attempt = (ok: boolean) =>
          JSON.stringify({
            type: 'attempt',
            t: clock!.now(),
            ms: 1,
            op: 'write',
            key: `${env.RHL_KEY_PREFIX}1`,
            value: '1',
            ok,
            ...(ok ? { server: `${master.host}:${master.port}` } : { error: "READONLY You can't write against a read only replica." }),
          });
        child.print(attempt(true));
        // redis-py recovers at once; ioredis fails at the end and never writes again.
        child.closeStdin = () => {
          child.print(name === 'redis-py' ? attempt(true) : attempt(false));
          child.exit({ code: 0, signal: null });
        };
      });
      return child;
    };
    const run = await runOnFakeLab(['- kill: replica-1'], {
      spawnDriver,
      setup: (lab) => {
        fake = lab;
        clock = lab.clock;
      },
      extra: ['clients: { drivers: [ioredis, redis-py], expect: { recovers: true } }'],
    });
    assert.equal(run.error, undefined);
    assert.deepEqual(started.sort(), ['ioredis before 0 kills', 'redis-py before 0 kills']);
    const verdicts = run.record!.clients!.verdicts;
    assert.deepEqual(
      verdicts.map((v) => [v.client, v.status, v.version]),
      [
        ['ioredis', 'stuck', '1.0.0'],
        ['redis-py', 'unaffected', '1.0.0'],
      ],
    );
    assert.equal(verdicts[0]!.stuck?.lastError, "READONLY You can't write against a read only replica.");
    const checks = run.record!.steps.filter((s) => s.kind === 'expect').map((s) => [s.title, s.status]);
    assert.deepEqual(checks, [
      ['ioredis recovers', 'failed'],
      ['redis-py recovers', 'passed'],
    ]);
  });

  test('clients: a driver asked for by name that cannot run stops the run with exit 3, before any step', async () => {
    let fake: FakeLab | undefined;
    const spawnDriver: SpawnDriver = (command) => {
      const child = new FakeDriverProcess();
      queueMicrotask(() => child.exit({ code: null, signal: null, spawnError: `spawn ${command[0]} ENOENT` }));
      return child;
    };
    const run = await runOnFakeLab(['- kill: replica-1'], { spawnDriver, flags: { clients: 'predis' }, setup: (lab) => (fake = lab) });
    assert.ok(run.error instanceof UserError);
    assert.equal(run.error.exitCode, ExitCode.environment);
    assert.match(
      run.error.message,
      /client driver not available here:\n {2}predis: could not be started \(php .*ENOENT\); install: apt-get install -y php-cli php-predis/,
    );
    assert.deepEqual(
      fake!.calls.filter((c) => c.startsWith('kill')),
      [],
      'nothing was broken',
    );
  });
  test('clients: a partition that names a client runs the clients with their own group ids and cuts that one off, healed at restore', async () => {
    const firewall = new FakeClientFirewall();
    const gids: (number | undefined)[] = [];
    let fake: FakeLab | undefined;
    const spawnDriver: SpawnDriver = (command, env, options) => {
      const child = new FakeDriverProcess();
      queueMicrotask(() => {
        child.print(JSON.stringify({ type: 'hello', library: 'redis-py', version: '4.3.4' }));
        if (env.RHL_HELLO_ONLY) return child.exit({ code: 0, signal: null });
        gids.push(options?.gid);
        child.print(JSON.stringify({ type: 'attempt', t: fake!.clock.now(), ms: 1, op: 'write', key: 'k', value: '1', ok: true }));
      });
      return child;
    };
    const run = await runOnFakeLab(['- partition: [[old-master, sentinel-1, client:redis-py], [rest]]', '- heal: {}'], {
      spawnDriver,
      clientFirewall: firewall,
      setup: (lab) => (fake = lab),
      extra: ['clients: [redis-py]'],
    });
    assert.equal(run.error, undefined);
    assert.deepEqual(gids, [47001]);
    const rest = fake!.topology.nodes.filter((n) => !['redis-master', 'redis-sentinel-1'].includes(n.name)).map((n) => n.address.host);
    assert.deepEqual(firewall.calls, ['prepare 47001', `block 47001 from ${rest.join(',')}`, 'clear', 'clear', 'remove']);
    const partition = run.record!.steps[0]!;
    assert.equal(
      partition.detail,
      `[redis-master, redis-sentinel-1, client:redis-py] | [${fake!.topology.nodes
        .slice(1)
        .filter((n) => n.name !== 'redis-sentinel-1')
        .map((n) => n.name)
        .join(', ')}]`,
    );
  });

  test("clients: a partition may only name the scenario's own clients", () => {
    const planned = planScenarioText(
      ['name: x', 'description: x', 'clients: [ioredis]', 'steps:', '  - partition: [[master, client:redis-py], [rest]]', ''].join('\n'),
      'x.yaml',
      {},
      {},
    );
    assert.equal(planned.ok, false);
    assert.match(
      formatPlanProblems(planned.ok ? [] : planned.problems),
      /x\.yaml:5:\d+: step 1 \(partition\): 'client:redis-py' is not one of this scenario's clients \(client:ioredis\)/,
    );
  });
});
