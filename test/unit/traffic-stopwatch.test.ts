import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineEvent } from '../../src/observe/timeline.js';
import type { Stopwatch } from '../../src/traffic/stopwatch.js';
import { measureFailover, summarize } from '../../src/traffic/stopwatch.js';
import type { WriteAttempt } from '../../src/traffic/write-attempt.js';

const FAULT = Date.UTC(2025, 0, 15, 12, 0, 5); // the kill step
const MASTER = 'master mymaster 172.30.5.10 6379';
const SWITCH = 'mymaster 172.30.5.10 6379 172.30.5.11 6379';

function sentinel(t: number, source: string, name: string, detail: string, faultAt = FAULT): TimelineEvent {
  return { at: faultAt + t, kind: 'sentinel', source, name, detail };
}
function role(t: number, source: string, detail: string, faultAt = FAULT): TimelineEvent {
  return { at: faultAt + t, kind: 'role', source, name: 'role', detail };
}

/**
 * A kill-master run with three sentinels, written out by hand (t in ms from the fault). Events before the fault
 * and events that are not about the master must not count.
 */
function killMasterEvents(faultAt = FAULT): TimelineEvent[] {
  return [
    role(-4000, 'redis-master', 'master', faultAt),
    role(-4000, 'redis-replica-1', 'replica of redis-master', faultAt),
    sentinel(-3000, 'redis-sentinel-1', '+sdown', MASTER, faultAt), // an earlier flap, before the fault
    sentinel(-2900, 'redis-sentinel-1', '-sdown', MASTER, faultAt),
    sentinel(-2000, 'redis-sentinel-2', '+switch-master', 'mymaster 172.30.5.12 6379 172.30.5.10 6379', faultAt),
    { at: faultAt, kind: 'step', source: 'runner', name: 'start', detail: '1. kill master' },
    role(200, 'redis-master', 'down', faultAt),
    sentinel(300, 'redis-sentinel-3', '+sdown', 'slave 172.30.5.12:6379 172.30.5.12 6379 @ mymaster 172.30.5.10 6379', faultAt),
    sentinel(1050, 'redis-sentinel-2', '+sdown', MASTER, faultAt),
    sentinel(1100, 'redis-sentinel-1', '+sdown', MASTER, faultAt),
    sentinel(1150, 'redis-sentinel-3', '+sdown', MASTER, faultAt),
    sentinel(1200, 'redis-sentinel-2', '+odown', `${MASTER} #quorum 2/2`, faultAt),
    sentinel(1300, 'redis-sentinel-1', '+odown', `${MASTER} #quorum 3/2`, faultAt),
    sentinel(1400, 'redis-sentinel-2', '+elected-leader', MASTER, faultAt),
    role(1900, 'redis-replica-1', 'master', faultAt),
    sentinel(2100, 'redis-sentinel-2', '+switch-master', SWITCH, faultAt),
    sentinel(2500, 'redis-sentinel-1', '+switch-master', SWITCH, faultAt),
    sentinel(2550, 'redis-sentinel-2', '+switch-master', SWITCH, faultAt), // the same sentinel again
    sentinel(3200, 'redis-sentinel-3', '+switch-master', SWITCH, faultAt),
    role(3400, 'redis-replica-2', 'replica of redis-replica-1', faultAt),
    role(8000, 'redis-master', 'master', faultAt), // restarted: boots as master before the sentinels convert it
  ];
}

function write(
  client: string,
  seq: number,
  start: number,
  ms: number,
  ok: boolean,
  node: string | undefined,
  faultAt = FAULT,
): WriteAttempt {
  return {
    client,
    seq,
    key: `traffic:${client}:${seq}`,
    value: `run-a:${seq}`,
    startedAt: faultAt + start,
    endedAt: faultAt + start + ms,
    ok,
    ...(node ? { node } : {}),
    ...(ok ? {} : { error: 'Connection is closed.' }),
  };
}

