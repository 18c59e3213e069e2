import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExpectationResult } from '../../src/traffic/expectations.js';
import { judgeExpectations } from '../../src/traffic/expectations.js';
import type { Stopwatch } from '../../src/traffic/stopwatch.js';
import type { TrafficExpectations } from '../../src/traffic/traffic-options.js';
import type { WriteAttempt } from '../../src/traffic/write-attempt.js';
import type { WriteCheck } from '../../src/traffic/write-checker.js';

const FAULT = Date.UTC(2025, 0, 15, 12, 0, 5);

/** An acknowledged write that the final master no longer holds, acknowledged `t` ms after the fault. */
function lostWrite(seq: number, t: number): WriteAttempt {
  return {
    client: 'sentinel',
    seq,
    key: `traffic:sentinel:${seq}`,
    value: `run-a:${seq}`,
    startedAt: FAULT + t - 2,
    endedAt: FAULT + t,
    ok: true,
    node: 'redis-master',
  };
}

function check(lostAt: number[], acknowledged = 120): WriteCheck {
  const lost = lostAt.map((t, i) => lostWrite(i + 1, t));
  return { attempted: 150, acknowledged, present: acknowledged - lost.length, lost, failed: 30, indeterminate: 1 };
}

type Client = Stopwatch['clients'][string];
function stopwatch(outages: Record<string, number | null>): Stopwatch {
  const clients: Record<string, Client> = {};
  for (const [client, outageMs] of Object.entries(outages)) {
    clients[client] =
      outageMs === null
        ? { lastOkBefore: -90, firstOkAfter: null, recovered: null, outageMs: null, failedAfterFault: false }
        : { lastOkBefore: -100, firstOkAfter: outageMs - 100, recovered: outageMs - 100, outageMs, failedAfterFault: true };
  }
  return {
    firstSdown: 1050,
    odown: 1200,
    leaderElected: 1400,
    promoted: 1900,
    firstSwitch: 2100,
    allSwitched: 3200,
    newMasterAcceptsWrites: 2410,
    clients,
  };
}

function judge(
  expect: TrafficExpectations,
  opts: { lostAt?: number[]; outages?: Record<string, number | null> } = {},
): ExpectationResult[] {
  return judgeExpectations(expect, check(opts.lostAt ?? []), stopwatch(opts.outages ?? { sentinel: 2340 }), FAULT);
}

function only(results: ExpectationResult[]): ExpectationResult {
  assert.equal(results.length, 1, `one result, got ${JSON.stringify(results)}`);
  return results[0]!;
}

describe('judgeExpectations: max-outage', () => {
  const cases: { title: string; maxOutageMs: number; outages: Record<string, number | null>; ok: boolean; seen: string }[] = [
    { title: 'the outage well under the limit', maxOutageMs: 15_000, outages: { sentinel: 2340 }, ok: true, seen: 'sentinel: 2.34 s' },
    { title: 'the outage exactly at the limit', maxOutageMs: 2340, outages: { sentinel: 2340 }, ok: true, seen: 'sentinel: 2.34 s' },
    { title: 'the outage over the limit', maxOutageMs: 2000, outages: { sentinel: 2340 }, ok: false, seen: 'sentinel: 2.34 s' },
    { title: 'one ms over the limit', maxOutageMs: 2339, outages: { sentinel: 2340 }, ok: false, seen: 'sentinel: 2.34 s' },
    {
      title: 'the worst client counts: one under, one over',
      maxOutageMs: 3000,
      outages: { sentinel: 1200, direct: 3400 },
      ok: false,
      seen: 'sentinel: 1.20 s, direct: 3.40 s',
    },
    {
      title: 'both clients under the limit',
      maxOutageMs: 5000,
      outages: { sentinel: 1200, direct: 3400 },
      ok: true,
      seen: 'sentinel: 1.20 s, direct: 3.40 s',
    },
    {
      title: 'a client with no outage (it never failed) is named as such',
      maxOutageMs: 2000,
      outages: { sentinel: 1500, direct: null },
      ok: true,
      seen: 'sentinel: 1.50 s, direct: no outage measured',
    },
  ];
  for (const { title, maxOutageMs, outages, ok, seen } of cases) {
    test(`${title} → ${ok ? 'passes' : 'fails'}`, () => {
      const result = only(judge({ maxOutageMs }, { outages }));
      assert.equal(result.ok, ok);
      assert.equal(result.seen, seen);
    });
  }

  test('title and expected state the limit in seconds', () => {
    const result = only(judge({ maxOutageMs: 15_000 }));
    assert.equal(result.title, 'outage at most 15 s');
    assert.equal(result.expected, "every client's outage ≤ 15 s");
    assert.equal(only(judge({ maxOutageMs: 2500 })).title, 'outage at most 2.5 s');
  });
});

