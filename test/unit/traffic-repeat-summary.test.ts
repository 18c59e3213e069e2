import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RepeatSummary } from '../../src/report/repeat-summary.js';
import { formatRepeatSummary, summarizeRuns } from '../../src/report/repeat-summary.js';
import type { ScenarioReport, TrafficReport } from '../../src/report/scenario-report.js';
import type { Stopwatch } from '../../src/traffic/stopwatch.js';

const MASTER = 'master mymaster 172.30.5.10 6379';
const SWITCH = 'mymaster 172.30.5.10 6379 172.30.5.11 6379';
type ReportEvent = ScenarioReport['events'][number];

function sentinel(t: number, source: string, name: string, detail: string): ReportEvent {
  return { t, at: new Date(Date.UTC(2025, 0, 15, 12, 0, 5) + t).toISOString(), kind: 'sentinel', source, name, detail };
}
function role(t: number, source: string, detail: string): ReportEvent {
  return { ...sentinel(t, source, 'role', detail), kind: 'role' };
}

/** The events of a kill-master run in a three-sentinel lab, t in ms from the fault. */
function failoverEvents(p: {
  sdown: number;
  odown: number;
  leader: number;
  promoted: number;
  switches: [string, number][];
}): ReportEvent[] {
  return [
    role(-4000, 'redis-master', 'master'),
    sentinel(-3000, 'redis-sentinel-1', '+sdown', MASTER), // before the fault: does not count
    sentinel(-2000, 'redis-sentinel-2', '+switch-master', SWITCH),
    sentinel(100, 'redis-sentinel-3', '+sdown', 'slave 172.30.5.12:6379 172.30.5.12 6379 @ mymaster 172.30.5.10 6379'),
    role(200, 'redis-master', 'down'),
    sentinel(p.sdown, 'redis-sentinel-2', '+sdown', MASTER),
    sentinel(p.sdown + 50, 'redis-sentinel-1', '+sdown', MASTER),
    sentinel(p.odown, 'redis-sentinel-2', '+odown', `${MASTER} #quorum 2/2`),
    sentinel(p.leader, 'redis-sentinel-2', '+elected-leader', MASTER),
    role(p.promoted, 'redis-replica-1', 'master'),
    ...p.switches.map(([source, t]) => sentinel(t, source, '+switch-master', SWITCH)),
    role(9000, 'redis-master', 'master'), // restarted as master before the sentinels convert it
  ].sort((a, b) => a.t - b.t);
}

const allThree = (first: number, second: number, third: number): [string, number][] => [
  ['redis-sentinel-2', first],
  ['redis-sentinel-1', second],
  ['redis-sentinel-2', second + 10], // a repeat from the same sentinel
  ['redis-sentinel-3', third],
];

function report(overrides: Partial<ScenarioReport> = {}): ScenarioReport {
  return {
    scenario: 'kill-master',
    description: 'The master crashes.',
    file: 'scenarios/kill-master.yaml',
    lab: 'redis-ha-lab',
    runtime: 'docker',
    sentinelKind: 'redis',
    bootedLab: true,
    passed: true,
    interrupted: false,
    startedAt: '2025-01-15T12:00:00.000Z',
    faultAt: '2025-01-15T12:00:05.000Z',
    durationMs: 20_000,
    oldMaster: 'redis-master',
    nodes: [
      { name: 'redis-master', kind: 'redis', address: '172.30.5.10:6379' },
      { name: 'redis-replica-1', kind: 'redis', address: '172.30.5.11:6379' },
      { name: 'redis-replica-2', kind: 'redis', address: '172.30.5.12:6379' },
      { name: 'redis-sentinel-1', kind: 'sentinel', address: '172.30.5.41:26379', runId: 'a'.repeat(40) },
      { name: 'redis-sentinel-2', kind: 'sentinel', address: '172.30.5.42:26379', runId: 'b'.repeat(40) },
      { name: 'redis-sentinel-3', kind: 'sentinel', address: '172.30.5.43:26379', runId: 'c'.repeat(40) },
    ],
    assertions: { total: 2, passed: 2, failed: 0 },
    steps: [],
    events: failoverEvents({ sdown: 1000, odown: 1200, leader: 1400, promoted: 1900, switches: allThree(2100, 2500, 3000) }),
    restore: { actions: ['start redis-master'], healthy: true, findings: [], errors: [] },
    ...overrides,
  };
}

