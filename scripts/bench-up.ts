/**
 * Time from `up` to a ready lab, beside the plain `docker-compose up -d` of the rendered compose file waiting for
 * the same readiness (assessLab finds nothing), measured in one run, alternating the two so machine noise hits
 * both alike. Prints a Markdown table and writes it to bench/up.md.
 *
 *   REDIS_HA_LAB_IMAGE=redis-ha-lab/redis:local npm run bench:up [-- --runs 5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/common/clock.js';
import { packageRoot } from '../src/common/package-paths.js';
import { waitFor } from '../src/common/wait-for.js';
import { down } from '../src/lab/down.js';
import { LabStore, writeRendered } from '../src/lab/lab-store.js';
import { up } from '../src/lab/up.js';
import { assessLab } from '../src/observe/assess-lab.js';
import { probeLab } from '../src/observe/node-status.js';
import { createDockerRuntime } from '../src/runtime/docker/create-docker-runtime.js';
import { buildTopology } from '../src/topology/build-topology.js';
import { parseLabOptions } from '../src/topology/lab-options.js';
import { renderDockerLab } from '../src/topology/render.js';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const lab = 'bench-up';
const options = parseLabOptions({ name: lab, portBase: '21379' });
const home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-bench-'));
const store = new LabStore(home);
const runtime = createDockerRuntime();
const runtimes = { docker: () => runtime, local: () => runtime };

async function timeUp(): Promise<number> {
  const start = performance.now();
  await up(options, { runtime, runtimes, store, clock: systemClock, progress: 'silent', say: () => undefined });
  const elapsed = performance.now() - start;
  await down(lab, { runtimes, store });
  return elapsed;
}

async function timeCompose(): Promise<number> {
  const dir = join(home, 'compose');
  const topology = buildTopology(options);
  await writeRendered(dir, renderDockerLab(topology));
  const compose = (...args: string[]) => execFileSync('docker-compose', ['-p', lab, '-f', join(dir, 'compose.yaml'), ...args], { stdio: 'ignore' });
  const start = performance.now();
  compose('up', '-d');
  const outcome = await waitFor(
    async () => {
      const findings = assessLab(topology, await probeLab(topology));
      return findings.length === 0 ? { done: true, value: true } : { done: false, pending: findings.map((f) => f.message) };
    },
    { clock: systemClock, timeoutMs: 60_000, intervalMs: 50 },
  );
  const elapsed = performance.now() - start;
  compose('down', '--timeout', '1');
  rmSync(dir, { recursive: true, force: true });
  if (!outcome.ok) throw new Error(`docker-compose lab not ready: ${outcome.pending.join('; ')}`);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);

try {
  await down(lab, { runtimes, store });
  const upTimes: number[] = [];
  const composeTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    upTimes.push(await timeUp());
    composeTimes.push(await timeCompose());
    process.stderr.write(`run ${i + 1}/${runs}: up ${seconds(upTimes.at(-1)!)} s, docker-compose ${seconds(composeTimes.at(-1)!)} s\n`);
  }
  const report = [
    `Time to a ready lab (1 master, 2 replicas, 3 sentinels; every replica linked, every sentinel reporting the master`,
    `with 2 replicas and 2 other sentinels, CKQUORUM OK), median of ${runs} alternating runs on ${cpus().length} cores,`,
    `image ${options.image}, ${new Date().toISOString().slice(0, 10)}:`,
    '',
    '| how | median | min | max |',
    '| --- | ---: | ---: | ---: |',
    `| \`redis-ha-lab up\` | ${seconds(median(upTimes))} s | ${seconds(Math.min(...upTimes))} s | ${seconds(Math.max(...upTimes))} s |`,
    `| \`docker-compose up -d\` of the rendered file | ${seconds(median(composeTimes))} s | ${seconds(Math.min(...composeTimes))} s | ${seconds(Math.max(...composeTimes))} s |`,
    '',
    `Ratio up / docker-compose: ${(median(upTimes) / median(composeTimes)).toFixed(2)}.`,
    '',
  ].join('\n');
  process.stdout.write(report);
  writeFileSync(join(packageRoot, 'bench', 'up.md'), report);
} finally {
  await down(lab, { runtimes, store });
  rmSync(home, { recursive: true, force: true });
}
