/**
 * Measures, in one run on this machine, alternating the contenders so machine noise hits them alike:
 *   - time from `up` to a ready lab on Docker, on the local runtime, with the plain `docker-compose up -d` of
 *     the rendered compose file, and with `docker-compose up -d` of the classic hand-written lab of tutorials
 *     (bench/classic-compose), each waiting for the same readiness (assessLab finds nothing);
 *   - a kill-master run on each runtime (down-after 1000): fault → a replica reports role:master, fault → first
 *     +switch-master, fault → every sentinel switched, and the whole scenario.
 * Prints Markdown and writes it to bench/labs.md.
 *
 *   REDIS_HA_LAB_IMAGE=redis-ha-lab/redis:local npm run bench:labs [-- --runs 5]
 */
import { execFileSync } from 'node:child_process';
import Dockerode from 'dockerode';
import { createLabIo } from '../src/observe/lab-io.js';
import { waitUntilHealthy } from '../src/observe/wait-healthy.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/common/clock.js';
import { packageRoot } from '../src/common/package-paths.js';
import { down } from '../src/lab/down.js';
import { LabStore, writeRendered } from '../src/lab/lab-store.js';
import { up } from '../src/lab/up.js';
import { createDockerRuntime } from '../src/runtime/docker/create-docker-runtime.js';
import { LocalRuntime } from '../src/runtime/local/local-runtime.js';
import type { RuntimeKind } from '../src/runtime/runtime.js';
import { median, seconds, timeKillMaster, type KillMasterTimes } from './bench-support.js';
import { buildClassicImage, downClassic, removeClassicImage, timeClassicUp } from './classic-lab.js';
import { buildTopology } from '../src/topology/build-topology.js';
import { parseLabOptions } from '../src/topology/lab-options.js';
import { renderDockerLab } from '../src/topology/render.js';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const lab = 'bench-labs';
const options = parseLabOptions({ name: lab, portBase: '7379' });
const home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-bench-'));
const store = new LabStore(home);
const runtimes = { docker: () => createDockerRuntime(), local: () => new LocalRuntime(store, systemClock) };
const io = createLabIo(systemClock);
const quiet = { io, emit: () => undefined };
const docker = new Dockerode();
// The classic lab publishes the same ports as the others (the contenders never run at the same time).
const classic = { project: 'bench-classic', topology: buildTopology(parseLabOptions({ name: 'bench-classic', portBase: '7379' })) };

async function timeUp(kind: RuntimeKind): Promise<number> {
  const start = performance.now();
  await up(options, { runtime: runtimes[kind](), runtimes, store, clock: systemClock, ...quiet });
  const elapsed = performance.now() - start;
  await down(lab, { runtimes, store });
  return elapsed;
}

async function timeCompose(): Promise<number> {
  const dir = join(home, 'compose');
  const topology = buildTopology(options);
  await writeRendered(dir, renderDockerLab(topology));
  const compose = (...args: string[]) =>
    execFileSync('docker-compose', ['-p', lab, '-f', join(dir, 'compose.yaml'), ...args], { stdio: 'ignore' });
  const start = performance.now();
  compose('up', '-d');
  const outcome = await waitUntilHealthy(topology, { io, clock: systemClock, timeoutMs: 60_000, intervalMs: 50 });
  const elapsed = performance.now() - start;
  compose('down', '--timeout', '1');
  rmSync(dir, { recursive: true, force: true });
  if (!outcome.ok) throw new Error(`docker-compose lab not ready: ${outcome.pending.join('; ')}`);
  return elapsed;
}

/** kill-master on a lab the scenario boots itself (so the run includes up and down, as a CI job would). */
function killMaster(kind: RuntimeKind): Promise<KillMasterTimes> {
  // down-after 1000, as the figures in the README were measured (the built-in uses 2000).
  return timeKillMaster(kind, { downAfter: '1000', name: lab, portBase: '7379' }, { runtimes, store, clock: systemClock });
}

const s = seconds;
const row = (label: string, values: number[]) =>
  `| ${label} | ${s(median(values))} | ${s(Math.min(...values))} | ${s(Math.max(...values))} |`;

async function timeClassic(): Promise<number> {
  try {
    return await timeClassicUp(classic, { docker, io, clock: systemClock, timeoutMs: 60_000 });
  } finally {
    downClassic(classic);
  }
}

