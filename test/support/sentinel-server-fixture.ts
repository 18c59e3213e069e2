// A SentinelServer over an engine with a fake network and clock, listening on a real port: the unit tests of
// the server (sentinel-server.test.ts, sentinel-compat.test.ts) talk to it through real clients.

import net from 'node:net';
import { compatProfile, type CompatId } from '../../src/sentinel/compat/compat-profile.js';
import { createDefaultSentinelConfig, createMasterConfig } from '../../src/sentinel/config/sentinel-config-defaults.js';
import type { MasterConfig } from '../../src/sentinel/config/sentinel-config.js';
import type { LogLevel } from '../../src/sentinel/constants.js';
import type { EngineIo } from '../../src/sentinel/core/engine-io.js';
import type { Instance } from '../../src/sentinel/core/instance.js';
import { SentinelEngine } from '../../src/sentinel/core/sentinel-engine.js';
import { SentinelServer, type ServerHooks } from '../../src/sentinel/server/sentinel-server.js';

export const T0 = 1_700_000_000_000;

/** A linear congruential generator: the same "random" choices on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function unusedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Fixture {
  engine: SentinelEngine;
  server: SentinelServer;
  port: number;
  masterPort: number;
  master: Instance;
  clock: { now: number };
  io: { connects: number; sends: string[][]; closes: number; flushes: number };
  hookFlushes: number;
  logs: Array<[LogLevel, string]>;
  shutdowns: number;
  close(): Promise<void>;
}

export interface FixtureOptions {
  requirePass?: string;
  flush?: () => Promise<void>;
  denyScriptsReconfig?: boolean;
  master?: (m: MasterConfig) => void;
  labFaults?: boolean;
  /** The release the server follows; these tests were written against 7.0.15, so that is the default here. */
  compat?: CompatId;
  /** Hooks to use instead of the fixture's own (e.g. logLevel). */
  hooks?: Partial<ServerHooks>;
}

export async function startFixture(opts: FixtureOptions = {}): Promise<Fixture> {
  const masterPort = await unusedPort();
  const clock = { now: T0 };
  const random = seeded(7);
  const calls = { connects: 0, sends: [] as string[][], closes: 0, flushes: 0 };
  let server: SentinelServer | null = null;
  const io: EngineIo = {
    now: () => clock.now,
    random,
    connect: () => void calls.connects++,
    send: (_ri, args) => (calls.sends.push(args), true),
    close: () => void calls.closes++,
    localAddress: () => '127.0.0.1',
    publish: (channel, message) => void server?.publish(channel, message),
    log: () => {},
    explain: () => {},
    flushConfig: () => void calls.flushes++,
    crash: () => {},
    runScript: () => {},
  };
  const config = createDefaultSentinelConfig();
  config.denyScriptsReconfig = opts.denyScriptsReconfig ?? true;
  config.requirePass = opts.requirePass;
  const m = createMasterConfig('mymaster', '127.0.0.1', masterPort, 2);
  m.downAfterMs = 60_000;
  opts.master?.(m);
  config.masters.push(m);
  const engine = new SentinelEngine(config, io);
  const fx: Partial<Fixture> = { engine, masterPort, clock, io: calls, hookFlushes: 0, logs: [], shutdowns: 0 };
  const hooks: ServerHooks = {
    requirePass: () => engine.state.requirePass,
    flushConfig: async () => {
      fx.hookFlushes!++;
      if (opts.flush) await opts.flush();
    },
    shutdown: () => void fx.shutdowns!++,
    log: (level, text) => void fx.logs!.push([level, text]),
    labFaults: opts.labFaults ?? false,
    startTime: Date.now(),
    port: 0,
    configFile: '/tmp/sentinel-test.conf',
    executable: '/usr/bin/redis-sentinel',
    processId: process.pid,
    ...opts.hooks,
  };
  server = new SentinelServer(engine, hooks, compatProfile(opts.compat ?? 'redis-7.0'));
  await server.listen(0, ['127.0.0.1']);
  const s = server;
  return Object.assign(fx, {
    server: s,
    port: s.address()!.port,
    master: engine.state.masters.get('mymaster')!,
    close: () => s.close(),
  }) as Fixture;
}

/** A flat key/value array (RESP2 map) as a record. */
export function asRecord(flat: unknown): Record<string, string> {
  const a = flat as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i += 2) out[a[i]!] = a[i + 1]!;
  return out;
}

/** The error reply a command gets; fails when it succeeds. */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error reply');
}