type Client = Stopwatch['clients'][string];
const client = (outageMs: number | null): Client =>
  outageMs === null
    ? { lastOkBefore: -90, firstOkAfter: null, recovered: null, outageMs: null, failedAfterFault: false }
    : { lastOkBefore: -100, firstOkAfter: outageMs - 100, recovered: outageMs - 100, outageMs, failedAfterFault: true };

function traffic(stopwatch: Partial<Stopwatch>): TrafficReport {
  return {
    clients: Object.keys(stopwatch.clients ?? {}),
    rate: 100,
    wait: null,
    finalMaster: 'redis-replica-1',
    attempted: 2000,
    acknowledged: 1700,
    present: 1700,
    lost: 0,
    failed: 300,
    indeterminate: 0,
    lostWrites: [],
    stopwatch: {
      firstSdown: null,
      odown: null,
      leaderElected: null,
      promoted: null,
      firstSwitch: null,
      allSwitched: null,
      newMasterAcceptsWrites: null,
      clients: {},
      ...stopwatch,
    },
    attempts: [],
  };
}

describe('summarizeRuns: runs without traffic, from the events alone', () => {
  const reports = [
    report(),
    report({ events: failoverEvents({ sdown: 1100, odown: 1300, leader: 1500, promoted: 2200, switches: allThree(2400, 2600, 3300) }) }),
    report({ events: failoverEvents({ sdown: 1200, odown: 1400, leader: 1600, promoted: 2000, switches: allThree(2300, 2700, 3100) }) }),
  ];
  const summary = summarizeRuns(reports);
  const cases: { phase: string; expected: RepeatSummary['phases'][string] }[] = [
    { phase: 'firstSdown', expected: { n: 3, min: 1000, median: 1100, p95: 1200, max: 1200 } },
    { phase: 'odown', expected: { n: 3, min: 1200, median: 1300, p95: 1400, max: 1400 } },
    { phase: 'leaderElected', expected: { n: 3, min: 1400, median: 1500, p95: 1600, max: 1600 } },
    { phase: 'promoted', expected: { n: 3, min: 1900, median: 2000, p95: 2200, max: 2200 } },
    { phase: 'firstSwitch', expected: { n: 3, min: 2100, median: 2300, p95: 2400, max: 2400 } },
    { phase: 'allSwitched', expected: { n: 3, min: 3000, median: 3100, p95: 3300, max: 3300 } },
    { phase: 'newMasterAcceptsWrites', expected: null }, // needs traffic
  ];
  for (const { phase, expected } of cases) {
    test(`${phase}`, () => {
      assert.deepEqual(summary.phases[phase], expected);
    });
  }

  test('no client outages without traffic', () => {
    assert.deepEqual(Object.keys(summary.phases), [
      'firstSdown',
      'odown',
      'leaderElected',
      'promoted',
      'firstSwitch',
      'allSwitched',
      'newMasterAcceptsWrites',
    ]);
  });

  test('allSwitched counts only runs where every sentinel of the lab switched', () => {
    const missing = report({
      events: failoverEvents({
        sdown: 1000,
        odown: 1200,
        leader: 1400,
        promoted: 1900,
        switches: [
          ['redis-sentinel-2', 2100],
          ['redis-sentinel-2', 2600],
          ['redis-sentinel-1', 2500],
        ],
      }),
    });
    assert.deepEqual(summarizeRuns([missing, report()]).phases['allSwitched'], { n: 1, min: 3000, median: 3000, p95: 3000, max: 3000 });
    assert.equal(summarizeRuns([missing]).phases['allSwitched'], null);
    assert.deepEqual(summarizeRuns([missing]).phases['firstSwitch'], { n: 1, min: 2100, median: 2100, p95: 2100, max: 2100 });
  });

  test('promoted is a node other than the old master turning master, even when the old master restarts first', () => {
    const restartedEarly = report({
      events: [
        role(500, 'redis-master', 'master'),
        ...failoverEvents({ sdown: 1000, odown: 1200, leader: 1400, promoted: 1900, switches: allThree(2100, 2500, 3000) }),
      ],
    });
    assert.deepEqual(summarizeRuns([restartedEarly]).phases['promoted'], { n: 1, min: 1900, median: 1900, p95: 1900, max: 1900 });
  });

  test('a run whose failover never started leaves its phases out', () => {
    const quiet = report({
      passed: false,
      events: [
        role(-4000, 'redis-master', 'master'),
        role(200, 'redis-master', 'down'),
        sentinel(-3000, 'redis-sentinel-1', '+sdown', MASTER),
      ],
    });
    const { phases } = summarizeRuns([quiet, report()]);
    assert.deepEqual(phases['firstSdown'], { n: 1, min: 1000, median: 1000, p95: 1000, max: 1000 });
    assert.deepEqual(phases['promoted'], { n: 1, min: 1900, median: 1900, p95: 1900, max: 1900 });
    assert.equal(summarizeRuns([quiet]).phases['odown'], null);
  });
});