/**
 * Two clients: the sentinel client follows the switch, the direct one keeps the old master's address. Both
 * get one write onto the old master just after the kill (it takes a moment), then fail.
 */
function killMasterAttempts(faultAt = FAULT): WriteAttempt[] {
  const w = (client: string, seq: number, start: number, ms: number, ok: boolean, node?: string) =>
    write(client, seq, start, ms, ok, node, faultAt);
  return [
    w('sentinel', 1, -300, 5, true, 'redis-master'),
    w('direct', 1, -300, 10, true, 'redis-master'),
    w('sentinel', 2, -200, 5, true, 'redis-master'),
    w('direct', 2, -200, 10, true, 'redis-master'),
    w('sentinel', 3, -100, 5, true, 'redis-master'), // last success before: -95
    w('direct', 3, -100, 10, true, 'redis-master'), // last success before: -90
    w('sentinel', 4, 5, 3, true, 'redis-master'), // still on the old master: not a recovery
    w('direct', 4, 5, 4, true, 'redis-master'),
    w('sentinel', 5, 100, 500, false, 'redis-master'), // the first failure past the fault
    w('direct', 5, 100, 500, false, 'redis-master'),
    w('sentinel', 6, 700, 1, false),
    w('direct', 6, 700, 1, false),
    w('sentinel', 7, 2400, 10, true, 'redis-replica-1'), // recovered at 2410
    w('direct', 7, 2400, 1, false),
    w('sentinel', 8, 2500, 5, true, 'redis-replica-1'),
    w('direct', 8, 2500, 1, false),
  ];
}

function measure(
  overrides: { events?: TimelineEvent[]; attempts?: WriteAttempt[]; sentinels?: number; oldMaster?: string; faultAt?: number } = {},
): Stopwatch {
  return measureFailover({
    faultAt: overrides.faultAt ?? FAULT,
    events: overrides.events ?? killMasterEvents(),
    attempts: overrides.attempts ?? killMasterAttempts(),
    oldMaster: 'oldMaster' in overrides ? overrides.oldMaster : 'redis-master',
    sentinels: overrides.sentinels ?? 3,
  });
}

describe('measureFailover: the phases of a kill-master run, in ms from the fault', () => {
  const stopwatch = measure();
  const cases: { phase: keyof Omit<Stopwatch, 'clients'>; expected: number; why: string }[] = [
    { phase: 'firstSdown', expected: 1050, why: "the first sentinel's +sdown of the master (not a replica's, not one before the fault)" },
    { phase: 'odown', expected: 1200, why: 'the first +odown' },
    { phase: 'leaderElected', expected: 1400, why: 'the leader election' },
    { phase: 'promoted', expected: 1900, why: 'a node other than the old master turned master' },
    { phase: 'firstSwitch', expected: 2100, why: 'the first +switch-master after the fault' },
    { phase: 'allSwitched', expected: 3200, why: 'the last of the three sentinels to announce the switch' },
    { phase: 'newMasterAcceptsWrites', expected: 2410, why: 'the first acknowledged write on the promoted node' },
  ];
  for (const { phase, expected, why } of cases) {
    test(`${phase} = ${expected}: ${why}`, () => {
      assert.equal(stopwatch[phase], expected);
    });
  }

  test('the same run at another time of day measures the same', () => {
    const other = FAULT + 3_600_000 + 17;
    assert.deepEqual(measure({ faultAt: other, events: killMasterEvents(other), attempts: killMasterAttempts(other) }), stopwatch);
  });
});

