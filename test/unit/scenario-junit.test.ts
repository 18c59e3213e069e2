import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatJunit } from '../../src/report/junit.js';
import type { ScenarioReport } from '../../src/report/scenario-report.js';
import { buildReport } from '../../src/report/scenario-report.js';
import type { RunRecord, StepRecord } from '../../src/scenario/run-record.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A small, strict XML reader, enough to prove the JUnit file is well-formed: one root element, balanced tags,
 * quoted and unique attributes, no raw '<' or '&' in text or attribute values, only the predefined entities,
 * and no control characters XML 1.0 forbids. Attribute values and text come back with entities decoded.
 */
function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${pos}: ${why}`);
  };
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) {
      pos = i;
      fail(`control character U+${code.toString(16).padStart(4, '0')}`);
    }
  }
  const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  const isNameChar = (c: string | undefined) =>
    c !== undefined &&
    ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.' || c === ':');
  const skipSpace = () => {
    while (isSpace(source[pos])) pos++;
  };
  const expect = (literal: string) => {
    if (!source.startsWith(literal, pos)) fail(`expected '${literal}'`);
    pos += literal.length;
  };
  const readName = (): string => {
    const start = pos;
    if (!isNameChar(source[pos]) || (source[pos]! >= '0' && source[pos]! <= '9') || source[pos] === '-' || source[pos] === '.')
      fail('expected a name');
    while (isNameChar(source[pos])) pos++;
    return source.slice(start, pos);
  };
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  /** Reads character data up to `stop`, decoding entities. */
  const readText = (stop: string): string => {
    let out = '';
    while (pos < source.length && source[pos] !== stop) {
      const c = source[pos]!;
      if (c === '<') fail("raw '<'");
      if (c === '&') {
        const end = source.indexOf(';', pos);
        if (end < 0) fail("'&' without ';'");
        const entity = source.slice(pos + 1, end);
        if (entity.startsWith('#x')) out += String.fromCodePoint(parseInt(entity.slice(2), 16));
        else if (entity.startsWith('#')) out += String.fromCodePoint(parseInt(entity.slice(1), 10));
        else if (entity in entities) out += entities[entity];
        else fail(`unknown entity &${entity};`);
        pos = end + 1;
        continue;
      }
      out += c;
      pos++;
    }
    return out;
  };
  const readElement = (): XmlElement => {
    expect('<');
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(source[pos]);
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return element;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (!hadSpace) fail('attributes must be separated by white space');
      const name = readName();
      if (name in element.attributes) fail(`duplicate attribute ${name}`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
      pos++;
      element.attributes[name] = readText(quote!);
      expect(quote!);
    }
    for (;;) {
      element.text += readText('<');
      if (pos >= source.length) fail(`<${element.name}> is never closed`);
      if (source.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== element.name) fail(`</${closing}> closes <${element.name}>`);
        skipSpace();
        expect('>');
        return element;
      }
      element.children.push(readElement());
    }
  };

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();
  const root = readElement();
  skipSpace();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

function only(parent: XmlElement, name: string): XmlElement {
  const found = parent.children.filter((c) => c.name === name);
  assert.equal(found.length, 1, `<${parent.name}> has ${found.length} <${name}>`);
  return found[0]!;
}

const T = Date.UTC(2025, 0, 15, 12, 0, 0);

function run(steps: StepRecord[], overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    scenario: {
      name: 'kill-master',
      description: 'd',
      file: 'scenarios/kill-master.yaml',
      topology: { options: {}, redisConfig: {}, replicaPriority: {} },
      steps: [],
      expect: {},
    },
    lab: 'redis-ha-lab',
    topology: buildTopology(parseLabOptions({}, {}), '172.28.1.0/24'),
    runtime: 'docker',
    bootedLab: false,
    startedAt: T,
    faultAt: T + 1000,
    endedAt: T + 12_345,
    steps,
    events: [],
    restore: { actions: [], findings: [], errors: [] },
    interrupted: false,
    ...overrides,
  };
}

const steps: StepRecord[] = [
  { index: 1, line: 8, kind: 'write', category: 'action', title: 'write 10 keys', status: 'done', startedAt: T, endedAt: T + 200 },
  { index: 2, line: 9, kind: 'kill', category: 'fault', title: 'kill master', status: 'done', startedAt: T + 1000, endedAt: T + 1100 },
  {
    index: 3,
    line: 10,
    kind: 'wait-event',
    category: 'wait',
    title: 'wait for +switch-master (≤30s)',
    status: 'passed',
    startedAt: T + 1100,
    endedAt: T + 5100,
  },
  { index: 4, line: 11, kind: 'wait', category: 'wait', title: 'wait 2 s', status: 'done', startedAt: T + 5100, endedAt: T + 7100 },
  {
    index: 5,
    line: 12,
    kind: 'assert-keys',
    category: 'assert',
    title: `keys 'a&b' are on "master" <new>`,
    status: 'failed',
    startedAt: T + 7100,
    endedAt: T + 7350,
    expected: "all 10 'a&b' keys on <redis-replica-1>",
    seen: '3 of 10 present (acknowledged by "redis-master")',
  },
  {
    index: 6,
    line: 13,
    kind: 'assert-role',
    category: 'assert',
    title: 'old-master is down',
    status: 'error',
    startedAt: T + 7350,
    endedAt: T + 9350,
    error: 'redis-master does not answer: connect ECONNREFUSED <127.0.0.1:6379> & gave up',
  },
  {
    index: 7,
    line: 14,
    kind: 'assert-rejoined',
    category: 'assert',
    title: 'old-master rejoined as a replica of the master',
    status: 'skipped',
  },
  { index: 8, line: 15, kind: 'wait-healthy', category: 'wait', title: 'wait until the lab is healthy (≤30s)', status: 'skipped' },
];

describe('formatJunit', () => {
  const report: ScenarioReport = buildReport(run(steps));
  const text = formatJunit(report);
  // Parsed inside the tests, so a malformed file fails a test rather than the whole suite's setup.
  let parsed: XmlElement | undefined;
  const root = () => (parsed ??= parseXml(text));
  const testsuite = () => only(root(), 'testsuite');
  const testcases = () => testsuite().children.filter((c) => c.name === 'testcase');

  test('is well-formed XML', () => {
    assert.doesNotThrow(() => parseXml(text));
  });

  test('starts with the XML declaration and ends with a newline', () => {
    assert.equal(text.split('\n')[0], '<?xml version="1.0" encoding="UTF-8"?>');
    assert.equal(text.endsWith('</testsuites>\n'), true);
  });

  test('is one <testsuites> holding one <testsuite> named after the scenario', () => {
    assert.equal(root().name, 'testsuites');
    assert.equal(testsuite().attributes.name, 'kill-master');
    assert.equal(testsuite().attributes.timestamp, '2025-01-15T12:00:00.000Z');
    assert.equal(testsuite().attributes.time, '12.345');
  });

  test('one testcase per check: assertions and condition waits, not actions, faults or fixed waits', () => {
    assert.deepEqual(
      testcases().map((c) => c.attributes.name),
      [
        '3. wait for +switch-master (≤30s)',
        `5. keys 'a&b' are on "master" <new>`,
        '6. old-master is down',
        '7. old-master rejoined as a replica of the master',
        '8. wait until the lab is healthy (≤30s)',
      ],
    );
  });

  test('the suite counts match its testcases', () => {
    const count = (child: string) => testcases().filter((c) => c.children.some((x) => x.name === child)).length;
    assert.deepEqual(
      {
        tests: testsuite().attributes.tests,
        failures: testsuite().attributes.failures,
        errors: testsuite().attributes.errors,
        skipped: testsuite().attributes.skipped,
      },
      { tests: '5', failures: '1', errors: '1', skipped: '2' },
    );
    assert.equal(Number(testsuite().attributes.tests), testcases().length);
    assert.equal(Number(testsuite().attributes.failures), count('failure'));
    assert.equal(Number(testsuite().attributes.errors), count('error'));
    assert.equal(Number(testsuite().attributes.skipped), count('skipped'));
  });

  test('each testcase carries the class, file, line and time of its step', () => {
    assert.deepEqual(
      testcases().map((c) => [c.attributes.classname, c.attributes.file, c.attributes.line, c.attributes.time]),
      [
        ['redis-ha-lab.kill-master', 'scenarios/kill-master.yaml', '10', '4.000'],
        ['redis-ha-lab.kill-master', 'scenarios/kill-master.yaml', '12', '0.250'],
        ['redis-ha-lab.kill-master', 'scenarios/kill-master.yaml', '13', '2.000'],
        ['redis-ha-lab.kill-master', 'scenarios/kill-master.yaml', '14', '0.000'],
        ['redis-ha-lab.kill-master', 'scenarios/kill-master.yaml', '15', '0.000'],
      ],
    );
  });

  test('a passed check is an empty testcase', () => {
    assert.deepEqual(testcases()[0]!.children, []);
    assert.equal(testcases()[0]!.text.trim(), '');
  });

  test('a failed check has a failure saying what was expected and what was seen, escaped', () => {
    const failure = only(testcases()[1]!, 'failure');
    const message = `expected all 10 'a&b' keys on <redis-replica-1>; seen 3 of 10 present (acknowledged by "redis-master")`;
    assert.equal(failure.attributes.message, message);
    assert.equal(failure.attributes.type, 'AssertionError');
    assert.equal(failure.text, message);
  });

  test('an errored check has an error with the step error', () => {
    const error = only(testcases()[2]!, 'error');
    assert.equal(error.attributes.message, 'redis-master does not answer: connect ECONNREFUSED <127.0.0.1:6379> & gave up');
    assert.equal(error.attributes.type, 'StepError');
    assert.equal(error.text, 'redis-master does not answer: connect ECONNREFUSED <127.0.0.1:6379> & gave up');
  });

  test('a check not reached is skipped', () => {
    for (const c of [testcases()[3]!, testcases()[4]!]) {
      const skipped = only(c, 'skipped');
      assert.equal(skipped.attributes.message, 'an earlier step did not pass');
    }
  });

  test('special characters are escaped, not left raw', () => {
    assert.ok(text.includes('name="5. keys \'a&amp;b\' are on &quot;master&quot; &lt;new&gt;"'), text);
    assert.equal(text.includes('"master" <new>'), false);
  });

  test('a scenario name and file with special characters stay well-formed', () => {
    const odd = buildReport(
      run(steps.slice(2, 3), {
        scenario: {
          name: 'a&b<c>"d"',
          description: 'd',
          file: 'dir "x"/a&b.yaml',
          topology: { options: {}, redisConfig: {}, replicaPriority: {} },
          steps: [],
          expect: {},
        },
      }),
    );
    const doc = parseXml(formatJunit(odd));
    const oddSuite = only(doc, 'testsuite');
    assert.equal(oddSuite.attributes.name, 'a&b<c>"d"');
    const testcase = only(oddSuite, 'testcase');
    assert.equal(testcase.attributes.classname, 'redis-ha-lab.a&b<c>"d"');
    assert.equal(testcase.attributes.file, 'dir "x"/a&b.yaml');
  });

  test('control characters XML 1.0 forbids are dropped from titles', () => {
    const bell = buildReport(run([{ ...steps[2]!, title: 'wait\u0007 for\u001b[31m red' }]));
    const doc = parseXml(formatJunit(bell));
    assert.equal(only(only(doc, 'testsuite'), 'testcase').attributes.name, '3. wait for[31m red');
  });

  test('a run with no checks is an empty suite', () => {
    const none = parseXml(formatJunit(buildReport(run(steps.slice(0, 2)))));
    const emptySuite = only(none, 'testsuite');
    assert.equal(emptySuite.attributes.tests, '0');
    assert.equal(emptySuite.attributes.failures, '0');
    assert.deepEqual(emptySuite.children, []);
  });
});

describe('the XML checker used above', () => {
  const bad: [string, string][] = [
    ['crossed tags', '<a><b></a></b>'],
    ['an unclosed tag', '<a><b/>'],
    ['a raw ampersand in text', '<a>x & y</a>'],
    ['a raw < in an attribute', '<a x="1<2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['two roots', '<a/><b/>'],
    ['a control character', '<a>\u0007</a>'],
  ];
  for (const [title, xml] of bad) {
    test(`rejects ${title}`, () => {
      assert.throws(() => parseXml(xml), /not well-formed XML/);
    });
  }

  test('reads nested elements, attributes and entities', () => {
    assert.deepEqual(parseXml('<?xml version="1.0"?>\n<a k="x &amp; &quot;y&quot;"><b/>t&lt;</a>\n'), {
      name: 'a',
      attributes: { k: 'x & "y"' },
      children: [{ name: 'b', attributes: {}, children: [], text: '' }],
      text: 't<',
    });
  });
});

describe('formatJunit when a step that is not a check stops the run', () => {
  test('the failed action is a testcase with its failure, so CI shows why the run stopped', () => {
    const stopped: StepRecord[] = [
      {
        index: 1,
        line: 5,
        kind: 'command',
        category: 'action',
        title: 'WAIT 2 2000 on master',
        status: 'failed',
        startedAt: T,
        endedAt: T + 10,
        expected: 'reply 2',
        seen: 'reply 1',
      },
      {
        index: 2,
        line: 6,
        kind: 'kill',
        category: 'fault',
        title: 'kill master',
        status: 'error',
        startedAt: T + 10,
        endedAt: T + 20,
        error: "'master' needs exactly one master",
      },
      { index: 3, line: 7, kind: 'assert-role', category: 'assert', title: 'old-master is down', status: 'skipped' },
    ];
    const report = buildReport(run(stopped));
    const suite = only(parseXml(formatJunit(report)), 'testsuite');
    assert.equal(suite.attributes.tests, '3');
    assert.equal(suite.attributes.failures, '1');
    assert.equal(suite.attributes.errors, '1');
    assert.equal(report.assertions.failed, 2);
    assert.match(formatJunit(report), /expected reply 2; seen reply 1/);
  });
});

describe('formatJunit with traffic', () => {
  test('carries the traffic figures as suite properties', () => {
    const report = buildReport(
      run(steps.slice(0, 3), {
        traffic: {
          options: { clients: ['sentinel'], rate: 100 },
          attempts: [
            {
              client: 'sentinel',
              seq: 1,
              key: 'traffic:sentinel:1',
              value: 'v',
              startedAt: T + 900,
              endedAt: T + 902,
              ok: true,
              node: 'redis-master',
            },
          ],
          finalMaster: 'redis-replica-1',
          check: { attempted: 1, acknowledged: 1, present: 0, lost: [], failed: 0, indeterminate: 0 },
          stopwatch: {
            firstSdown: 1100,
            odown: 1200,
            leaderElected: null,
            promoted: 1500,
            firstSwitch: 2200,
            allSwitched: 3300,
            newMasterAcceptsWrites: null,
            clients: { sentinel: { recovered: 2300, outageMs: 2400, lastOkBefore: -98, firstOkAfter: 2300, failedAfterFault: true } },
          },
          expectations: [],
        },
      }),
    );
    const suite = only(parseXml(formatJunit(report)), 'testsuite');
    const props = only(suite, 'properties').children.map((p) => [p.attributes.name, p.attributes.value]);
    assert.deepEqual(
      props.find(([name]) => name === 'failover.firstSwitch.ms'),
      ['failover.firstSwitch.ms', '2200'],
    );
    assert.deepEqual(
      props.find(([name]) => name === 'outage.sentinel.ms'),
      ['outage.sentinel.ms', '2400'],
    );
    assert.equal(
      props.find(([name]) => name === 'failover.leaderElected.ms'),
      undefined,
      'phases that did not happen are left out',
    );
  });
});
