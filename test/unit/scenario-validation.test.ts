import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { scenariosDir } from '../../src/common/package-paths.js';
import type { ScenarioFlags } from '../../src/scenario/plan-scenario.js';
import { formatPlanProblems, planScenarioText } from '../../src/scenario/plan-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { stepKinds } from '../../src/scenario/steps/registry.js';
import type { Problem } from '../../src/scenario/yaml-source.js';

const validKinds = stepKinds.map((k) => k.kind).join(', ');
const defaultNodeNames = 'redis-master, redis-replica-1, redis-replica-2, redis-sentinel-1, redis-sentinel-2, redis-sentinel-3';

/** Plans a scenario and expects it to be rejected: returns the problems in the file, in line order. */
function problemsOf(text: string, flags: ScenarioFlags = {}): Problem[] {
  const outcome = planScenarioText(text, 'file.yaml', flags, {});
  assert.ok(!outcome.ok, 'expected problems, but the scenario is valid');
  return outcome.problems.filter((p): p is Problem => 'line' in p);
}

/** A scenario with a valid header and the given step lines (each already starting with '- '); steps begin on line 4. */
function withSteps(...steps: string[]): string {
  return ['name: t', 'description: a test scenario', 'steps:', ...steps.map((s) => `  ${s}`), ''].join('\n');
}