describe('measureFailover: allSwitched needs every sentinel', () => {
  const without = (source: string) =>
    killMasterEvents().filter((e) => !(e.name === '+switch-master' && e.source === source && e.at >= FAULT));
  const cases: { title: string; events: TimelineEvent[]; sentinels: number; allSwitched: number | null; firstSwitch: number | null }[] = [
    { title: 'all three switched', events: killMasterEvents(), sentinels: 3, allSwitched: 3200, firstSwitch: 2100 },
    {
      title: 'sentinel-3 never switched, although sentinel-2 announced twice',
      events: without('redis-sentinel-3'),
      sentinels: 3,
      allSwitched: null,
      firstSwitch: 2100,
    },
    {
      title: 'sentinel-3 never switched, but the lab has two sentinels',
      events: without('redis-sentinel-3'),
      sentinels: 2,
      allSwitched: 2500,
      firstSwitch: 2100,
    },
    {
      title: 'only the switch before the fault → none',
      events: killMasterEvents().filter((e) => !(e.name === '+switch-master' && e.at >= FAULT)),
      sentinels: 3,
      allSwitched: null,
      firstSwitch: null,
    },
    {
      title: 'a lab with five sentinels, three switched → not all',
      events: killMasterEvents(),
      sentinels: 5,
      allSwitched: null,
      firstSwitch: 2100,
    },
  ];
  for (const { title, events, sentinels, allSwitched, firstSwitch } of cases) {
    test(`${title} → allSwitched ${allSwitched}`, () => {
      const stopwatch = measure({ events, sentinels });
      assert.equal(stopwatch.allSwitched, allSwitched);
      assert.equal(stopwatch.firstSwitch, firstSwitch);
    });
  }
});

describe('measureFailover: a phase that never happened is null', () => {
  const cases: { title: string; events: TimelineEvent[]; expected: Partial<Record<keyof Omit<Stopwatch, 'clients'>, number | null>> }[] = [
    {
      title: 'no events at all',
      events: [],
      expected: {
        firstSdown: null,
        odown: null,
        leaderElected: null,
        promoted: null,
        firstSwitch: null,
        allSwitched: null,
        newMasterAcceptsWrites: null,
      },
    },
    {
      title: 'only events before the fault',
      events: killMasterEvents().filter((e) => e.at < FAULT),
      expected: {
        firstSdown: null,
        odown: null,
        leaderElected: null,
        promoted: null,
        firstSwitch: null,
        allSwitched: null,
        newMasterAcceptsWrites: null,
      },
    },
    {
      title: 'the sentinels saw the master down but never reached quorum (only +sdown)',
      events: killMasterEvents().filter((e) => e.at < FAULT || (e.kind === 'sentinel' && e.name === '+sdown')),
      expected: {
        firstSdown: 1050,
        odown: null,
        leaderElected: null,
        promoted: null,
        firstSwitch: null,
        allSwitched: null,
        newMasterAcceptsWrites: null,
      },
    },
    {
      title: "only a replica's +sdown",
      events: [sentinel(300, 'redis-sentinel-3', '+sdown', 'slave 172.30.5.12:6379 172.30.5.12 6379 @ mymaster 172.30.5.10 6379')],
      expected: { firstSdown: null },
    },
    {
      title: 'no replica turned master (only the old master, restarted)',
      events: killMasterEvents().filter((e) => !(e.kind === 'role' && e.source === 'redis-replica-1' && e.detail === 'master')),
      expected: { promoted: null, newMasterAcceptsWrites: null, firstSwitch: 2100 },
    },
  ];
  for (const { title, events, expected } of cases) {
    test(title, () => {
      const stopwatch = measure({ events });
      const seen = Object.fromEntries(Object.keys(expected).map((k) => [k, stopwatch[k as keyof typeof expected]]));
      assert.deepEqual(seen, expected);
    });
  }

  test('the old master turning master again is not a promotion; a replica turning replica of another is not either', () => {
    const events = [role(1500, 'redis-replica-2', 'replica of redis-replica-1'), role(8000, 'redis-master', 'master')];
    assert.equal(measure({ events }).promoted, null);
  });

  test('newMasterAcceptsWrites ignores writes acknowledged by the old master after the fault', () => {
    const attempts = killMasterAttempts().filter((a) => a.node !== 'redis-replica-1');
    const stopwatch = measure({ attempts });
    assert.equal(stopwatch.promoted, 1900);
    assert.equal(stopwatch.newMasterAcceptsWrites, null);
  });

  test('newMasterAcceptsWrites ignores refused writes on the new master', () => {
    const attempts = [
      ...killMasterAttempts().filter((a) => a.node !== 'redis-replica-1'),
      write('sentinel', 9, 2000, 3, false, 'redis-replica-1'),
    ];
    assert.equal(measure({ attempts }).newMasterAcceptsWrites, null);
  });
});

