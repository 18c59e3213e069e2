// The EngineIo of one simulated sentinel process: links to instances over the simulated network, with the
// semantics of io/socket-io.ts — a link counts as open at once, commands wait behind the connection
// handshake, replies come back in order through the send callback, a link lost by itself reports
// engine.linkClosed(ri, kind, generation) and ends its pending commands with LINK_CLOSED, and a link closed
// by the engine reports nothing.

import type { LogLevel } from '../../../src/sentinel/constants.js';
import { LINK_CLOSED, type EngineIo, type LinkKind, type LinkSetup, type ReplyOrClosed } from '../../../src/sentinel/core/engine-io.js';
import type { Instance } from '../../../src/sentinel/core/instance.js';
import type { SentinelEngine } from '../../../src/sentinel/core/sentinel-engine.js';
import type { RespValue } from '../../../src/sentinel/resp/resp-value.js';
import type { SimConn, SimNetwork } from './network.js';
import type { Rng } from './rng.js';
import type { Scheduler } from './scheduler.js';

type Callback = (reply: ReplyOrClosed) => void;

/** What the io reports to the process that owns it. */
export interface IoHooks {
  engine(): SentinelEngine | null;
  flushConfig(): void;
  published(channel: string, message: string): void;
  sent(ri: Instance, args: string[]): void;
  log(level: LogLevel, text: string): void;
}

class LinkHandle {
  closed = false;
  readonly pending: Callback[] = [];
  conn!: SimConn;

  constructor(private readonly open: Set<LinkHandle>) {
    open.add(this);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.open.delete(this);
    this.conn.closeByClient();
    for (const cb of this.pending.splice(0)) cb(LINK_CLOSED);
  }
}

const ignore = (): void => {};

export class SimSentinelIo implements EngineIo {
  // Weak, as in socket-io: instances dropped by the engine (resets, switches) must not be kept alive.
  private readonly links = new WeakMap<Instance, Partial<Record<LinkKind, LinkHandle>>>();
  private readonly open = new Set<LinkHandle>();

  constructor(
    private readonly sched: Scheduler,
    private readonly net: SimNetwork,
    private readonly rng: Rng,
    private readonly host: string,
    private readonly hooks: IoHooks,
  ) {}

  now(): number {
    return this.sched.now();
  }

  random(): number {
    return this.rng.next();
  }

  connect(ri: Instance, kind: LinkKind, setup: LinkSetup): void {
    const handles = this.links.get(ri) ?? {};
    handles[kind]?.close();
    const handle = new LinkHandle(this.open);
    handles[kind] = handle;
    this.links.set(ri, handles);
    const generation = ri.link.generation;
    const lost = (): void => {
      if (handle.closed) return; // closed by the engine: it already knows
      handle.close();
      this.hooks.engine()?.linkClosed(ri, kind, generation);
    };
    handle.conn = this.net.connect(this.host, ri.addr.ip, ri.addr.port, {
      onData: (value) => {
        const cb = handle.pending.shift();
        if (cb) return cb(value as RespValue);
        // No command waiting: a pub/sub message.
        const msg = value as RespValue;
        if (Array.isArray(msg) && msg[0] === 'message') this.hooks.engine()?.helloReceived(ri, String(msg[1]), String(msg[2]));
      },
      onClose: lost,
    });
    // sentinelSendAuthIfNeeded and sentinelSetClientName: replies are not looked at.
    if (setup.auth)
      this.raw(
        handle,
        setup.auth.user ? [setup.rename('AUTH'), setup.auth.user, setup.auth.pass] : [setup.rename('AUTH'), setup.auth.pass],
        ignore,
      );
    this.raw(handle, [setup.rename('CLIENT'), 'SETNAME', setup.clientName], ignore);
    if (setup.subscribe) {
      this.raw(handle, [setup.rename('SUBSCRIBE'), setup.subscribe], (reply) => {
        if (reply === LINK_CLOSED) return;
        if (!Array.isArray(reply))
          lost(); // could not subscribe: the pub/sub link is useless
        else this.hooks.engine()?.helloReceived(ri, '', ''); // subscribed: counts as pub/sub activity
      });
    }
  }

  send(ri: Instance, args: string[], onReply: Callback): boolean {
    const handle = this.links.get(ri)?.cc;
    if (!handle || handle.closed) return false;
    this.hooks.sent(ri, args);
    this.raw(handle, args, onReply);
    return true;
  }

  close(ri: Instance, kind: LinkKind): void {
    const handles = this.links.get(ri);
    handles?.[kind]?.close();
    if (handles) delete handles[kind];
  }

  localAddress(ri: Instance): string | null {
    const cc = this.links.get(ri)?.cc;
    return cc && !cc.closed && cc.conn.established ? this.host : null;
  }

  publish(channel: string, message: string): void {
    this.hooks.published(channel, message);
  }

  log(level: LogLevel, text: string): void {
    this.hooks.log(level, text);
  }

  explain(): void {}

  flushConfig(): void {
    this.hooks.flushConfig();
  }

  crash(): void {
    throw new Error('SENTINEL SIMULATE-FAILURE is not used by the simulation');
  }

  runScript(): void {}

  /** The process died: every connection goes away; nothing is reported to the (dead) engine. */
  shutdown(): void {
    for (const h of [...this.open]) {
      h.pending.length = 0;
      h.close();
    }
  }

  private raw(handle: LinkHandle, args: string[], cb: Callback): void {
    handle.pending.push(cb);
    handle.conn.send(args);
  }
}
