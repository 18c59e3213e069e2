// Building blocks for unit tests of the sentinel core: config literals, an engine wired to a RecordingIo,
// INFO texts as Redis 7 prints them, and a responder that plays well-behaved instances.

import { REDIS_TIMING, type Timing } from '../../src/sentinel/constants.js';
import type { MasterConfig, SentinelConfig } from '../../src/sentinel/config/sentinel-config.js';
import { createMasterConfig } from '../../src/sentinel/config/sentinel-config-defaults.js';
import type { Instance } from '../../src/sentinel/core/instance.js';
import { SentinelEngine } from '../../src/sentinel/core/sentinel-engine.js';
import type { RespValue } from '../../src/sentinel/resp/reply-parser.js';
import { RecordingIo } from './sentinel-fake-io.js';

/** A 40-character run id made of one repeated character ("a" → "aaaa…"). */
export const rid = (c: string): string => c.repeat(40);

export const MY_ID = rid('e');
export const MASTER = 'master mymaster 127.0.0.1 6379';
export const replicaName = (port: number, master = '127.0.0.1 6379'): string =>
  `slave 127.0.0.1:${port} 127.0.0.1 ${port} @ mymaster ${master}`;

export function masterConf(over: Partial<MasterConfig> = {}): MasterConfig {
  return { ...createMasterConfig('mymaster', '127.0.0.1', 6379, 2), downAfterMs: 5000, failoverTimeoutMs: 60_000, ...over };
}

export function sentinelConf(masters: MasterConfig[], over: Partial<SentinelConfig> = {}): SentinelConfig {
  return {
    port: 26379,
    bind: [],
    logfile: '',
    daemonize: false,
    protectedMode: false,
    myid: MY_ID,
    currentEpoch: 0,
    resolveHostnames: false,
    announceHostnames: false,
    denyScriptsReconfig: true,
    masters,
    ...over,
  };
}

export interface Rig {
  engine: SentinelEngine;
  io: RecordingIo;
  master: Instance;
  timing: Timing;
}

export interface RigOptions {
  timing?: Timing;
  master?: Partial<MasterConfig>;
  /** Replica ports on 127.0.0.1, known from the config. */
  replicas?: number[];
  /** Other sentinels known from the config: one-letter run ids, at 10.0.0.<n>:26379. */
  sentinels?: string[];
  currentEpoch?: number;
}

/** An engine monitoring "mymaster" at 127.0.0.1:6379, with known replicas and sentinels, links not yet open. */
export function rig(o: RigOptions = {}): Rig {
  const io = new RecordingIo();
  const timing = o.timing ?? REDIS_TIMING;
  const conf = masterConf({
    knownReplicas: (o.replicas ?? []).map((port) => ({ host: '127.0.0.1', port })),
    knownSentinels: (o.sentinels ?? []).map((c, i) => ({ host: `10.0.0.${i + 2}`, port: 26379, runId: rid(c) })),
    ...o.master,
  });
  const engine = new SentinelEngine(sentinelConf([conf], { currentEpoch: o.currentEpoch ?? 0 }), io, timing);
  return { engine, io, master: engine.state.masters.get('mymaster')!, timing };
}

/** Run one timer tick `ms` after the previous one (small steps never trip TILT). */
export function tickAfter(r: Rig, ms: number): void {
  r.io.advance(ms);
  r.engine.tick();
}

/** Tick every `step` ms for `total` ms, answering commands with `responder` after each tick. */
export function runFor(r: Rig, total: number, responder: (ri: Instance, args: string[]) => RespValue | undefined, step = 100): void {
  for (let t = 0; t < total; t += step) {
    tickAfter(r, step);
    r.io.answerAll(responder);
  }
}

export function masterInfo(runId: string, replicas: { port: number; offset?: number }[] = []): string {
  const lines = ['# Server', `run_id:${runId}`, '# Replication', 'role:master', `connected_slaves:${replicas.length}`];
  replicas.forEach((r, i) => lines.push(`slave${i}:ip=127.0.0.1,port=${r.port},state=online,offset=${r.offset ?? 0},lag=0`));
  lines.push('master_repl_offset:1000', '');
  return lines.join('\r\n');
}

export interface ReplicaInfo {
  runId: string;
  masterPort?: number;
  masterHost?: string;
  linkUp?: boolean;
  downSinceSeconds?: number;
  offset?: number;
  priority?: number;
}

export function replicaInfo(r: ReplicaInfo): string {
  const lines = [
    '# Server',
    `run_id:${r.runId}`,
    '# Replication',
    'role:slave',
    `master_host:${r.masterHost ?? '127.0.0.1'}`,
    `master_port:${r.masterPort ?? 6379}`,
  ];
  lines.push(`master_link_status:${r.linkUp === false ? 'down' : 'up'}`);
  if (r.linkUp === false) lines.push(`master_link_down_since_seconds:${r.downSinceSeconds ?? 1}`);
  lines.push(`slave_repl_offset:${r.offset ?? 1000}`, `slave_priority:${r.priority ?? 100}`, 'replica_announced:1', '');
  return lines.join('\r\n');
}

/** Find an instance of the rig by port (master or replica) or by one-letter sentinel run id. */
export function replicaAt(r: Rig, port: number): Instance {
  const ri = r.master.slaves.get(`127.0.0.1:${port}`);
  if (!ri) throw new Error(`no replica at ${port}`);
  return ri;
}

export function sentinelOf(r: Rig, c: string): Instance {
  for (const si of r.master.sentinels.values()) if (si.runId === rid(c)) return si;
  throw new Error(`no sentinel ${c}`);
}

/** Mark every link of the master, its replicas and sentinels as open and fresh, as after a first tick. */
export function connectAll(r: Rig): void {
  r.engine.tick();
  const now = r.io.now();
  for (const ri of [r.master, ...r.master.slaves.values(), ...r.master.sentinels.values()]) {
    ri.link.actPingTime = 0;
    ri.link.lastAvailTime = now;
    ri.link.lastPongTime = now;
  }
}