describe('measureFailover: per-client outage', () => {
  test('the sentinel client: last success before the fault to the first success on the new master', () => {
    assert.deepEqual(measure().clients['sentinel'], {
      lastOkBefore: -95,
      firstOkAfter: 2410,
      recovered: 2410,
      outageMs: 2505,
      failedAfterFault: true,
    });
  });

  test('the direct client never recovers: its recovery and outage are null, its last success is known', () => {
    assert.deepEqual(measure().clients['direct'], {
      lastOkBefore: -90,
      firstOkAfter: null,
      recovered: null,
      outageMs: null,
      failedAfterFault: true,
    });
  });

  test('one entry per client that wrote', () => {
    assert.deepEqual(Object.keys(measure().clients).sort(), ['direct', 'sentinel']);
    assert.deepEqual(measure({ attempts: [] }).clients, {});
  });

  type Row = [start: number, ms: number, ok: boolean];
  /** One sentinel client's writes: on the old master until the switch at +1000, on the new one after. */
  const one = (rows: Row[]) =>
    rows.map(([start, ms, ok], i) => write('sentinel', i + 1, start, ms, ok, start < 1000 ? 'redis-master' : 'redis-replica-1'));
  const cases: { title: string; rows: Row[]; expected: Stopwatch['clients'][string] }[] = [
    {
      title: 'successes on the old master right after the fault are not a recovery',
      rows: [
        [-100, 5, true],
        [10, 5, true],
        [110, 5, true],
        [210, 300, false],
        [600, 5, false],
        [1500, 20, true],
      ],
      expected: { lastOkBefore: -95, firstOkAfter: 1520, recovered: 1520, outageMs: 1615, failedAfterFault: true },
    },
    {
      title: 'recovery is the first success after the first failure, not a later one',
      rows: [
        [-200, 5, true],
        [0, 500, false],
        [600, 5, true],
        [700, 5, false],
        [800, 5, true],
      ],
      expected: { lastOkBefore: -195, firstOkAfter: 605, recovered: 605, outageMs: 800, failedAfterFault: true },
    },
    {
      title: 'a failure before the fault does not count; the last success before the fault does',
      rows: [
        [-300, 5, true],
        [-200, 5, false],
        [-100, 5, true],
        [100, 5, false],
        [900, 5, true],
      ],
      expected: { lastOkBefore: -95, firstOkAfter: 905, recovered: 905, outageMs: 1000, failedAfterFault: true },
    },
    {
      title: 'a write still running at the fault is not the last success before it',
      rows: [
        [-100, 5, true],
        [-10, 40, true],
        [100, 5, false],
        [900, 5, true],
      ],
      expected: { lastOkBefore: -95, firstOkAfter: 905, recovered: 905, outageMs: 1000, failedAfterFault: true },
    },
    {
      title: 'never failed after the fault → no outage measured',
      rows: [
        [-100, 5, true],
        [100, 5, true],
        [200, 5, true],
      ],
      expected: { lastOkBefore: -95, firstOkAfter: null, recovered: null, outageMs: null, failedAfterFault: false },
    },
    {
      title: 'failed and never recovered → no recovery, no outage',
      rows: [
        [-100, 5, true],
        [100, 500, false],
        [700, 500, false],
      ],
      expected: { lastOkBefore: -95, firstOkAfter: null, recovered: null, outageMs: null, failedAfterFault: true },
    },
    {
      title: 'no success before the fault → the outage is measured from the fault',
      rows: [
        [0, 500, false],
        [800, 10, true],
      ],
      expected: { lastOkBefore: null, firstOkAfter: 810, recovered: 810, outageMs: 810, failedAfterFault: true },
    },
  ];
  for (const { title, rows, expected } of cases) {
    test(title, () => {
      assert.deepEqual(measure({ attempts: one(rows) }).clients['sentinel'], expected);
    });
  }

  test("each client's outage is its own: another client's failures and successes do not count", () => {
    const attempts = [
      write('sentinel', 1, -100, 5, true, 'redis-master'),
      write('direct', 1, -50, 5, true, 'redis-master'),
      write('sentinel', 2, 100, 5, false, undefined),
      write('direct', 2, 300, 5, false, undefined),
      write('direct', 3, 400, 5, true, 'redis-master'),
      write('sentinel', 3, 1000, 5, true, 'redis-replica-1'),
    ];
    const { clients } = measure({ attempts });
    assert.deepEqual(clients['sentinel'], {
      lastOkBefore: -95,
      firstOkAfter: 1005,
      recovered: 1005,
      outageMs: 1100,
      failedAfterFault: true,
    });
    assert.deepEqual(clients['direct'], { lastOkBefore: -45, firstOkAfter: 405, recovered: 405, outageMs: 450, failedAfterFault: true });
  });
});

