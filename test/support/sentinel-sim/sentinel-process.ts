// One simulated sentinel process: a SentinelEngine driven by the virtual clock (its timer re-armed with
// engine.nextTickDelay(), as run-engine does), the server side other sentinels talk to (PING, PUBLISH on
// the hello channel, SENTINEL is-master-down-by-addr), and its config file: every flushConfig saves
// configSnapshot(), and a restart after a crash builds a new engine from the last saved snapshot.

import { SENTINEL_HELLO_CHANNEL, type LogLevel, type Timing } from '../../../src/sentinel/constants.js';
import type { SentinelConfig } from '../../../src/sentinel/config/sentinel-config.js';
import { configSnapshot } from '../../../src/sentinel/core/config-snapshot.js';
import { processHello } from '../../../src/sentinel/core/hello.js';
import type { Instance } from '../../../src/sentinel/core/instance.js';
import { answerIsMasterDown } from '../../../src/sentinel/core/is-master-down.js';
import { SentinelEngine } from '../../../src/sentinel/core/sentinel-engine.js';
import { RespError } from '../../../src/sentinel/resp/resp-value.js';
import type { ConnSide, Listener, SimConn, SimNetwork } from './network.js';
import type { Rng } from './rng.js';
import type { Scheduler } from './scheduler.js';
import { SimSentinelIo } from './sentinel-io.js';

export const SENTINEL_PORT = 26379;

/** What the cluster records about every sentinel, for the checks. */
export interface SentinelObserver {
  event(s: SimSentinel, channel: string, message: string): void;
  command(s: SimSentinel, ri: Instance, args: string[]): void;
}

export class SimSentinel implements Listener {
  readonly port = SENTINEL_PORT;
  alive = true;
  paused = false;
  engine: SentinelEngine | null = null;
  /** The sentinel.conf on disk: what the last flushConfig wrote. */
  saved: SentinelConfig;
  private io: SimSentinelIo | null = null;
  private incarnation = 0;
  private inbox: (() => void)[] = [];
  private tickDue = false;
  /** The timer as run-engine keeps it: one pending tick, due at dueAt; an earlier wake replaces it. */
  private timerToken = 0;
  private dueAt = 0;
  private readonly serverConns = new Set<SimConn>();
  /** The last lines logged, for the report of a failing schedule. */
  readonly recentLog: string[] = [];

  constructor(
    private readonly sched: Scheduler,
    private readonly net: SimNetwork,
    private readonly rng: Rng,
    readonly host: string,
    config: SentinelConfig,
    private readonly timing: Timing,
    private readonly observer: SentinelObserver,
    private readonly forgetfulVoter = false,
  ) {
    this.saved = config;
    net.listen(host, this.port, this);
    this.boot();
  }

  get myid(): string {
    return this.saved.myid!;
  }

  crash(): void {
    if (!this.alive) return;
    this.alive = false;
    this.paused = false;
    this.inbox = [];
    this.incarnation++;
    this.io?.shutdown();
    for (const c of this.serverConns) c.closeByServer();
    this.serverConns.clear();
    this.engine = null;
    this.io = null;
  }

  restart(): void {
    if (this.alive) return;
    this.alive = true;
    this.boot();
  }

  pause(): void {
    if (this.alive) this.paused = true;
  }

  /** Resume: the late timer fires first (the engine sees the time jump), then the queued requests. */
  resume(): void {
    if (!this.alive || !this.paused) return;
    this.paused = false;
    if (this.tickDue) this.tick(this.incarnation);
    const work = this.inbox;
    this.inbox = [];
    for (const w of work) w();
  }

  accept(conn: SimConn): ConnSide | null {
    if (!this.alive) return null;
    this.serverConns.add(conn);
    return {
      onData: (value) => {
        const run = (): void => {
          if (conn.serverOpen) conn.reply(this.answer(value as string[]));
        };
        if (this.paused) this.inbox.push(run);
        else run();
      },
      onClose: () => this.serverConns.delete(conn),
    };
  }

  private boot(): void {
    const incarnation = ++this.incarnation;
    const base = this.saved;
    const io = new SimSentinelIo(this.sched, this.net, this.rng.fork(`io${incarnation}`), this.host, {
      engine: () => (incarnation === this.incarnation ? this.engine : null),
      flushConfig: () => {
        if (incarnation === this.incarnation && this.engine) this.saved = configSnapshot(base, this.engine.state);
      },
      published: (channel, message) => this.observer.event(this, channel, message),
      sent: (ri, args) => this.observer.command(this, ri, args),
      log: (_level: LogLevel, text: string) => this.remember(text),
    });
    this.io = io;
    this.engine = new SentinelEngine(base, io, this.timing);
    this.engine.start();
    io.flushConfig(); // run-engine saves the config once at start (a generated myid, sentinelIsRunning)
    const engine = this.engine;
    engine.onWake = () => {
      const delay = engine.nextTickDelay();
      if (!this.paused && this.dueAt - this.sched.now() > delay) this.schedule(incarnation, delay);
    };
    this.schedule(incarnation, engine.nextTickDelay());
  }

  private schedule(incarnation: number, delay: number): void {
    const token = ++this.timerToken;
    this.dueAt = this.sched.now() + delay;
    this.sched.after(delay, () => {
      if (token === this.timerToken) this.tick(incarnation);
    });
  }

  private tick(incarnation: number): void {
    if (incarnation !== this.incarnation || !this.alive || !this.engine) return;
    if (this.paused) {
      this.tickDue = true;
      return;
    }
    this.tickDue = false;
    this.engine.tick();
    this.schedule(incarnation, this.engine.nextTickDelay());
  }

  /** The commands a sentinel answers to other sentinels (sentinelCommand, sentinelPublishCommand). */
  private answer(args: string[]): unknown {
    const engine = this.engine;
    if (!engine) return new RespError('ERR not running');
    const cmd = (args[0] ?? '').toUpperCase();
    if (cmd === 'PING') return 'PONG';
    if (cmd === 'AUTH' || cmd === 'CLIENT') return 'OK';
    if (cmd === 'PUBLISH') {
      if (args[1] !== SENTINEL_HELLO_CHANNEL) return new RespError('ERR Only HELLO messages are accepted by Sentinel instances.');
      processHello(engine, args[2] ?? '');
      return 1;
    }
    if (cmd === 'SENTINEL' && (args[1] ?? '').toLowerCase() === 'is-master-down-by-addr' && args.length === 6) {
      if (this.forgetfulVoter) for (const m of engine.state.masters.values()) m.leaderEpoch = 0; // a broken sentinel, for the checks' own test
      const a = answerIsMasterDown(engine, args[2]!, Number(args[3]), Number(args[4]), args[5]!);
      return [a.down, a.leader, a.leaderEpoch];
    }
    return new RespError(`ERR unknown command '${args[0]}'`);
  }

  private remember(text: string): void {
    this.recentLog.push(`${this.sched.now()} ${text}`);
    if (this.recentLog.length > 400) this.recentLog.splice(0, 200);
  }
}