describe('judgeExpectations: max-lost and min-lost', () => {
  const cases: { title: string; expect: TrafficExpectations; lost: number; ok: boolean }[] = [
    { title: 'max-lost 0, nothing lost', expect: { maxLost: 0 }, lost: 0, ok: true },
    { title: 'max-lost 0, two lost', expect: { maxLost: 0 }, lost: 2, ok: false },
    { title: 'max-lost 3, three lost (at the limit)', expect: { maxLost: 3 }, lost: 3, ok: true },
    { title: 'max-lost 3, four lost', expect: { maxLost: 3 }, lost: 4, ok: false },
    { title: 'min-lost 1 (split brain must lose), nothing lost', expect: { minLost: 1 }, lost: 0, ok: false },
    { title: 'min-lost 1, one lost (at the limit)', expect: { minLost: 1 }, lost: 1, ok: true },
    { title: 'min-lost 1, five lost', expect: { minLost: 1 }, lost: 5, ok: true },
  ];
  for (const { title, expect, lost, ok } of cases) {
    test(`${title} → ${ok ? 'passes' : 'fails'}`, () => {
      const result = only(judge(expect, { lostAt: Array.from({ length: lost }, (_, i) => 500 + i * 100) }));
      assert.equal(result.ok, ok);
      assert.equal(result.seen, `${lost} of 120 acknowledged writes lost`);
    });
  }

  test('max-lost says the limit in its title and expected text', () => {
    const result = only(judge({ maxLost: 0 }));
    assert.equal(result.title, 'at most 0 acknowledged writes lost');
    assert.equal(result.expected, '≤ 0 lost');
  });

  test('min-lost says the limit in its title and expected text', () => {
    const result = only(judge({ minLost: 1 }, { lostAt: [800] }));
    assert.equal(result.title, 'at least 1 acknowledged writes lost');
    assert.equal(result.expected, '≥ 1 lost');
  });

  test('seen counts against the acknowledged writes', () => {
    const result = only(judgeExpectations({ maxLost: 0 }, check([100, 200], 57), stopwatch({}), FAULT));
    assert.equal(result.seen, '2 of 57 acknowledged writes lost');
  });
});

describe('judgeExpectations: no-lost-after', () => {
  const cases: { title: string; noLostAfterMs: number; lostAt: number[]; ok: boolean; seen: string }[] = [
    { title: 'nothing lost', noLostAfterMs: 4000, lostAt: [], ok: true, seen: 'no write lost' },
    {
      title: 'every lost write acknowledged inside the window',
      noLostAfterMs: 4000,
      lostAt: [1500, 3900],
      ok: true,
      seen: '0 later; the last lost write was acknowledged 3.90 s after the fault',
    },
    {
      title: 'the last lost write exactly at the window',
      noLostAfterMs: 4000,
      lostAt: [1500, 4000],
      ok: true,
      seen: '0 later; the last lost write was acknowledged 4.00 s after the fault',
    },
    {
      title: 'two lost writes acknowledged after the window',
      noLostAfterMs: 4000,
      lostAt: [1500, 4200, 5000],
      ok: false,
      seen: '2 later; the last lost write was acknowledged 5.00 s after the fault',
    },
    {
      title: 'the latest lost write is found even when listed first',
      noLostAfterMs: 1000,
      lostAt: [6250, 300, 2000],
      ok: false,
      seen: '2 later; the last lost write was acknowledged 6.25 s after the fault',
    },
  ];
  for (const { title, noLostAfterMs, lostAt, ok, seen } of cases) {
    test(`${title} → ${ok ? 'passes' : 'fails'}`, () => {
      const result = only(judge({ noLostAfterMs }, { lostAt }));
      assert.equal(result.ok, ok);
      assert.equal(result.seen, seen);
    });
  }

  test('title and expected state the window in seconds', () => {
    const result = only(judge({ noLostAfterMs: 4000 }));
    assert.equal(result.title, 'no lost write acknowledged later than 4 s after the fault');
    assert.equal(result.expected, 'every lost write acknowledged within 4 s of the fault');
  });
});

describe('judgeExpectations: which thresholds are judged', () => {
  test('no thresholds → nothing to judge', () => {
    assert.deepEqual(judge({}, { lostAt: [100, 200] }), []);
  });

  test('a threshold of 0 is judged, not skipped', () => {
    assert.deepEqual(
      judge({ maxLost: 0, noLostAfterMs: 0, maxOutageMs: 0 }).map((r) => r.title),
      ['outage at most 0 s', 'at most 0 acknowledged writes lost', 'no lost write acknowledged later than 0 s after the fault'],
    );
  });

  test('all four, in a fixed order, each judged on its own', () => {
    const results = judge(
      { noLostAfterMs: 4000, minLost: 1, maxLost: 1, maxOutageMs: 15_000 },
      { lostAt: [1500, 4200], outages: { direct: null, sentinel: 2340 } },
    );
    assert.deepEqual(results, [
      {
        title: 'outage at most 15 s',
        ok: true,
        expected: "every client's outage ≤ 15 s",
        seen: 'direct: no outage measured, sentinel: 2.34 s',
      },
      { title: 'at most 1 acknowledged writes lost', ok: false, expected: '≤ 1 lost', seen: '2 of 120 acknowledged writes lost' },
      { title: 'at least 1 acknowledged writes lost', ok: true, expected: '≥ 1 lost', seen: '2 of 120 acknowledged writes lost' },
      {
        title: 'no lost write acknowledged later than 4 s after the fault',
        ok: false,
        expected: 'every lost write acknowledged within 4 s of the fault',
        seen: '1 later; the last lost write was acknowledged 4.20 s after the fault',
      },
    ]);
  });
});

describe('max-outage with a client that never recovered', () => {
  test('fails: its outage is longer than any limit', () => {
    const sw = stopwatch({ sentinel: 2000 });
    sw.clients.direct = { lastOkBefore: -90, firstOkAfter: null, recovered: null, outageMs: null, failedAfterFault: true };
    const [result] = judgeExpectations({ maxOutageMs: 15_000 }, check([]), sw, 0);
    assert.equal(result!.ok, false);
    assert.match(result!.seen, /direct: never recovered/);
  });
});