describe('summarizeRuns: runs with traffic, from the stopwatch', () => {
  const run = (firstSdown: number, allSwitched: number | null, outages: Record<string, number | null>, passed = true) =>
    report({
      passed,
      traffic: traffic({
        firstSdown,
        odown: firstSdown + 200,
        leaderElected: firstSdown + 400,
        promoted: 1900,
        firstSwitch: 2100,
        allSwitched,
        newMasterAcceptsWrites: 2410,
        clients: Object.fromEntries(Object.entries(outages).map(([k, v]) => [k, client(v)])),
      }),
    });
  const reports = [
    run(1000, 3200, { sentinel: 2500, direct: null }),
    run(1400, null, { sentinel: 3100, direct: null }, false),
    run(1100, 3000, { sentinel: 2700, direct: null }),
    run(1300, 3600, { sentinel: 2900, direct: null }),
  ];
  const summary = summarizeRuns(reports);

  test('counts the runs and the runs that passed', () => {
    assert.equal(summary.runs, 4);
    assert.equal(summary.passed, 3);
  });

  test("phases come from the traffic's stopwatch, not the events", () => {
    // every report carries the default events (+sdown at 1000); the stopwatch says otherwise
    assert.deepEqual(summary.phases['firstSdown'], { n: 4, min: 1000, median: 1200, p95: 1400, max: 1400 });
    assert.deepEqual(summary.phases['odown'], { n: 4, min: 1200, median: 1400, p95: 1600, max: 1600 });
    assert.deepEqual(summary.phases['newMasterAcceptsWrites'], { n: 4, min: 2410, median: 2410, p95: 2410, max: 2410 });
  });

  test('a stopwatch phase that did not happen in a run leaves that run out', () => {
    assert.deepEqual(summary.phases['allSwitched'], { n: 3, min: 3000, median: 3200, p95: 3600, max: 3600 });
  });

  test('one outage line per client; a client that never had a measured outage gets an empty line', () => {
    assert.deepEqual(summary.phases['outage:sentinel'], { n: 4, min: 2500, median: 2800, p95: 3100, max: 3100 });
    assert.equal(summary.phases['outage:direct'], null);
    assert.deepEqual(Object.keys(summary.phases).slice(7), ['outage:sentinel', 'outage:direct']);
  });

  test('a client present in only some runs is summarized over those', () => {
    const { phases } = summarizeRuns([run(1000, 3000, { sentinel: 2000 }), run(1000, 3000, { sentinel: 2400, direct: 900 })]);
    assert.deepEqual(phases['outage:sentinel'], { n: 2, min: 2000, median: 2200, p95: 2400, max: 2400 });
    assert.deepEqual(phases['outage:direct'], { n: 1, min: 900, median: 900, p95: 900, max: 900 });
  });

  test('runs with and without traffic mix: events fill in for the runs without', () => {
    const { phases, runs } = summarizeRuns([run(1400, 3600, { sentinel: 2900 }), report()]);
    assert.equal(runs, 2);
    assert.deepEqual(phases['firstSdown'], { n: 2, min: 1000, median: 1200, p95: 1400, max: 1400 });
    assert.deepEqual(phases['allSwitched'], { n: 2, min: 3000, median: 3300, p95: 3600, max: 3600 });
    assert.deepEqual(phases['newMasterAcceptsWrites'], { n: 1, min: 2410, median: 2410, p95: 2410, max: 2410 });
    assert.deepEqual(phases['outage:sentinel'], { n: 1, min: 2900, median: 2900, p95: 2900, max: 2900 });
  });
});

