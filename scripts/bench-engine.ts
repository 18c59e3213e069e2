/**
 * The engine against real redis-sentinel, in one run on this machine: kill-master (down-after 1000) with real
 * sentinels and with the embedded engine, alternating, on the local runtime and on Docker when it answers.
 * Times from the kill, median of the runs: a replica reports role:master, the first +switch-master, every
 * sentinel switched (the last +switch-master). The target: the engine's time after detection (all switched −
 * down-after) at most 1/5 of redis-sentinel's. Then the footprint (bench-footprint.ts): start-up, memory and
 * CPU at rest with 1, 10 and 50 monitored masters. Prints Markdown and writes it to bench/RESULTS.md.
 *
 *   npm run bench [-- --runs 5] [-- --runtimes local] [-- --footprint-runs 1] [-- --only kill-master|footprint]
 *   (Docker needs REDIS_HA_LAB_IMAGE/_ENGINE_IMAGE)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/common/clock.js';
import { packageRoot } from '../src/common/package-paths.js';
import { down } from '../src/lab/down.js';
import { LabStore } from '../src/lab/lab-store.js';
import { createDockerRuntime } from '../src/runtime/docker/create-docker-runtime.js';
import { LocalRuntime } from '../src/runtime/local/local-runtime.js';
import type { RuntimeKind } from '../src/runtime/runtime.js';
import { median, seconds, timeKillMaster, type KillMasterTimes } from './bench-support.js';
import { footprintReport, measureFootprint, type FootprintOptions } from './bench-footprint.js';

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 5);
const downAfter = 1000;
const lab = 'bench-engine';
const home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-bench-'));
const store = new LabStore(home);
const runtimes = { docker: () => createDockerRuntime(), local: () => new LocalRuntime(store, systemClock) };
type Kind = 'redis' | 'engine';

type Times = Pick<KillMasterTimes, 'promoted' | 'firstSwitch' | 'allSwitched'>;

async function dockerAnswers(): Promise<boolean> {
  try {
    await createDockerRuntime().check();
    return Boolean(process.env.REDIS_HA_LAB_ENGINE_IMAGE);
  } catch {
    return false;
  }
}

async function killMaster(runtime: RuntimeKind, sentinel: Kind): Promise<Times> {
  const t = await timeKillMaster(
    runtime,
    { downAfter: String(downAfter), sentinel, name: lab, portBase: '7379' },
    { runtimes, store, clock: systemClock },
  );
  if (t.switchedSentinels !== 3) throw new Error(`only ${t.switchedSentinels} sentinels switched (${runtime}, ${sentinel})`);
  return t;
}

const s = seconds;

try {
  const only = flag('--only');
  const wanted = only === 'footprint' ? [] : ((flag('--runtimes') ?? 'local,docker').split(',') as RuntimeKind[]);
  const kinds: RuntimeKind[] = [];
  if (wanted.includes('local')) kinds.push('local');
  if (wanted.includes('docker') && (await dockerAnswers())) kinds.push('docker');
  const results = new Map<string, Times[]>();
  await down(lab, { runtimes, store });
  for (let i = 0; i < runs; i++) {
    for (const runtime of kinds) {
      for (const sentinel of ['redis', 'engine'] as const) {
        const t = await killMaster(runtime, sentinel);
        const key = `${runtime}/${sentinel}`;
        results.set(key, [...(results.get(key) ?? []), t]);
        process.stderr.write(
          `run ${i + 1}/${runs} ${key}: promoted ${s(t.promoted)}, first switch ${s(t.firstSwitch)}, all switched ${s(t.allSwitched)}\n`,
        );
      }
    }
  }
  const lines = [
    `Measured by \`npm run bench\` on ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}: kill-master with down-after ${downAfter},`,
    `median of ${runs} runs per contender, contenders alternating so machine noise hits them alike. Times from the kill.`,
    "The engine runs with its default adaptive timing profile: redis-sentinel's periods at rest, the fast profile's",
    'once something is wrong (same safety rules).',
    'Sentinel events are timed as they are published; role:master as the lab sees it by polling INFO every 200 ms,',
    "so that row can lag the engine's own +promoted-slave by up to 200 ms (it can even come after the first switch).",
    '',
  ];
  for (const runtime of kinds) {
    const pick = (sentinel: Kind, key: keyof Times) => median(results.get(`${runtime}/${sentinel}`)!.map((t) => t[key]));
    const ratio = (key: keyof Times) => (pick('engine', key) / pick('redis', key)).toFixed(2);
    const after = (sentinel: Kind) => pick(sentinel, 'allSwitched') - downAfter;
    const afterRatio = after('engine') / after('redis');
    lines.push(
      `### ${runtime} runtime`,
      '',
      '| from the kill to | redis-sentinel | engine | engine / redis |',
      '| --- | ---: | ---: | ---: |',
      `| a replica reports role:master | ${s(pick('redis', 'promoted'))} | ${s(pick('engine', 'promoted'))} | ${ratio('promoted')} |`,
      `| first +switch-master | ${s(pick('redis', 'firstSwitch'))} | ${s(pick('engine', 'firstSwitch'))} | ${ratio('firstSwitch')} |`,
      `| every sentinel reports the new master | ${s(pick('redis', 'allSwitched'))} | ${s(pick('engine', 'allSwitched'))} | ${ratio('allSwitched')} |`,
      `| time after detection (all switched − down-after) | ${s(after('redis'))} | ${s(after('engine'))} | **${afterRatio.toFixed(2)}** |`,
      '',
      `Target: time after detection at most 1/5 of redis-sentinel's (ratio ≤ 0.20): ${afterRatio <= 0.2 ? 'met' : 'NOT met'}.`,
      '',
    );
  }
  if (only !== 'kill-master') {
    const o: FootprintOptions = {
      masterCounts: [1, 10, 50],
      runs: Number(flag('--footprint-runs') ?? 1),
      settleMs: Number(flag('--settle') ?? 15_000),
      windowMs: Number(flag('--window') ?? 30_000),
      basePort: 28500,
    };
    const results = await measureFootprint(o, (line) => process.stderr.write(`${line}\n`));
    lines.push('## Footprint', '', footprintReport(results, o));
  }
  const report = lines.join('\n');
  process.stdout.write(report);
  mkdirSync(join(packageRoot, 'bench'), { recursive: true });
  writeFileSync(join(packageRoot, 'bench', 'RESULTS.md'), `# Engine vs redis-sentinel\n\n${report}`);
} finally {
  await down(lab, { runtimes, store });
  rmSync(home, { recursive: true, force: true });
}
