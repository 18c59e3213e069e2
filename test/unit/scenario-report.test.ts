import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineEvent } from '../../src/observe/timeline.js';
import { buildReport, formatOffset, isCheck } from '../../src/report/scenario-report.js';
import { formatTimeline } from '../../src/report/timeline-text.js';
import { formatVerdict } from '../../src/report/verdict.js';
import type { RunRecord, StepRecord, StepStatus } from '../../src/scenario/run-record.js';
import { runPassed } from '../../src/scenario/run-record.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';

const T = Date.UTC(2025, 0, 15, 12, 0, 0); // the run starts
const FAULT = T + 5000; // the kill step
/** The classic lab on a fixed subnet: redis-master is 172.28.1.10, redis-replica-1 172.28.1.11. */
const topology = buildTopology(parseLabOptions({}, {}), '172.28.1.0/24');

/** A kill-master run, written out by hand: a write, the kill, the event wait, a fixed wait, three assertions. */
function record(overrides: Partial<RunRecord> = {}): RunRecord {
  const steps: StepRecord[] = [
    {
      index: 1,
      line: 8,
      kind: 'write',
      category: 'action',
      title: 'write 100 keys before-fault:* to master',
      status: 'done',
      startedAt: T + 1000,
      endedAt: T + 1500,
      detail: '100 keys on redis-master',
    },
    {
      index: 2,
      line: 9,
      kind: 'kill',
      category: 'fault',
      title: 'kill master',
      status: 'done',
      startedAt: FAULT,
      endedAt: FAULT + 100,
      detail: 'kill: redis-master',
    },
    {
      index: 3,
      line: 10,
      kind: 'wait-event',
      category: 'wait',
      title: 'wait for +switch-master from all sentinels (≤30s)',
      status: 'passed',
      startedAt: FAULT + 100,
      endedAt: FAULT + 4100,
      detail: '+switch-master from redis-sentinel-1',
    },
    {
      index: 4,
      line: 11,
      kind: 'wait',
      category: 'wait',
      title: 'wait 2 s',
      status: 'done',
      startedAt: FAULT + 4100,
      endedAt: FAULT + 6100,
    },
    {
      index: 5,
      line: 12,
      kind: 'assert-role',
      category: 'assert',
      title: 'old-master is down',
      status: 'failed',
      startedAt: FAULT + 6100,
      endedAt: FAULT + 6200,
      expected: 'redis-master is down',
      seen: 'redis-master is master',
    },
    {
      index: 6,
      line: 13,
      kind: 'assert-keys',
      category: 'assert',
      title: "keys 'before-fault' are on master",
      status: 'error',
      startedAt: FAULT + 6200,
      endedAt: FAULT + 8200,
      error: 'redis-replica-1 does not answer: timeout',
    },
    {
      index: 7,
      line: 14,
      kind: 'assert-replicas-follow',
      category: 'assert',
      title: 'every replica follows master with its link up',
      status: 'skipped',
    },
  ];
  const events: TimelineEvent[] = [
    { at: T + 1000, kind: 'step', source: 'runner', name: 'start', detail: '1. write 100 keys before-fault:* to master' },
    { at: FAULT, kind: 'step', source: 'runner', name: 'start', detail: '2. kill master' },
    { at: FAULT + 1050, kind: 'sentinel', source: 'redis-sentinel-2', name: '+sdown', detail: 'master mymaster 172.28.1.10 6379' },
    {
      at: FAULT + 1200,
      kind: 'sentinel',
      source: 'redis-sentinel-1',
      name: '+odown',
      detail: 'master mymaster 172.28.1.10 6379 #quorum 2/2',
    },
    {
      at: FAULT + 3900,
      kind: 'sentinel',
      source: 'redis-sentinel-1',
      name: '+switch-master',
      detail: 'mymaster 172.28.1.10 6379 172.28.1.11 6379',
    },
    { at: FAULT + 4000, kind: 'role', source: 'redis-replica-1', name: 'role', detail: 'master' },
    { at: FAULT + 6200, kind: 'step', source: 'runner', name: 'end', detail: '5. failed: seen redis-master is master' },
  ];
  return {
    scenario: {
      name: 'kill-master',
      description: 'The master crashes.',
      file: 'scenarios/kill-master.yaml',
      topology: { options: {}, redisConfig: {}, replicaPriority: {} },
      steps: [],
      expect: {},
    },
    lab: 'redis-ha-lab',
    topology,
    runtime: 'docker',
    bootedLab: true,
    startedAt: T,
    faultAt: FAULT,
    endedAt: T + 20_000,
    oldMaster: 'redis-master',
    steps,
    events,
    restore: { actions: ['start redis-master'], healthy: true, findings: [], errors: [] },
    interrupted: false,
    ...overrides,
  };
}