try {
  await down(lab, { runtimes, store });
  downClassic(classic);
  buildClassicImage(classic); // its sentinels' image, as a tutorial's `docker-compose build`: not timed
  const ups: Record<'docker' | 'local' | 'compose' | 'classic', number[]> = { docker: [], local: [], compose: [], classic: [] };
  const kills: Record<RuntimeKind, KillMasterTimes[]> = { docker: [], local: [] };
  for (let i = 0; i < runs; i++) {
    ups.docker.push(await timeUp('docker'));
    ups.classic.push(await timeClassic());
    ups.compose.push(await timeCompose());
    ups.local.push(await timeUp('local'));
    kills.docker.push(await killMaster('docker'));
    kills.local.push(await killMaster('local'));
    process.stderr.write(
      `run ${i + 1}/${runs}: up docker ${s(ups.docker.at(-1)!)}, classic ${s(ups.classic.at(-1)!)}, compose ${s(ups.compose.at(-1)!)}, ` +
        `local ${s(ups.local.at(-1)!)}; kill-master docker ${s(kills.docker.at(-1)!.scenario)}, local ${s(kills.local.at(-1)!.scenario)}\n`,
    );
  }
  const ratio = (values: number[]) => (median(values) / median(ups.classic)).toFixed(2);
  const verdict = (values: number[], parts: number, label: string) =>
    `${label} ${ratio(values)} (goal ≤ 1/${parts}: ${median(values) * parts <= median(ups.classic) ? 'met' : 'NOT met'})`;
  const pick = (kind: RuntimeKind, key: keyof KillMasterTimes) => kills[kind].map((k) => k[key]);
  const report = [
    `Measured by \`npm run bench:labs\` on ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, median of ${runs} alternating runs,`,
    `image ${options.image} on Docker, the same Redis binaries on the local runtime.`,
    '',
    'Time to a ready lab (1 master, 2 replicas, 3 sentinels; every replica linked, every sentinel reporting the',
    'master with 2 replicas and 2 other sentinels, CKQUORUM OK):',
    '',
    '| how | median | min | max |',
    '| --- | ---: | ---: | ---: |',
    row('`redis-ha-lab up` on Docker', ups.docker),
    row('`docker-compose up -d` of the rendered file', ups.compose),
    row('`redis-ha-lab up --runtime local`', ups.local),
    row('`docker-compose up -d` of the classic hand-written lab', ups.classic),
    '',
    'The classic lab is bench/classic-compose, written as tutorials write it: replicas follow the master by hostname,',
    'sentinels (started after the master) monitor it by hostname with `resolve-hostnames yes` and find the replicas and',
    'each other themselves; Redis defaults otherwise. The same image, the same readiness.',
    '',
    `Ratios to the classic lab: ${verdict(ups.docker, 4, 'up on Docker')}; ${verdict(ups.local, 8, 'local')}; ` +
      `rendered compose ${ratio(ups.compose)}.`,
    `Other ratios: up on Docker / rendered compose ${(median(ups.docker) / median(ups.compose)).toFixed(2)}; local / Docker ${(median(ups.local) / median(ups.docker)).toFixed(2)}.`,
    '',
    'kill-master with real sentinels (down-after 1000), times from the kill:',
    '',
    '| | Docker | local |',
    '| --- | ---: | ---: |',
    `| a replica reports role:master | ${s(median(pick('docker', 'promoted')))} | ${s(median(pick('local', 'promoted')))} |`,
    `| first +switch-master | ${s(median(pick('docker', 'firstSwitch')))} | ${s(median(pick('local', 'firstSwitch')))} |`,
    `| every sentinel switched | ${s(median(pick('docker', 'allSwitched')))} | ${s(median(pick('local', 'allSwitched')))} |`,
    `| whole scenario, booting and removing its lab | ${s(median(pick('docker', 'scenario')))} | ${s(median(pick('local', 'scenario')))} |`,
    '',
  ].join('\n');
  process.stdout.write(report);
  mkdirSync(join(packageRoot, 'bench'), { recursive: true });
  writeFileSync(join(packageRoot, 'bench', 'labs.md'), report);
} finally {
  await down(lab, { runtimes, store });
  downClassic(classic);
  await removeClassicImage(docker);
  rmSync(home, { recursive: true, force: true });
}