describe('formatRepeatSummary', () => {
  test('a markdown table, one row per phase and client outage, seconds with two decimals', () => {
    const reports = [
      report({
        traffic: traffic({
          firstSdown: 1000,
          odown: 1200,
          leaderElected: 1400,
          promoted: 1900,
          firstSwitch: 2100,
          allSwitched: 3200,
          newMasterAcceptsWrites: 2410,
          clients: { sentinel: client(2500) },
        }),
      }),
      report({
        passed: false,
        traffic: traffic({
          firstSdown: 1500,
          odown: 1700,
          leaderElected: 1900,
          promoted: 2300,
          firstSwitch: 2600,
          allSwitched: null,
          newMasterAcceptsWrites: 2810,
          clients: { sentinel: client(3000) },
        }),
      }),
    ];
    assert.equal(
      formatRepeatSummary('kill-master', summarizeRuns(reports)),
      [
        'kill-master: 1 of 2 runs passed; times from the fault',
        '',
        '| phase | runs | min | median | p95 | max |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| first +sdown | 2 | 1.00 s | 1.25 s | 1.50 s | 1.50 s |',
        '| +odown | 2 | 1.20 s | 1.45 s | 1.70 s | 1.70 s |',
        '| leader elected | 2 | 1.40 s | 1.65 s | 1.90 s | 1.90 s |',
        '| replica role:master | 2 | 1.90 s | 2.10 s | 2.30 s | 2.30 s |',
        '| first +switch-master | 2 | 2.10 s | 2.35 s | 2.60 s | 2.60 s |',
        '| all sentinels switched | 1 | 3.20 s | 3.20 s | 3.20 s | 3.20 s |',
        '| new master takes writes | 2 | 2.41 s | 2.61 s | 2.81 s | 2.81 s |',
        '| sentinel client outage | 2 | 2.50 s | 2.75 s | 3.00 s | 3.00 s |',
      ].join('\n'),
    );
  });

  test('a phase that never happened shows 0 runs and dashes', () => {
    const text = formatRepeatSummary('kill-master', summarizeRuns([report()]));
    assert.match(text, /^kill-master: 1 of 1 runs passed; times from the fault$/m);
    assert.match(text, /^\| new master takes writes \| 0 \| — \| — \| — \| — \|$/m);
    assert.match(text, /^\| first \+sdown \| 1 \| 1\.00 s \| 1\.00 s \| 1\.00 s \| 1\.00 s \|$/m);
  });

  test('no runs (interrupted before the first): every phase empty', () => {
    const text = formatRepeatSummary('split-brain', summarizeRuns([]));
    const lines = text.split('\n');
    assert.equal(lines[0], 'split-brain: 0 of 0 runs passed; times from the fault');
    assert.equal(lines.length, 4 + 7);
    for (const line of lines.slice(4)) assert.match(line, /^\| [^|]+ \| 0 \| — \| — \| — \| — \|$/);
  });

  test('a phase without a label is shown by its name', () => {
    const summary: RepeatSummary = {
      runs: 1,
      passed: 1,
      phases: { somethingNew: { n: 1, min: 1234, median: 1234, p95: 1234, max: 1234 } },
    };
    assert.equal(formatRepeatSummary('x', summary).split('\n').at(-1), '| somethingNew | 1 | 1.23 s | 1.23 s | 1.23 s | 1.23 s |');
  });
});