describe('summarize', () => {
  const cases: { title: string; values: (number | null)[]; expected: ReturnType<typeof summarize> }[] = [
    { title: 'no runs → null', values: [], expected: null },
    { title: 'the phase never happened in any run → null', values: [null, null, null], expected: null },
    { title: 'one run', values: [1234], expected: { n: 1, min: 1234, median: 1234, p95: 1234, max: 1234 } },
    { title: 'a zero is a value, not a missing run', values: [0, null], expected: { n: 1, min: 0, median: 0, p95: 0, max: 0 } },
    {
      title: 'odd count: the middle value, unsorted input',
      values: [3000, 1000, 2000],
      expected: { n: 3, min: 1000, median: 2000, p95: 3000, max: 3000 },
    },
    {
      title: 'even count: the mean of the two middle values',
      values: [4000, 1000, 3000, 2000],
      expected: { n: 4, min: 1000, median: 2500, p95: 4000, max: 4000 },
    },
    {
      title: 'nulls are ignored',
      values: [null, 3000, null, 1000, 2000, null],
      expected: { n: 3, min: 1000, median: 2000, p95: 3000, max: 3000 },
    },
    {
      title: 'even count after dropping nulls',
      values: [null, 1000, 1500, null],
      expected: { n: 2, min: 1000, median: 1250, p95: 1500, max: 1500 },
    },
    {
      title: 'numbers sort as numbers, not as text',
      values: [900, 10_000, 2000],
      expected: { n: 3, min: 900, median: 2000, p95: 10_000, max: 10_000 },
    },
  ];
  for (const { title, values, expected } of cases) {
    test(title, () => {
      assert.deepEqual(summarize(values), expected);
    });
  }

  const range = (n: number) => Array.from({ length: n }, (_, i) => (n - i) * 10); // n values, descending
  const p95Cases: { n: number; p95: number; median: number }[] = [
    { n: 10, p95: 100, median: 55 }, // rank ceil(9.5) = 10: the largest
    { n: 20, p95: 190, median: 105 }, // rank 19
    { n: 21, p95: 200, median: 110 }, // rank ceil(19.95) = 20
    { n: 100, p95: 950, median: 505 }, // rank 95
  ];
  for (const { n, p95, median } of p95Cases) {
    test(`p95 of ${n} runs is the nearest-rank value (rank ⌈0.95·n⌉)`, () => {
      const stats = summarize(range(n));
      assert.equal(stats?.p95, p95);
      assert.equal(stats?.median, median);
      assert.equal(stats?.min, 10);
      assert.equal(stats?.max, n * 10);
      assert.equal(stats?.n, n);
    });
  }

  test('leaves its input as it was', () => {
    const values = [3, null, 1, 2];
    summarize(values);
    assert.deepEqual(values, [3, null, 1, 2]);
  });
});