/** Step arguments as plain data: fields left undefined (an optional field not given) drop out. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function parse(text: string, flags: ScenarioFlags = {}, file = 'file.yaml'): Scenario {
  const outcome = planScenarioText(text, file, flags, {});
  if (!outcome.ok) assert.fail(formatPlanProblems(outcome.problems));
  return outcome.plan.scenario;
}

describe('built-in scenarios', () => {
  const files = readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  test('there are built-in scenarios to check', () => {
    assert.ok(files.includes('kill-master.yaml'), `kill-master.yaml missing from ${files.join(', ')}`);
    assert.ok(files.length >= 10, `only ${files.length} built-in scenarios`);
  });

  for (const file of files) {
    test(`${file} is valid, named after its file, and every step keeps its line`, () => {
      const text = readFileSync(join(scenariosDir, file), 'utf8');
      const scenario = parse(text, {}, file);
      assert.equal(scenario.name, basename(file, '.yaml'));
      assert.ok(scenario.description.length > 20, 'the description says what the scenario shows');
      const stepLines = text.split('\n').flatMap((line, i) => (line.startsWith('  - ') ? [i + 1] : []));
      assert.deepEqual(
        scenario.steps.map((s) => s.line),
        stepLines,
      );
      assert.deepEqual(
        scenario.steps.map((s) => s.index),
        stepLines.map((_, i) => i + 1),
      );
      for (const step of scenario.steps) assert.ok(step.title.length > 0, `step ${step.index} has a title`);
    });
  }
});

describe('a valid scenario', () => {
  test('keeps name, trimmed description, topology settings and redis-config', () => {
    const scenario = parse(
      [
        'name: my-lab',
        'description: |',
        '  Kills the master.',
        'topology:',
        '  replicas: 3',
        '  down-after: 1s',
        '  redis-config:',
        '    min-replicas-to-write: 1',
        'steps:',
        '  - kill: master',
        '',
      ].join('\n'),
    );
    assert.equal(scenario.name, 'my-lab');
    assert.equal(scenario.description, 'Kills the master.');
    assert.equal(scenario.file, 'file.yaml');
    assert.deepEqual(scenario.topology, {
      options: { replicas: '3', downAfter: '1s' },
      redisConfig: { 'min-replicas-to-write': '1' },
      replicaPriority: {},
    });
  });

  test('CLI overrides win over the file topology, and steps are checked against the result', () => {
    const text = ['name: t', 'description: d', 'topology:', '  replicas: 2', 'steps:', '  - kill: redis-replica-3', ''].join('\n');
    const problems = problemsOf(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /unknown node 'redis-replica-3'/);
    const outcome = planScenarioText(text, 'file.yaml', { replicas: '3' }, {});
    assert.ok(outcome.ok);
    assert.equal(outcome.plan.lab.replicas, 3);
    assert.equal(outcome.plan.scenario.topology.options.replicas, '2', "the scenario keeps the file's own settings");
    assert.deepEqual(plain(outcome.plan.scenario.steps[0]!.args), { nodes: ['redis-replica-3'] });
  });

  const steps: { title: string; yaml: string[]; kind: string; args: unknown; stepTitle?: string }[] = [
    { title: 'a shorthand node', yaml: ['- kill: master'], kind: 'kill', args: { nodes: ['master'] }, stepTitle: 'kill master' },
    { title: 'a list of nodes', yaml: ['- stop: [sentinel-2, sentinel-3]'], kind: 'stop', args: { nodes: ['sentinel-2', 'sentinel-3'] } },
    {
      title: 'a title beside the kind',
      yaml: ['- kill: master', '  title: crash it'],
      kind: 'kill',
      args: { nodes: ['master'] },
      stepTitle: 'crash it',
    },
    {
      title: 'a title among the fields',
      yaml: ['- kill: { node: master, title: inner }'],
      kind: 'kill',
      args: { nodes: ['master'] },
      stepTitle: 'inner',
    },
    { title: 'wait in seconds', yaml: ['- wait: 2s'], kind: 'wait', args: { ms: 2000 }, stepTitle: 'wait 2 s' },
    { title: 'wait in ms', yaml: ['- wait: 1500ms'], kind: 'wait', args: { ms: 1500 } },
    { title: 'wait as a bare number of ms', yaml: ['- wait: 2000'], kind: 'wait', args: { ms: 2000 } },
    {
      title: 'wait-event defaults',
      yaml: ['- wait-event: +switch-master'],
      kind: 'wait-event',
      args: { event: '+switch-master', timeoutMs: 30000, count: 1 },
    },
    {
      title: 'wait-event from all sentinels',
      yaml: ['- wait-event: { event: +switch-master, count: all, timeout: 10s }'],
      kind: 'wait-event',
      args: { event: '+switch-master', timeoutMs: 10000, count: 'all' },
      stepTitle: 'wait for +switch-master from all sentinels (≤10s)',
    },
    {
      title: 'wait-event on a master instance',
      yaml: ['- wait-event: { event: +sdown, instance: master, count: 2 }'],
      kind: 'wait-event',
      args: { event: '+sdown', timeoutMs: 30000, count: 2, instance: 'master' },
    },
    {
      title: 'replica#N',
      yaml: ['- assert-role: { node: "replica#2", role: replica }'],
      kind: 'assert-role',
      args: { node: 'replica#2', role: 'replica' },
    },
    {
      title: 'a partition with rest',
      yaml: ['- partition: [[old-master, sentinel-1], [rest]]'],
      kind: 'partition',
      args: { groups: [['old-master', 'sentinel-1'], ['rest']] },
    },
    { title: 'an empty map for a step without fields', yaml: ['- heal: {}'], kind: 'heal', args: {} },
    {
      title: 'assert-keys defaults to the master',
      yaml: ['- assert-keys: { written: x, present: false }'],
      kind: 'assert-keys',
      args: { label: 'x', on: 'master', present: false },
    },
    {
      title: 'write defaults',
      yaml: ['- write: {}'],
      kind: 'write',
      args: { node: 'master', keys: 1, prefix: 'writes', label: 'writes', expect: 'ok' },
    },
    {
      title: 'command words from a string',
      yaml: ['- command: { node: replica-1, args: "CONFIG SET replica-priority 0" }'],
      kind: 'command',
      args: { node: 'replica-1', words: ['CONFIG', 'SET', 'replica-priority', '0'], fault: false },
    },
    {
      title: 'a command that is the fault',
      yaml: ['- command: { node: master, args: [FAILOVER], fault: true }'],
      kind: 'command',
      args: { node: 'master', words: ['FAILOVER'], fault: true },
    },
  ];
  for (const { title, yaml, kind, args, stepTitle } of steps) {
    test(`step: ${title}`, () => {
      const [step] = parse(withSteps(...yaml)).steps;
      assert.ok(step);
      assert.equal(step.kind.kind, kind);
      assert.equal(step.index, 1);
      assert.equal(step.line, 4);
      assert.deepEqual(plain(step.args), args);
      if (stepTitle !== undefined) assert.equal(step.title, stepTitle);
    });
  }
});

describe('aliases', () => {
  test('an alias used before `as:` binds it is an unknown node; after, it is valid', () => {
    const problems = problemsOf(
      withSteps(
        '- assert-role: { node: victim, role: down }',
        '- kill: { node: master, as: victim }',
        '- assert-role: { node: victim, role: down }',
      ),
    );
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [[4, 26]],
    );
    assert.match(problems[0]!.message, /^step 1 \(assert-role\): unknown node 'victim': use a node name/);
  });

  test('a bound alias is accepted, and a later typo lists the aliases bound so far', () => {
    const scenario = parse(withSteps('- kill: { node: master, as: victim }', '- start: victim'));
    assert.deepEqual(plain(scenario.steps[1]!.args), { nodes: ['victim'] });
    const problems = problemsOf(withSteps('- kill: { node: master, as: victim }', '- start: victm'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 5);
    assert.match(problems[0]!.message, /unknown node 'victm'.*, or an alias bound earlier \(victim\)$/);
  });

  test('a step cannot use the alias it binds itself', () => {
    const problems = problemsOf(withSteps('- kill: { node: victim, as: victim }'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /unknown node 'victim'/);
  });
});

describe('one problem per bad step, with its position', () => {
  // Each row is one step on line 4 of an otherwise valid file.
  const cases: { title: string; step: string; column: number; message: string | RegExp }[] = [
    {
      title: 'unknown step kind',
      step: '- kil: master',
      column: 5,
      message: `step 1: unknown step kind 'kil'; valid kinds: ${validKinds}`,
    },
    {
      title: 'bad duration',
      step: '- wait: 2x',
      column: 11,
      message: "step 1 (wait): 'for' must be a duration up to 3600 s, e.g. 30s, 1500ms or 2000",
    },
    { title: 'negative duration', step: '- wait: -1', column: 11, message: /'for' must be a duration/ },
    { title: 'duration in an unknown unit', step: '- wait: 2h', column: 11, message: /'for' must be a duration/ },
    { title: 'duration over the limit', step: '- wait: 5000s', column: 11, message: /'for' must be a duration up to 3600 s/ },
    {
      title: 'bad timeout',
      step: '- wait-event: { event: +odown, timeout: soon }',
      column: 43,
      message: /^step 1 \(wait-event\): 'timeout' must be a duration/,
    },
    { title: 'missing required field', step: '- sleep: { node: master }', column: 12, message: "step 1 (sleep): missing field 'seconds'" },
    {
      title: 'missing required field without a default',
      step: '- assert-keys: { present: false }',
      column: 18,
      message: "step 1 (assert-keys): missing field 'written'",
    },
    {
      title: 'value not in the allowed list',
      step: '- assert-role: { node: master, role: leader }',
      column: 40,
      message: "step 1 (assert-role): 'role' is 'leader'; allowed: master, replica, down",
    },
    {
      title: 'number out of range',
      step: '- write: { keys: 0 }',
      column: 20,
      message: "step 1 (write): 'keys' must be a whole number from 1 to 100000",
    },
    {
      title: 'not a boolean',
      step: '- assert-ckquorum: { ok: maybe }',
      column: 28,
      message: "step 1 (assert-ckquorum): 'ok' must be true or false",
    },
    {
      title: 'bad count',
      step: '- wait-event: { event: +odown, count: many }',
      column: 41,
      message: "step 1 (wait-event): 'count' must be a whole number of sentinels, or all",
    },
    { title: 'zero count', step: '- wait-event: { event: +odown, count: 0 }', column: 41, message: /'count' must be a whole number/ },
    {
      title: 'empty command',
      step: '- command: { node: master, args: [] }',
      column: 36,
      message: /^step 1 \(command\): 'args' must be a command/,
    },
    { title: 'one partition group', step: '- partition: [[master]]', column: 16, message: /'groups' must be at least two lists of nodes/ },
    {
      title: 'rest twice',
      step: '- partition: [[rest], [rest]]',
      column: 16,
      message: "step 1 (partition): 'rest' may appear in one group only",
    },
    {
      title: 'rest outside a partition',
      step: '- kill: rest',
      column: 11,
      message: "step 1 (kill): 'rest' is only allowed in a partition group",
    },
    {
      title: 'alias with capitals',
      step: '- kill: { node: master, as: Victim }',
      column: 31,
      message: "step 1 (kill): alias 'Victim' must be lowercase letters, digits and '-'",
    },
    {
      title: 'alias for several nodes',
      step: '- kill: { node: [master, "replica#1"], as: x }',
      column: 46,
      message: "step 1 (kill): 'as' binds one node, but 'node' lists several",
    },
    {
      title: 'a number as a node',
      step: '- kill: 42',
      column: 11,
      message: "step 1 (kill): 'node' must be a node name or role, or a list of them",
    },
    {
      title: 'unknown node in a list',
      step: '- kill: [master, replica-9]',
      column: 20,
      message: /^step 1 \(kill\): unknown node 'replica-9'/,
    },
    {
      title: 'group where one node is required',
      step: '- assert-role: { node: replicas, role: master }',
      column: 26,
      message: "step 1 (assert-role): 'replicas' names several nodes; this field takes one node",
    },
    { title: 'group for a sentinel', step: '- failover: replicas', column: 15, message: /'replicas' names several nodes/ },
    { title: 'replica#0', step: '- assert-role: { node: "replica#0", role: master }', column: 26, message: /unknown node 'replica#0'/ },
    {
      title: 'unknown field',
      step: '- kill: { node: master, force: true }',
      column: 27,
      message: "step 1 (kill): unknown field 'force'; allowed: title, node, as",
    },
    {
      title: 'unknown field on a step that takes only a title',
      step: '- heal: { now: true }',
      column: 13,
      message: "step 1 (heal): unknown field 'now'; allowed: title",
    },
    { title: 'a step with only a title', step: '- title: just words', column: 5, message: /^step 1: a step is one kind with its fields/ },
  ];
  for (const { title, step, column, message } of cases) {
    test(title, () => {
      const problems = problemsOf(withSteps(step));
      assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
      const [problem] = problems;
      assert.equal(problem!.file, 'file.yaml');
      assert.equal(problem!.line, 4);
      assert.equal(problem!.column, column);
      if (typeof message === 'string') assert.equal(problem!.message, message);
      else assert.match(problem!.message, message);
    });
  }
});

describe('problems reported precisely', () => {
  test('a typo `nod:` says the field is unknown, lists the allowed fields, and that node is missing', () => {
    assert.deepEqual(problemsOf(withSteps('- kill: { nod: master }')), [
      { file: 'file.yaml', line: 4, column: 11, message: "step 1 (kill): missing field 'node'" },
      { file: 'file.yaml', line: 4, column: 13, message: "step 1 (kill): unknown field 'nod'; allowed: title, node, as" },
    ]);
  });

  test('an unknown node lists every node of the topology', () => {
    assert.deepEqual(problemsOf(withSteps('- kill: redis-replica-7')), [
      {
        file: 'file.yaml',
        line: 4,
        column: 11,
        message:
          `step 1 (kill): unknown node 'redis-replica-7': use a node name (${defaultNodeNames}), ` +
          'a role (master, new-master, old-master, replica, sentinel, replica#N), a group (replicas, sentinels, all)',
      },
    ]);
  });

  test('an unknown top-level key lists the keys a scenario has', () => {
    assert.deepEqual(problemsOf(withSteps('- kill: master') + 'colour: red\n'), [
      {
        file: 'file.yaml',
        line: 5,
        column: 1,
        message: "unknown key 'colour'; a scenario has: name, description, topology, traffic, clients, expect, steps",
      },
    ]);
  });

  test('two kinds in one step', () => {
    assert.deepEqual(problemsOf(withSteps('- kill: master', '  stop: master')), [
      {
        file: 'file.yaml',
        line: 4,
        column: 5,
        message: `step 1: a step is one kind with its fields, e.g. '- kill: master' or '- wait-event: { event: +switch-master }'; valid kinds: ${validKinds}`,
      },
    ]);
  });

  test('empty steps', () => {
    assert.deepEqual(problemsOf('name: t\ndescription: d\nsteps: []\n'), [
      { file: 'file.yaml', line: 3, column: 8, message: "'steps' must be a non-empty list, e.g. - kill: master" },
    ]);
  });

  test('steps left out', () => {
    assert.deepEqual(problemsOf('name: t\ndescription: d\n'), [
      { file: 'file.yaml', line: 1, column: 1, message: "'steps' must be a non-empty list, e.g. - kill: master" },
    ]);
  });

  test('invalid YAML syntax is reported with its position', () => {
    const problems = problemsOf('name: t\ndescription: d\nsteps:\n  - kill: [master\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, 'file.yaml');
    assert.equal(problems[0]!.line, 5);
    assert.match(problems[0]!.message, /^not valid YAML: /);
  });

  test('a duplicate key is invalid YAML', () => {
    const problems = problemsOf('name: t\nname: u\ndescription: d\nsteps:\n  - kill: master\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 2);
    assert.match(problems[0]!.message, /^not valid YAML: .*unique/);
  });

  const wholeFile: { title: string; text: string; message: string }[] = [
    { title: 'an empty file', text: '', message: 'the file is empty' },
    { title: 'a file of comments', text: '# nothing yet\n', message: 'the file is empty' },
    {
      title: 'a list instead of a map',
      text: '- kill: master\n',
      message: 'a scenario is a map with name, description, topology, traffic, clients, expect, steps',
    },
  ];
  for (const { title, text, message } of wholeFile) {
    test(title, () => {
      assert.deepEqual(problemsOf(text), [{ file: 'file.yaml', line: 1, column: 1, message }]);
    });
  }

  test('name and description are checked', () => {
    assert.deepEqual(problemsOf('name: Kill_Master\nsteps:\n  - kill: master\n'), [
      // Sorted by line and column.
      { file: 'file.yaml', line: 1, column: 1, message: "'description' must say what the scenario shows" },
      { file: 'file.yaml', line: 1, column: 7, message: "'name' must be lowercase letters, digits and '-' (e.g. kill-master)" },
    ]);
  });
});

describe('topology problems', () => {
  const cases: { title: string; topology: string[]; line: number; message: RegExp }[] = [
    // The offending key is the first of the map, so the line holds whether the problem points at the key or the map.
    {
      title: 'quorum larger than sentinels',
      topology: ['  quorum: 4', '  sentinels: 3'],
      line: 4,
      message: /quorum '?4'? is larger than (--)?sentinels '?3'?/,
    },
    {
      title: 'too many replicas',
      topology: ['  replicas: 99'],
      line: 4,
      message: /replicas '?99'? is not allowed: use a whole number from 0 to 20/,
    },
    { title: 'bad down-after', topology: ['  down-after: soon'], line: 4, message: /down-after '?soon'? is not allowed/ },
    {
      title: 'unknown setting',
      topology: ['  replica: 3'],
      line: 4,
      message:
        /^unknown topology setting 'replica'; allowed: replicas, sentinels, quorum, down-after, failover-timeout, parallel-syncs, password, sentinel, persistence, layout, redis-config, replica-priority$/,
    },
    { title: 'a list as a value', topology: ['  replicas: [1, 2]'], line: 4, message: /^topology 'replicas' must be a single value$/ },
    {
      title: 'redis-config not a map',
      topology: ['  redis-config: 1'],
      line: 4,
      message: /^'redis-config' must be a map of redis.conf settings/,
    },
    {
      title: 'redis-config with a list value',
      topology: ['  redis-config:', '    save: [1, 2]'],
      line: 5,
      message: /^redis-config 'save' must be a redis.conf name with a single value$/,
    },
  ];
  for (const { title, topology, line, message } of cases) {
    test(title, () => {
      const text = ['name: t', 'description: d', 'topology:', ...topology, 'steps:', '  - kill: master', ''].join('\n');
      const problems = problemsOf(text);
      assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
      assert.equal(problems[0]!.line, line);
      assert.match(problems[0]!.message, message);
    });
  }

  test('a valid quorum equal to the number of sentinels', () => {
    const scenario = parse(
      ['name: t', 'description: d', 'topology:', '  sentinels: 5', '  quorum: 5', 'steps:', '  - kill: sentinel-5', ''].join('\n'),
    );
    assert.deepEqual(scenario.topology.options, { sentinels: '5', quorum: '5' });
  });
});

describe('a malformed file reports every problem at once', () => {
  const text = [
    'name: bad', //                                       1
    'description: many problems', //                      2
    'topology:', //                                       3
    '  replicas: 2', //                                   4
    'steps:', //                                          5
    '  - kil: master', //                                 6 unknown kind
    '  - kill: { nod: master }', //                       7 unknown field + missing node
    '  - kill: redis-replica-7', //                       8 unknown node
    '  - assert-role: { node: replicas, role: master }', // 9 group where one node is required
    '  - wait: 2x', //                                    10 bad duration
    '  - assert-role: { node: master }', //               11 missing role
    '  - kill: master', //                                12 two kinds
    '    stop: master', //                                13
    '  - assert-role: { node: victim, role: down }', //   14 alias before it is bound
    '  - kill: { node: master, as: victim }', //          15 binds victim
    '  - assert-role: { node: victim, role: down }', //   16 valid
    'colour: red', //                                     17 unknown top-level key
    '',
  ].join('\n');

  const expected: { line: number; includes: string[] }[] = [
    { line: 6, includes: ["step 1: unknown step kind 'kil'", `valid kinds: ${validKinds}`] },
    { line: 7, includes: ["step 2 (kill): missing field 'node'"] },
    { line: 7, includes: ["step 2 (kill): unknown field 'nod'", 'allowed: title, node, as'] },
    { line: 8, includes: ["step 3 (kill): unknown node 'redis-replica-7'", defaultNodeNames] },
    { line: 9, includes: ["step 4 (assert-role): 'replicas' names several nodes; this field takes one node"] },
    { line: 10, includes: ["step 5 (wait): 'for' must be a duration"] },
    { line: 11, includes: ["step 6 (assert-role): missing field 'role'"] },
    { line: 12, includes: ['step 7: a step is one kind with its fields'] },
    { line: 14, includes: ["step 8 (assert-role): unknown node 'victim'"] },
    { line: 17, includes: ["unknown key 'colour'"] },
  ];

  test('the plan holds them all, each with its own line', () => {
    const problems = problemsOf(text);
    assert.deepEqual(
      problems.map((p) => p.line),
      expected.map((e) => e.line),
    );
    problems.forEach((problem, i) => {
      assert.equal(problem.file, 'file.yaml');
      for (const fragment of expected[i]!.includes)
        assert.ok(problem.message.includes(fragment), `line ${problem.line}: '${problem.message}' lacks '${fragment}'`);
    });
  });

  test('the message people read counts the problems and shows each as file:line:column', () => {
    const outcome = planScenarioText(text, 'bad.yaml', {}, {});
    assert.ok(!outcome.ok);
    const message = formatPlanProblems(outcome.problems);
    const lines = message.split('\n');
    assert.equal(lines[0], '10 problems in the scenario:');
    assert.ok(lines.includes("  bad.yaml:7:13: step 2 (kill): unknown field 'nod'; allowed: title, node, as"), message);
    assert.ok(lines.includes("  bad.yaml:10:11: step 5 (wait): 'for' must be a duration up to 3600 s, e.g. 30s, 1500ms or 2000"), message);
    assert.ok(
      lines.includes("  bad.yaml:17:1: unknown key 'colour'; a scenario has: name, description, topology, traffic, clients, expect, steps"),
      message,
    );
  });

  test('a single problem is counted in the singular', () => {
    const outcome = planScenarioText(withSteps('- kill: rest'), 'one.yaml', {}, {});
    assert.ok(!outcome.ok);
    assert.equal(
      formatPlanProblems(outcome.problems),
      "1 problem in the scenario:\n  one.yaml:4:11: step 1 (kill): 'rest' is only allowed in a partition group",
    );
  });
});

describe('follow-up fixes', () => {
  test('CLI overrides that break the topology are reported at the file line, naming the flag', () => {
    const problems = problemsOf('name: t\ndescription: d\ntopology:\n  quorum: 3\nsteps:\n  - kill: master\n', { sentinels: '2' });
    assert.ok(
      problems.some((p) => /topology: quorum 3 is larger than --sentinels 2/.test(p.message) && p.line === 4),
      problems.map((p) => p.message).join('\n'),
    );
  });

  test('an alias may not hide a role or a node name', () => {
    const problems = problemsOf('name: t\ndescription: d\nsteps:\n  - kill: { node: master, as: master }\n');
    assert.ok(problems.some((p) => /alias 'master' would hide a node name or role/.test(p.message)));
  });

  test('a typo beside count lists count among the allowed fields', () => {
    const problems = problemsOf('name: t\ndescription: d\nsteps:\n  - wait-event: { event: +odown, cout: 2 }\n');
    assert.ok(problems.some((p) => /unknown field 'cout'; allowed: .*count/.test(p.message)));
  });
});

describe('per-node replica-priority in the topology', () => {
  test('is read by node name (long or short) and checked against the lab', () => {
    const ok = parse(
      'name: t\ndescription: d\ntopology:\n  replica-priority:\n    replica-1: 0\n    redis-replica-2: 10\nsteps:\n  - kill: master\n',
    );
    assert.deepEqual(ok.topology.replicaPriority, { 'redis-replica-1': 0, 'redis-replica-2': 10 });
    const problems = problemsOf(
      'name: t\ndescription: d\ntopology:\n  replica-priority:\n    redis-replica-5: 0\n    replica-1: -1\nsteps:\n  - kill: master\n',
    );
    assert.ok(problems.some((p) => p.line === 5 && /'redis-replica-5' is not a redis node of this lab/.test(p.message)));
    assert.ok(problems.some((p) => p.line === 6 && /must be a whole number from 0/.test(p.message)));
  });
});
