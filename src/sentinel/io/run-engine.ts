// The engine as a process: `redis-ha-lab sentinel <sentinel.conf>`, a drop-in for `redis-sentinel <sentinel.conf>`.
// Reads the config (sentinelCheckConfigFile: it must exist and be writable), listens, runs the timer,
// rewrites the config when the state changes (sentinelFlushConfig), and stops promptly on SIGTERM/SIGINT.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { normalizeNumericHost } from '../config/numeric-host.js';
import type { SentinelConfig } from '../config/sentinel-config.js';
import { compatProfile, type CompatProfile } from '../compat/compat-profile.js';
import type { ServerLogLevel } from '../config/sentinel-config.js';
import { LogLevel, TIMING_PROFILES, type TimingProfileName } from '../constants.js';
import { configSnapshot } from '../core/config-snapshot.js';
import { SentinelEngine } from '../core/sentinel-engine.js';
import { ConfigFile } from './config-file.js';
import { createLogger, parseLogLevel } from './engine-log.js';
import { SocketIo } from './socket-io.js';
import { SentinelServer } from '../server/sentinel-server.js';

export interface EngineOptions {
  configPath: string;
  /** "adaptive" (the default) polls at sentinel.c's periods until something is wrong, "fast" always more often, "redis" never. */
  timing: TimingProfileName;
  /** Publish decisions on the explain channel. */
  explain: boolean;
  /** Accept LABFAULT (core/lab-faults.ts): only labs ask for it. */
  labFaults?: boolean;
  /** The release to behave as (--compat); default DEFAULT_COMPAT. */
  compat?: CompatProfile;
}

export interface RunningEngine {
  engine: SentinelEngine;
  server: SentinelServer;
  stop(): Promise<void>;
  /** Resolves with the exit code once the engine stopped (SIGTERM, SHUTDOWN, simulated crash). */
  exited: Promise<number>;
}

export async function runEngine(options: EngineOptions): Promise<RunningEngine> {
  const path = resolve(options.configPath);
  const compat = options.compat ?? compatProfile();
  const file = await ConfigFile.open(path, compat);
  const config = file.config;
  if (config.dir) process.chdir(config.dir);
  const logger = createLogger(config.logfile, parseLogLevel(config.logLevel));
  let server: SentinelServer | null = null;
  let finish: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (finish = r));

  const io = new SocketIo({
    linkClosed: (ri, kind, generation) => engine.linkClosed(ri, kind, generation), // may call engine.onWake
    message: (ri, channel, payload) => engine.helloReceived(ri, channel, payload),
    publish: (channel, message) => server?.publish(channel, message),
    log: (level, text) => logger.log(level, text),
    flushConfig: () => flush(),
    crash: () => {
      logger.log(LogLevel.WARNING, 'Sentinel CRASH because of SENTINEL simulate-failure');
      process.exit(99);
    },
    runScript: (scriptPath, args) => runScript(scriptPath, args, (text) => logger.log(LogLevel.WARNING, text)),
    explain: options.explain,
    bindSourceAddr: file.topLevel('bind-source-addr'),
  });
  // The engine resolves the config's hostnames as it builds its instances: look them up first, all at once and
  // without blocking, so it finds them cached (io/host-resolver.ts).
  if (config.resolveHostnames) await Promise.all(configHostnames(config).map((host) => io.lookupHost(host)));
  const engine = new SentinelEngine(config, io, TIMING_PROFILES[options.timing]);
  const flush = (): void => {
    try {
      file.write(configSnapshot(config, engine.state), server?.aclUserLines());
    } catch (err) {
      logger.log(LogLevel.WARNING, `WARNING: Sentinel was not able to save the new configuration on disk!!!: ${(err as Error).message}`);
      throw err;
    }
  };

  const product = compat.product === 'valkey' ? 'Valkey' : 'Redis';
  logger.log(
    LogLevel.NOTICE,
    `redis-ha-lab sentinel engine (as ${product} ${compat.version}'s sentinel, --compat ${compat.id}), pid ${process.pid}, port ${config.port}`,
  );
  server = new SentinelServer(
    engine,
    {
      requirePass: () => engine.state.requirePass,
      flushConfig: async () => flush(),
      shutdown: () => void stop().then(() => finish(0)),
      log: (level, text) => logger.log(level, text),
      // SENTINEL CONFIG SET loglevel: the threshold now, and the loglevel line of the next rewrite.
      logLevel: {
        get: () => config.logLevel ?? 'notice',
        set: (level: ServerLogLevel) => {
          config.logLevel = level;
          logger.minLevel = parseLogLevel(level);
        },
      },
      bind: config.bind,
      labFaults: options.labFaults ?? false,
      startTime: Date.now(),
      port: config.port,
      configFile: path,
      executable: process.argv[1] ?? 'redis-ha-lab',
      processId: process.pid,
    },
    compat,
  );
  // `user` lines of the file define the ACL users, as loadServerConfig() applies them before the server starts.
  for (const d of config.otherDirectives ?? []) {
    if (d.name !== 'user' || d.args.length < 1) continue;
    const error = server.defineAclUser(d.args[0]!, d.args.slice(1));
    if (error) logger.log(LogLevel.WARNING, `Error in user declaration '${d.args.join(' ')}' at line ${d.line}: ${error}`);
  }
  await server.listen(config.port, config.bind);
  logger.log(LogLevel.NOTICE, 'Ready to accept connections');
  if (!config.myid) logger.log(LogLevel.NOTICE, 'Sentinel new configuration saved on disk');
  flush(); // saves a generated myid, as sentinelIsRunning does
  logger.log(LogLevel.WARNING, `Sentinel ID is ${engine.state.myid}`);
  engine.start();

  let timer: NodeJS.Timeout | null = null;
  let dueAt = 0;
  const schedule = (delay: number): void => {
    if (timer) clearTimeout(timer);
    dueAt = Date.now() + delay;
    timer = setTimeout(loop, delay);
  };
  const loop = (): void => {
    try {
      engine.tick();
    } catch (err) {
      // A bug in one tick must be seen, not silently stop the sentinel.
      logger.log(LogLevel.WARNING, `engine tick failed: ${(err as Error).stack ?? String(err)}`);
    }
    schedule(engine.nextTickDelay());
  };
  schedule(engine.nextTickDelay());
  engine.onWake = () => {
    const delay = engine.nextTickDelay();
    if (timer && dueAt - Date.now() > delay) schedule(delay);
  };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      engine.onWake = null;
      for (const master of engine.masters) engine.dropAllLinks(master);
      try {
        flush();
      } catch {
        // already logged
      }
      await server?.close();
      logger.log(LogLevel.WARNING, 'Sentinel is now ready to exit, bye bye...');
    })();
    return stopping;
  };
  return { engine, server, stop, exited };
}

/** The hosts of monitor, known-replica and known-sentinel lines that are names, not IP literals. */
function configHostnames(config: SentinelConfig): string[] {
  const hosts = config.masters.flatMap((m) => [m.host, ...m.knownReplicas.map((r) => r.host), ...m.knownSentinels.map((s) => s.host)]);
  return [...new Set(hosts.filter((h) => normalizeNumericHost(h) === undefined))];
}

/** sentinelRunPendingScripts(), simplified: run at once, at most 60 s, no retries. */
function runScript(path: string, args: string[], warn: (text: string) => void): void {
  try {
    const child = spawn(path, args, { stdio: 'ignore', timeout: 60_000 });
    child.on('error', (err) => warn(`-script-error ${path} ${err.message}`));
  } catch (err) {
    warn(`-script-error ${path} ${(err as Error).message}`);
  }
}