function withStatuses(statuses: StepStatus[], interrupted = false): RunRecord {
  const base = record();
  return {
    ...base,
    interrupted,
    steps: statuses.map((status, i) => ({ ...base.steps[0]!, index: i + 1, status })),
  };
}

/** chalk may colour the verdict when the runner has a terminal; compare the text. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

describe('passed', () => {
  const cases: { title: string; statuses: StepStatus[]; interrupted?: boolean; passed: boolean }[] = [
    { title: 'all passed or done', statuses: ['done', 'passed', 'done', 'passed'], passed: true },
    { title: 'all done (actions only)', statuses: ['done', 'done'], passed: true },
    { title: 'one failed', statuses: ['done', 'passed', 'failed'], passed: false },
    { title: 'one error', statuses: ['done', 'error', 'passed'], passed: false },
    { title: 'a step not reached', statuses: ['done', 'passed', 'skipped'], passed: false },
    { title: 'interrupted although every step passed', statuses: ['done', 'passed'], interrupted: true, passed: false },
  ];
  for (const { title, statuses, interrupted, passed } of cases) {
    test(`${title} → ${passed ? 'passed' : 'not passed'}`, () => {
      const run = withStatuses(statuses, interrupted);
      assert.equal(runPassed(run), passed);
      const report = buildReport(run);
      assert.equal(report.passed, passed);
      assert.equal(report.interrupted, interrupted ?? false);
    });
  }
});

describe('buildReport', () => {
  const report = buildReport(record());

  test('names the scenario, lab and run', () => {
    assert.equal(report.scenario, 'kill-master');
    assert.equal(report.description, 'The master crashes.');
    assert.equal(report.file, 'scenarios/kill-master.yaml');
    assert.equal(report.lab, 'redis-ha-lab');
    assert.equal(report.runtime, 'docker');
    assert.equal(report.bootedLab, true);
    assert.equal(report.oldMaster, 'redis-master');
    assert.deepEqual(report.restore, { actions: ['start redis-master'], healthy: true, findings: [], errors: [] });
  });

  test("lists the lab's nodes with their in-lab addresses, and the sentinels' run ids", () => {
    assert.deepEqual(
      report.nodes.map((n) => [n.name, n.kind, n.address]),
      [
        ['redis-master', 'redis', '172.28.1.10:6379'],
        ['redis-replica-1', 'redis', '172.28.1.11:6379'],
        ['redis-replica-2', 'redis', '172.28.1.12:6379'],
        ['redis-sentinel-1', 'sentinel', '172.28.1.41:26379'],
        ['redis-sentinel-2', 'sentinel', '172.28.1.42:26379'],
        ['redis-sentinel-3', 'sentinel', '172.28.1.43:26379'],
      ],
    );
    assert.equal(report.nodes[0]!.runId, undefined);
    assert.equal(report.nodes[3]!.runId, topology.nodes[3]!.sentinelId);
    assert.match(report.nodes[3]!.runId ?? '', /^[0-9a-f]{40}$/);
  });

  test('absolute times are ISO strings, the duration is from start to end', () => {
    assert.equal(report.startedAt, '2025-01-15T12:00:00.000Z');
    assert.equal(report.faultAt, '2025-01-15T12:00:05.000Z');
    assert.equal(report.durationMs, 20_000);
  });

  test('a failed run with a failed and an errored assertion is not passed', () => {
    assert.equal(report.passed, false);
  });

  test('assertions count checks: assertions and condition waits, not the fixed wait or actions', () => {
    // wait-event (passed), assert-role (failed), assert-keys (error), assert-replicas-follow (skipped)
    assert.deepEqual(report.assertions, { total: 4, passed: 1, failed: 2 });
  });

  test('step times are relative to the fault', () => {
    assert.deepEqual(
      report.steps.map((s) => [s.index, s.start, s.end, s.durationMs]),
      [
        [1, -4000, -3500, 500],
        [2, 0, 100, 100],
        [3, 100, 4100, 4000],
        [4, 4100, 6100, 2000],
        [5, 6100, 6200, 100],
        [6, 6200, 8200, 2000],
        [7, null, null, null],
      ],
    );
  });

  test('each step keeps its line, kind, category, title and outcome', () => {
    assert.deepEqual(
      report.steps.map((s) => [s.line, s.kind, s.category, s.outcome]),
      [
        [8, 'write', 'action', 'done'],
        [9, 'kill', 'fault', 'done'],
        [10, 'wait-event', 'wait', 'passed'],
        [11, 'wait', 'wait', 'done'],
        [12, 'assert-role', 'assert', 'failed'],
        [13, 'assert-keys', 'assert', 'error'],
        [14, 'assert-replicas-follow', 'assert', 'skipped'],
      ],
    );
    assert.equal(report.steps[4]!.title, 'old-master is down');
  });

  test('a failed step says what was expected and seen, an errored one its error, others their detail', () => {
    const [write, , , wait, failed, errored, skipped] = report.steps;
    assert.equal(write!.detail, '100 keys on redis-master');
    assert.equal(failed!.expected, 'redis-master is down');
    assert.equal(failed!.seen, 'redis-master is master');
    assert.equal(errored!.error, 'redis-replica-1 does not answer: timeout');
    for (const step of [wait!, skipped!]) {
      assert.equal(
        'detail' in step || 'expected' in step || 'error' in step,
        false,
        `step ${step.index} has no detail, expectation or error`,
      );
    }
  });

  test("events' t is relative to the fault (negative before it)", () => {
    assert.deepEqual(
      report.events.map((e) => [e.t, e.name]),
      [
        [-4000, 'start'],
        [0, 'start'],
        [1050, '+sdown'],
        [1200, '+odown'],
        [3900, '+switch-master'],
        [4000, 'role'],
        [6200, 'end'],
      ],
    );
    assert.deepEqual(report.events[2], {
      t: 1050,
      at: '2025-01-15T12:00:06.050Z',
      kind: 'sentinel',
      source: 'redis-sentinel-2',
      name: '+sdown',
      detail: 'master mymaster 172.28.1.10 6379',
    });
  });

  test('without a fault, times are relative to the start and faultAt is null', () => {
    const noFault = buildReport(record({ faultAt: undefined, oldMaster: undefined }));
    assert.equal(noFault.faultAt, null);
    assert.equal(noFault.oldMaster, null);
    assert.equal(noFault.steps[0]!.start, 1000);
    assert.equal(noFault.steps[1]!.start, 5000);
    assert.equal(noFault.events[2]!.t, 6050);
  });

  test('the report is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });
});

describe('isCheck', () => {
  const cases: { category: string; kind: string; check: boolean }[] = [
    { category: 'assert', kind: 'assert-role', check: true },
    { category: 'wait', kind: 'wait-event', check: true },
    { category: 'wait', kind: 'wait-healthy', check: true },
    { category: 'wait', kind: 'wait', check: false },
    { category: 'fault', kind: 'kill', check: false },
    { category: 'action', kind: 'write', check: false },
  ];
  for (const { category, kind, check } of cases) {
    test(`${kind} (${category}) ${check ? 'is' : 'is not'} a check`, () => {
      assert.equal(isCheck({ category, kind }), check);
    });
  }
});

describe('formatOffset', () => {
  const cases: [number, string][] = [
    [0, '+0.000s'],
    [1, '+0.001s'],
    [1234, '+1.234s'],
    [61_000, '+61.000s'],
    [-500, '-0.500s'],
    [-4000, '-4.000s'],
  ];
  for (const [ms, text] of cases) {
    test(`${ms} ms → ${text}`, () => {
      assert.equal(formatOffset(ms), text);
    });
  }
});

describe('formatTimeline', () => {
  const report = buildReport(record());
  const text = formatTimeline(report);
  const lines = text.split('\n');

  test('one line per event, in order', () => {
    assert.equal(lines.length, report.events.length);
  });

  test('each line starts with the time from the fault', () => {
    assert.deepEqual(
      lines.map((l) => l.trimStart().split(' ')[0]),
      ['-4.000s', '+0.000s', '+1.050s', '+1.200s', '+3.900s', '+4.000s', '+6.200s'],
    );
  });

  test('sentinel events show their source, name and detail, aligned', () => {
    assert.ok(lines[2]!.startsWith('  +1.050s  redis-sentinel-2  +sdown master mymaster 172.28.1.10 6379'), lines[2]);
    assert.ok(lines[4]!.startsWith('  +3.900s  redis-sentinel-1  +switch-master mymaster 172.28.1.10 6379 172.28.1.11 6379'), lines[4]);
  });

  test('in the servers layout each line names the server too', () => {
    const onServers = {
      ...report,
      nodes: report.nodes.map((n) => ({ ...n, server: n.name === 'redis-sentinel-2' ? 'server-b' : 'server-a' })),
    };
    const serverLines = formatTimeline(onServers).split('\n');
    assert.ok(serverLines[2]!.startsWith('  +1.050s  b/redis-sentinel-2  +sdown master mymaster'), serverLines[2]);
  });

  test('addresses in sentinel events are named after their nodes', () => {
    assert.ok(lines[2]!.endsWith('redis-master]'), lines[2]);
    assert.ok(lines[4]!.includes('redis-master → redis-replica-1'), lines[4]);
  });

  test('role changes and steps are told apart from sentinel events', () => {
    assert.equal(lines[5], '  +4.000s  redis-replica-1   role → master');
    assert.equal(lines[0], '  -4.000s  runner            step ▶ 1. write 100 keys before-fault:* to master');
    assert.equal(lines[6], '  +6.200s  runner            step ■ 5. failed: seen redis-master is master');
  });

  test('without colour there are no escape codes', () => {
    assert.equal(text.includes('\u001b['), false);
  });

  test('no events, no lines', () => {
    assert.equal(formatTimeline(buildReport(record({ events: [] }))), '');
  });
});

describe('formatVerdict', () => {
  test('a failed run says how many checks passed and why each failed', () => {
    const text = plainText(formatVerdict(buildReport(record())));
    const lines = text.split('\n');
    assert.equal(lines[0], '✖ kill-master failed (1/4 checks passed, 20.0 s)');
    assert.ok(
      text.includes('  step 5 (line 12) old-master is down\n    expected: redis-master is down\n    seen:     redis-master is master'),
      text,
    );
    assert.ok(text.includes("  step 6 (line 13) keys 'before-fault' are on master: redis-replica-1 does not answer: timeout"), text);
    assert.ok(lines.includes('restore: start redis-master'), text);
  });

  test('a passed run', () => {
    const run = withStatuses(['done', 'passed']);
    run.steps[1] = { ...run.steps[1]!, kind: 'assert-role', category: 'assert' };
    const text = plainText(formatVerdict(buildReport(run)));
    assert.equal(text.split('\n')[0], '✔ kill-master passed (1/1 check, 20.0 s)');
  });

  test('an interrupted run says so, and does not list the interrupted step as a failure', () => {
    const run = record({ interrupted: true });
    run.steps[5] = { ...run.steps[5]!, error: 'interrupted' };
    const text = plainText(formatVerdict(buildReport(run)));
    assert.equal(text.split('\n')[0], '■ kill-master interrupted after 20.0 s; the lab was restored');
    assert.equal(text.includes('interrupted after 20.0 s'), true);
    assert.equal(text.includes('(line 13)'), false);
  });

  test('restore problems are shown', () => {
    const run = record({
      restore: { actions: [], healthy: false, findings: ['redis-master is down'], errors: ['start redis-master: no such container'] },
    });
    const text = plainText(formatVerdict(buildReport(run)));
    assert.ok(text.includes('restore could not: start redis-master: no such container'), text);
    assert.ok(text.includes('the lab is not healthy after restore: redis-master is down'), text);
    assert.equal(
      text.split('\n').some((l) => l.startsWith('restore: ')),
      false,
      'no restore actions to list',
    );
  });
});
