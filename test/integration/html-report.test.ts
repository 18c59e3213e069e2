import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { buildReport } from '../../src/report/scenario-report.js';
import type { RunRecord } from '../../src/scenario/run-record.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';

const T = Date.UTC(2026, 10, 21, 12, 0, 0);

/** A split brain with traffic, as the runner records it, to render. */
function record(): RunRecord {
  const attempts = Array.from({ length: 60 }, (_, i) => ({
    client: 'direct',
    seq: i,
    key: `traffic:direct:${i}`,
    value: `r:${i}`,
    startedAt: T + i * 100,
    endedAt: T + i * 100 + 2,
    ok: i < 20 || i > 40,
    node: 'redis-master',
  }));
  return {
    scenario: {
      name: 'split-brain',
      description: 'The master is cut off.',
      file: 'scenarios/split-brain.yaml',
      topology: { options: {}, redisConfig: {}, replicaPriority: {} },
      steps: [],
      expect: {},
    },
    lab: 'redis-ha-lab',
    topology: buildTopology(parseLabOptions({}, {}), '172.28.1.0/24'),
    runtime: 'local',
    bootedLab: true,
    startedAt: T,
    faultAt: T + 1000,
    endedAt: T + 6000,
    oldMaster: 'redis-master',
    steps: [
      {
        index: 1,
        line: 5,
        kind: 'partition',
        category: 'fault',
        title: 'partition [old-master] | [rest]',
        status: 'done',
        startedAt: T + 1000,
        endedAt: T + 1050,
      },
      { index: 2, line: 6, kind: 'heal', category: 'action', title: 'heal', status: 'done', startedAt: T + 4000, endedAt: T + 4050 },
    ],
    events: [
      { at: T, kind: 'role', source: 'redis-master', name: 'role', detail: 'master' },
      { at: T, kind: 'role', source: 'redis-replica-1', name: 'role', detail: 'replica of redis-master' },
      { at: T, kind: 'role', source: 'redis-replica-2', name: 'role', detail: 'replica of redis-master' },
      { at: T + 2100, kind: 'sentinel', source: 'redis-sentinel-2', name: '+sdown', detail: 'master mymaster 172.28.1.10 6379' },
      { at: T + 3000, kind: 'role', source: 'redis-replica-1', name: 'role', detail: 'master' },
      {
        at: T + 3100,
        kind: 'sentinel',
        source: 'redis-sentinel-2',
        name: '+switch-master',
        detail: 'mymaster 172.28.1.10 6379 172.28.1.11 6379',
      },
      { at: T + 5000, kind: 'role', source: 'redis-master', name: 'role', detail: 'replica of redis-replica-1' },
    ],
    restore: { actions: [], findings: [], errors: [] },
    interrupted: false,
    traffic: {
      options: { clients: ['direct'], rate: 10 },
      attempts,
      finalMaster: 'redis-replica-1',
      stopwatch: {
        firstSdown: 1100,
        odown: null,
        leaderElected: null,
        promoted: 2000,
        firstSwitch: 2100,
        allSwitched: null,
        newMasterAcceptsWrites: null,
        clients: {},
      },
      expectations: [],
    },
  };
}

describe('report.html in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-lab-html-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('shows one row per node and per client, sentinel marks and fault windows', () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(buildReport(record())));
    const chromium = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
    ];
    const dom = execFileSync('chromium', [...chromium, '--dump-dom', `file://${file}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    const rows = [...dom.matchAll(/<g class="row" data-node="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(rows, [
      'redis-master',
      'redis-replica-1',
      'redis-replica-2',
      'redis-sentinel-1',
      'redis-sentinel-2',
      'redis-sentinel-3',
      'direct client',
    ]);
    assert.match(dom, /<rect class="mark"[^>]*><title>\+2\.10s \+switch-master/);
    assert.match(dom, /<rect class="fault"/);
    assert.match(dom, /split-brain <span class="passed">passed<\/span>/);

    const png = join(dir, 'report.png');
    execFileSync('chromium', [...chromium, '--window-size=1100,700', `--screenshot=${png}`, `file://${file}`], {
      stdio: 'ignore',
      timeout: 60_000,
    });
    assert.ok(statSync(png).size > 10_000, 'the screenshot is a real picture');
    assert.equal(readFileSync(png).subarray(1, 4).toString(), 'PNG');
  });
});
