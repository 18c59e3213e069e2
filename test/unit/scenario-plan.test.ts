import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlagProblem, PlanProblem, ScenarioFlags } from '../../src/scenario/plan-scenario.js';
import { formatPlanProblems, planScenario, planScenarioText } from '../../src/scenario/plan-scenario.js';
import type { Problem } from '../../src/scenario/yaml-source.js';

const killMaster = ['name: t', 'description: kills the master', 'topology:', '  down-after: 2000', 'steps:', '  - kill: master', ''].join(
  '\n',
);

function problems(text: string, flags: ScenarioFlags): PlanProblem[] {
  const outcome = planScenarioText(text, 'file.yaml', flags, {});
  assert.ok(!outcome.ok, 'expected problems');
  return outcome.problems;
}

const onCommandLine = (list: PlanProblem[]) => list.filter((p): p is FlagProblem => !('line' in p));
const inFile = (list: PlanProblem[]) => list.filter((p): p is Problem => 'line' in p);

describe('planScenario: one plan from the file and the flags', () => {
  test('the lab options are the file topology with each flag on top, parsed once', () => {
    const outcome = planScenarioText(killMaster, 'file.yaml', { name: 'lab2', portBase: '7379', replicas: '3' }, {});
    assert.ok(outcome.ok);
    const { lab } = outcome.plan;
    assert.equal(lab.name, 'lab2');
    assert.equal(lab.portBase, 7379);
    assert.equal(lab.replicas, 3, 'the flag');
    assert.equal(lab.downAfterMs, 2000, 'the file');
    assert.equal(outcome.plan.runtime, 'auto');
    assert.equal(outcome.plan.repeat, 1);
  });

  test('the image comes from the environment passed in, not from the process', () => {
    const outcome = planScenarioText(killMaster, 'file.yaml', {}, { REDIS_HA_LAB_IMAGE: 'redis-ha-lab/redis:local' });
    assert.ok(outcome.ok);
    assert.equal(outcome.plan.lab.image, 'redis-ha-lab/redis:local');
  });

  const flagCases: { title: string; flags: ScenarioFlags; option: string; message: RegExp }[] = [
    {
      title: 'a bad lab flag is named as the flag, without a file line',
      flags: { downAfter: '10q' },
      option: '--down-after',
      message: /^--down-after '10q' is not allowed: use milliseconds/,
    },
    {
      title: '--traffic with an unknown client',
      flags: { traffic: 'sentinel,magic' },
      option: '--traffic',
      message: /--traffic 'magic' is not a client kind/,
    },
    {
      title: '--traffic-rate out of range',
      flags: { trafficRate: '0' },
      option: '--traffic-rate',
      message: /--traffic-rate '0' is not allowed: use writes per second from 1 to 1000/,
    },
    {
      title: '--traffic-wait not a number',
      flags: { trafficWait: 'x' },
      option: '--traffic-wait',
      message: /--traffic-wait 'x' is not allowed/,
    },
    {
      title: '--repeat above 100',
      flags: { repeat: '101' },
      option: '--repeat',
      message: /--repeat '101' is not allowed: use a whole number from 1 to 100/,
    },
    {
      title: '--runtime that does not exist',
      flags: { runtime: 'podman' },
      option: '--runtime',
      message: /--runtime 'podman' is not allowed: use auto, docker, local/,
    },
  ];
  for (const { title, flags, option, message } of flagCases) {
    test(title, () => {
      const [problem, ...rest] = problems(killMaster, flags);
      assert.equal(rest.length, 0);
      assert.ok(problem && !('line' in problem));
      assert.equal(problem.option, option);
      assert.match(problem.message, message);
    });
  }

  test("a bad value in the file is reported at its line, in the file's words", () => {
    const text = killMaster.replace('down-after: 2000', 'down-after: 10q');
    const [problem] = inFile(problems(text, {}));
    assert.equal(problem?.line, 4);
    assert.match(problem!.message, /^topology: down-after '10q' is not allowed/);
  });

  test('a flag that replaces a bad file value wins: the file value is not reported', () => {
    const text = killMaster.replace('down-after: 2000', 'down-after: 10q');
    assert.ok(planScenarioText(text, 'file.yaml', { downAfter: '1000' }, {}).ok);
  });

  test('problems in the file and on the command line are reported together', () => {
    const text = killMaster.replace('kill: master', 'kill: redis-replica-9');
    const all = problems(text, { trafficRate: '5000', repeat: '0' });
    assert.equal(inFile(all).length, 1);
    assert.deepEqual(
      onCommandLine(all).map((p) => p.option),
      ['--traffic-rate', '--repeat'],
    );
    const message = formatPlanProblems(all);
    assert.match(message, /^1 problem in the scenario:\n {2}file\.yaml:6:\d+: step 1 \(kill\): unknown node 'redis-replica-9'/);
    assert.match(message, /invalid options:\n {2}- --traffic-rate '5000'.*\n {2}- --repeat '0'/);
  });

  test('expect needs traffic, which --traffic can give', () => {
    const text = killMaster.replace('steps:', 'expect:\n  max-lost: 0\nsteps:');
    assert.match(inFile(problems(text, {}))[0]!.message, /'expect' judges the traffic/);
    const outcome = planScenarioText(text, 'file.yaml', { traffic: true }, {});
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.plan.scenario.traffic?.clients, ['sentinel']);
    assert.deepEqual(outcome.plan.scenario.expect, { maxLost: 0 });
  });

  test("traffic flags go on top of the file's traffic block", () => {
    const text = killMaster.replace('steps:', 'traffic:\n  clients: [direct]\n  rate: 20\nsteps:');
    const outcome = planScenarioText(text, 'file.yaml', { trafficWait: '1' }, {});
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.plan.scenario.traffic, { clients: ['direct'], rate: 20, wait: { replicas: 1, timeoutMs: 200 } });
  });

  test('client flags: each bad value is named once by its flag, and settings without clients are refused', () => {
    const problems = (flags: Record<string, string>) => {
      const planned = planScenario('kill-master', flags, {});
      return planned.ok ? [] : planned.problems.map((p) => ('option' in p ? p.option : 'file'));
    };
    assert.deepEqual(problems({ clients: 'jedis' }), ['--clients']);
    assert.deepEqual(problems({ clientCmd: 'python3 "x', clientProfile: 'fast' }), ['--client-cmd', '--client-profile']);
    assert.deepEqual(problems({ clientRate: '5' }), ['--clients']);
    const planned = planScenario('kill-master', { clients: 'all', clientProfile: 'default', clientOps: 'write,read' }, {});
    assert.ok(planned.ok);
    assert.deepEqual(
      { ...planned.plan.scenario.clients, builtins: planned.plan.scenario.clients?.builtins.length },
      { builtins: 5, all: true, profile: 'default', rate: 20, ops: ['write', 'read'], expect: {} },
    );
  });

  test('when: names lab settings and their values; anything else is reported at its line', () => {
    const text = [
      'name: w',
      'description: when',
      'steps:',
      '  - kill: master',
      '    when: { persistance: aof }',
      '  - kill: master',
      '    when: { persistence: disk }',
      '  - kill: master',
      '    when: yes',
      '',
    ].join('\n');
    const planned = planScenarioText(text, 'w.yaml', {}, {});
    assert.ok(!planned.ok);
    const messages = formatPlanProblems(planned.problems);
    assert.match(messages, /w\.yaml:5:\d+: step 1: 'when' cannot test 'persistance'; it tests persistence, sentinel/);
    assert.match(messages, /w\.yaml:7:\d+: step 2: when persistence 'disk' is not a value of persistence; use none, rdb, aof/);
    assert.match(messages, /w\.yaml:9:\d+: step 3: 'when' must be a map of lab settings/);
  });

  test('persistence comes from the topology or --persistence; a bad value names what each mode keeps', () => {
    const file = (mode: string) => `name: p\ndescription: persistence\ntopology:\n  persistence: ${mode}\nsteps:\n  - kill: master\n`;
    const fromFile = planScenarioText(file('aof'), 'p.yaml', {}, {});
    assert.ok(fromFile.ok && fromFile.plan.lab.persistence === 'aof');
    const fromFlag = planScenarioText(file('aof'), 'p.yaml', { persistence: 'rdb' }, {});
    assert.ok(fromFlag.ok && fromFlag.plan.lab.persistence === 'rdb');
    const bad = planScenarioText(file('disk'), 'p.yaml', {}, {});
    assert.ok(!bad.ok);
    assert.match(
      formatPlanProblems(bad.problems),
      /p\.yaml:4:\d+: topology: persistence 'disk' is not allowed: use none \(a restarted node comes back empty\), rdb/,
    );
  });

  test('clients: expect takes thresholds for all and, under a client name, for that one; a typo is reported', () => {
    const file = (expect: string) =>
      `name: c\ndescription: clients\nclients:\n  drivers: [ioredis, node-redis]\n  expect: ${expect}\nsteps:\n  - kill: master\n`;
    const planned = planScenarioText(file('{ recovers: true, node-redis: { max-lost: 0, max-outage: 2s } }'), 'c.yaml', {}, {});
    assert.ok(planned.ok, planned.ok ? '' : formatPlanProblems(planned.problems));
    assert.deepEqual(planned.plan.scenario.clients?.expect, {
      recovers: true,
      byClient: { 'node-redis': { maxLost: 0, maxOutageMs: 2000 } },
    });
    const typo = planScenarioText(file('{ noderedis: { max-lost: 0 } }'), 'c.yaml', {}, {});
    assert.ok(!typo.ok);
    assert.match(formatPlanProblems(typo.problems), /c\.yaml:5:\d+: clients: expect: unknown field 'noderedis'/);
  });

  test('engine-fault: needs engine sentinels, and the fields its fault takes', () => {
    const file = (step: string, sentinel = 'engine') =>
      `name: e\ndescription: engine faults\ntopology:\n  sentinel: ${sentinel}\nsteps:\n  - engine-fault: ${step}\n`;
    const ok = planScenarioText(file('{ fault: withhold-event, event: +switch-master, for: 30s }'), 'e.yaml', {}, {});
    assert.ok(ok.ok, ok.ok ? '' : formatPlanProblems(ok.problems));
    assert.equal(ok.plan.scenario.steps[0]!.title, 'withhold-event +switch-master on sentinels for 30s');
    const cases: [string, string, RegExp][] = [
      ['withhold-event', 'engine', /withhold-event needs 'event'/],
      ['{ fault: delay-hello }', 'engine', /delay-hello needs 'period'/],
      ['{ fault: mute-clients, period: 5s }', 'engine', /'period' is for delay-hello only/],
      [
        'mute-clients',
        'redis',
        /engine-fault needs engine sentinels, and this lab runs redis-sentinel only: run it with --sentinel engine or --sentinel mixed/,
      ],
      ['drop-votes', 'engine', /'fault' must be one of withhold-event, stale-master, delay-hello, mute-clients|fault/],
    ];
    for (const [step, sentinel, message] of cases) {
      const planned = planScenarioText(file(step, sentinel), 'e.yaml', {}, {});
      assert.ok(!planned.ok, step);
      assert.match(formatPlanProblems(planned.problems), message, step);
    }
  });

  test('a scenario that is neither a built-in nor a file is a problem of the argument', () => {
    const outcome = planScenario('no-such-scenario', {}, {});
    assert.ok(!outcome.ok);
    assert.match(
      formatPlanProblems(outcome.problems),
      /^no scenario 'no-such-scenario': not a built-in \(.*kill-master.*\) and no such file$/,
    );
  });

  test('a built-in plans by name, with the flags', () => {
    const outcome = planScenario('kill-master', { sentinel: 'engine', runtime: 'local' }, {});
    assert.ok(outcome.ok);
    assert.equal(outcome.plan.scenario.name, 'kill-master');
    assert.equal(outcome.plan.lab.sentinelKind, 'engine');
    assert.equal(outcome.plan.runtime, 'local');
  });
});
