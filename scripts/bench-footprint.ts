/**
 * What a sentinel costs on this machine: the engine (started as the lab starts it) against redis-sentinel, each
 * alone, monitoring the same 1, 10 and 50 masters (distinct redis-server processes on 127.0.0.1), one after the
 * other, alternating which goes first. For each: start-up to the first PONG, memory at rest (VmRSS once settled),
 * CPU at rest (user + system time over a window, as a share of one core). Used by bench-engine.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../src/common/package-paths.js';
import { engineNodeFlags } from '../src/topology/server-programs.js';

export interface FootprintOptions {
  masterCounts: number[];
  runs: number;
  /** Time from the first PONG until the window opens (discovery, first INFOs, and the JIT settle). */
  settleMs: number;
  windowMs: number;
  /** First port of the masters; sentinels get the ports above the last master. */
  basePort: number;
}

export interface Footprint {
  startMs: number;
  rssKb: number;
  cpuPercent: number;
}

type Contender = 'redis' | 'engine';
const CONTENDERS: Contender[] = ['redis', 'engine'];
const TICKS_PER_SECOND = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in 1/100 s

/** One PING on a fresh connection: true if it was answered +PONG within the timeout. */
function pongs(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function waitForPong(port: number, limitMs = 20_000): Promise<void> {
  const until = performance.now() + limitMs;
  while (!(await pongs(port))) {
    if (performance.now() > until) throw new Error(`nothing answers PING on port ${port} after ${limitMs} ms`);
    await sleep(5); // polling a port that does not listen yet: nothing to wait on
  }
}

function procStat(pid: number): { cpuTicks: number; rssKb: number } {
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuTicks, rssKb: Number(rss?.[1] ?? 0) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function sentinelConf(port: number, masterPorts: number[]): string {
  const lines = [`port ${port}`, 'bind 127.0.0.1', 'daemonize no', 'logfile ""'];
  masterPorts.forEach((p, i) => {
    lines.push(`sentinel monitor m${i + 1} 127.0.0.1 ${p} 1`, `sentinel down-after-milliseconds m${i + 1} 5000`);
  });
  return `${lines.join('\n')}\n`;
}

function startSentinel(kind: Contender, conf: string): ChildProcess {
  const [command, args] =
    kind === 'redis'
      ? [process.env.REDIS_HA_LAB_REDIS_SENTINEL || 'redis-sentinel', [conf]]
      : [process.execPath, [...engineNodeFlags, join(packageRoot, 'bin', 'redis-ha-lab.js'), 'sentinel', conf]];
  return spawn(command, args, { stdio: 'ignore' });
}

async function measureOne(kind: Contender, port: number, masterPorts: number[], dir: string, o: FootprintOptions): Promise<Footprint> {
  const conf = join(dir, `${kind}-${masterPorts.length}-${port}.conf`);
  writeFileSync(conf, sentinelConf(port, masterPorts));
  const started = performance.now();
  const child = startSentinel(kind, conf);
  try {
    await waitForPong(port);
    const startMs = performance.now() - started;
    await sleep(o.settleMs);
    const before = procStat(child.pid!);
    await sleep(o.windowMs);
    const after = procStat(child.pid!);
    const cpuPercent = ((after.cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / (o.windowMs / 1000)) * 100;
    return { startMs, rssKb: after.rssKb, cpuPercent };
  } finally {
    await stop(child);
  }
}

/** Footprints per master count and contender, each a list over the runs. */
export async function measureFootprint(
  o: FootprintOptions,
  progress: (line: string) => void,
): Promise<Map<number, Record<Contender, Footprint[]>>> {
  const most = Math.max(...o.masterCounts);
  const masterPorts = Array.from({ length: most }, (_, i) => o.basePort + i);
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-lab-footprint-'));
  const masters = masterPorts.map((port) =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    }),
  );
  const results = new Map<number, Record<Contender, Footprint[]>>();
  try {
    await Promise.all(masterPorts.map((port) => waitForPong(port)));
    let sentinelPort = o.basePort + most;
    for (const count of o.masterCounts) {
      const row: Record<Contender, Footprint[]> = { redis: [], engine: [] };
      for (let run = 0; run < o.runs; run++) {
        const order = run % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
        for (const kind of order) {
          const f = await measureOne(kind, sentinelPort++, masterPorts.slice(0, count), dir, o);
          row[kind].push(f);
          progress(
            `footprint ${count} master(s), ${kind}: first PONG ${f.startMs.toFixed(0)} ms, RSS ${(f.rssKb / 1024).toFixed(1)} MB, CPU ${f.cpuPercent.toFixed(2)}%`,
          );
        }
      }
      results.set(count, row);
    }
  } finally {
    await Promise.all(masters.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** The Markdown table of measureFootprint's results, and the targets for one master. */
export function footprintReport(results: Map<number, Record<Contender, Footprint[]>>, o: FootprintOptions): string {
  const pick = (r: Record<Contender, Footprint[]>, kind: Contender, key: keyof Footprint) => middle(r[kind].map((f) => f[key]));
  const lines = [
    `Each sentinel alone, monitoring N distinct redis-server masters on 127.0.0.1 (quorum 1), the two kinds one after the`,
    `other, alternating; median of ${o.runs} run(s). Start-up: spawn to the first PONG. At rest: after ${o.settleMs / 1000} s, RSS (VmRSS)`,
    `and CPU (user + system) over ${o.windowMs / 1000} s, in % of one core. The engine is started as the lab starts it`,
    `(\`node ${engineNodeFlags.join(' ')} bin/redis-ha-lab.js sentinel <conf>\`, default timing: adaptive).`,
    '',
    '| masters | first PONG: redis-sentinel / engine | RSS: redis-sentinel / engine (ratio) | CPU at rest: redis-sentinel / engine (ratio) |',
    '| ---: | ---: | ---: | ---: |',
  ];
  for (const [count, r] of results) {
    const rss = (k: Contender) => pick(r, k, 'rssKb') / 1024;
    const cpu = (k: Contender) => pick(r, k, 'cpuPercent');
    lines.push(
      `| ${count} | ${pick(r, 'redis', 'startMs').toFixed(0)} ms / ${pick(r, 'engine', 'startMs').toFixed(0)} ms | ` +
        `${rss('redis').toFixed(1)} MB / ${rss('engine').toFixed(1)} MB (${(rss('engine') / rss('redis')).toFixed(1)}×) | ` +
        `${cpu('redis').toFixed(2)}% / ${cpu('engine').toFixed(2)}% (${(cpu('engine') / cpu('redis')).toFixed(1)}×) |`,
    );
  }
  const one = results.get(1);
  if (one) {
    const rssRatio = pick(one, 'engine', 'rssKb') / pick(one, 'redis', 'rssKb');
    const cpuRatio = pick(one, 'engine', 'cpuPercent') / pick(one, 'redis', 'cpuPercent');
    lines.push(
      '',
      `Targets with 1 master: CPU at rest ≤ 2× redis-sentinel's (${cpuRatio.toFixed(2)}×: ${cpuRatio <= 2 ? 'met' : 'NOT met'}), ` +
        `memory at rest ≤ 4× (${rssRatio.toFixed(2)}×: ${rssRatio <= 4 ? 'met' : 'NOT met'}).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
