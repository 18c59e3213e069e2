// The engine's io over real sockets: links to instances with RespClient, timers on the wall clock.

import { LogLevel, ENGINE_EXPLAIN_CHANNEL } from '../constants.js';
import { LINK_CLOSED, type EngineIo, type LinkKind, type LinkSetup, type ReplyOrClosed } from '../core/engine-io.js';
import type { Explanation } from '../core/explanation.js';
import type { Instance } from '../core/instance.js';
import { RespClient } from '../resp/resp-client.js';
import { HostResolver } from './host-resolver.js';
import type { RespValue } from '../resp/reply-parser.js';

type Callback = (reply: ReplyOrClosed) => void;

/** One connection: commands wait in `queued` until the socket is up, as hiredis buffers them. */
class LinkHandle {
  client: RespClient | null = null;
  closed = false;
  readonly queued: { args: string[]; cb: Callback }[] = [];

  send(args: string[], cb: Callback): void {
    if (this.closed) return cb(LINK_CLOSED);
    if (!this.client) {
      this.queued.push({ args, cb });
      return;
    }
    this.client
      .call(args)
      .then(
        (reply: RespValue) => cb(reply),
        () => cb(LINK_CLOSED),
      )
      // A reply the engine chokes on (a bug, or an instance answering something unheard of) is logged; the
      // sentinel goes on, as it would after one bad tick.
      .catch((error: unknown) => this.onError(error));
  }

  constructor(private readonly onError: (error: unknown) => void) {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client?.close();
    for (const q of this.queued.splice(0)) q.cb(LINK_CLOSED);
  }
}

export interface SocketIoHooks {
  /** The engine reports a link that closed by itself. */
  linkClosed(ri: Instance, kind: LinkKind, generation: number): void;
  message(ri: Instance, channel: string, payload: string): void;
  publish(channel: string, message: string): void;
  log(level: LogLevel, text: string): void;
  flushConfig(): void;
  crash(): void;
  runScript(path: string, args: string[]): void;
  /** Publish decisions on ENGINE_EXPLAIN_CHANNEL (the --explain option). */
  explain: boolean;
  /** bind-source-addr: the address our outgoing links start from. */
  bindSourceAddr?: string;
  /** Hostname resolution (tests pass their own); default: the system resolver. */
  resolver?: HostResolver;
}

const CONNECT_TIMEOUT_MS = 60_000; // the core closes stuck links itself (sentinelCheckSubjectivelyDown); this only bounds a hung connect

export class SocketIo implements EngineIo {
  private readonly links = new WeakMap<Instance, Partial<Record<LinkKind, LinkHandle>>>();
  private readonly lastExplained = new Map<string, string>();
  private readonly resolver: HostResolver;

  constructor(private readonly hooks: SocketIoHooks) {
    this.resolver = hooks.resolver ?? new HostResolver();
  }

  now(): number {
    return Date.now();
  }

  random(): number {
    return Math.random();
  }

  connect(ri: Instance, kind: LinkKind, setup: LinkSetup): void {
    const handles = this.links.get(ri) ?? {};
    handles[kind]?.close();
    const handle = new LinkHandle((error) =>
      this.hooks.log(LogLevel.WARNING, `handling a reply from ${ri.name} failed: ${(error as Error)?.stack ?? String(error)}`),
    );
    handles[kind] = handle;
    this.links.set(ri, handles);
    const generation = ri.link.generation;
    const lost = (): void => {
      if (handle.closed) return; // closed by the engine: it already knows
      handle.close();
      this.hooks.linkClosed(ri, kind, generation);
    };
    // Links go to the resolved IP (redisAsyncConnectBind(ri->addr->ip, ...)); a hostname that never resolved has
    // none, and the connection fails as hiredis' does on an empty address (the core re-resolves at the next try).
    if (ri.addr.ip === '') {
      queueMicrotask(lost);
      return;
    }
    RespClient.connect({
      host: ri.addr.ip,
      port: ri.addr.port,
      timeoutMs: CONNECT_TIMEOUT_MS,
      localAddress: this.hooks.bindSourceAddr,
    }).then(
      (client) => {
        if (handle.closed) return client.close();
        handle.client = client;
        client.onClose(lost);
        // sentinelSendAuthIfNeeded and sentinelSetClientName: replies are not looked at.
        const ignore = (): void => {};
        if (setup.auth) {
          const auth = setup.auth.user ? [setup.rename('AUTH'), setup.auth.user, setup.auth.pass] : [setup.rename('AUTH'), setup.auth.pass];
          client.call(auth).catch(ignore);
        }
        client.call([setup.rename('CLIENT'), 'SETNAME', setup.clientName]).catch(ignore);
        if (setup.subscribe) {
          client.onMessage((channel, payload) => this.hooks.message(ri, channel, payload));
          client.call([setup.rename('SUBSCRIBE'), setup.subscribe]).then((reply) => {
            if (!Array.isArray(reply))
              lost(); // could not subscribe: the pub/sub link is useless
            else this.hooks.message(ri, '', ''); // subscribed: counts as pub/sub activity
          }, ignore);
        }
        for (const q of handle.queued.splice(0)) handle.send(q.args, q.cb);
      },
      () => lost(),
    );
  }

  send(ri: Instance, args: string[], onReply: Callback): boolean {
    const handle = this.links.get(ri)?.cc;
    if (!handle || handle.closed) return false;
    handle.send(args, onReply);
    return true;
  }

  close(ri: Instance, kind: LinkKind): void {
    const handles = this.links.get(ri);
    handles?.[kind]?.close();
    if (handles) delete handles[kind];
  }

  localAddress(ri: Instance): string | null {
    return this.links.get(ri)?.cc?.client?.localAddress ?? null;
  }

  resolveHost(host: string): string | null {
    return this.resolver.resolve(host);
  }

  lookupHost(host: string): Promise<string | null> {
    return this.resolver.lookup(host);
  }

  publish(channel: string, message: string): void {
    this.hooks.publish(channel, message);
  }

  log(level: LogLevel, text: string): void {
    this.hooks.log(level, text);
  }

  /** Decisions repeat at every tick while nothing changes; publish each one once. */
  explain(explanation: Explanation): void {
    if (!this.hooks.explain) return;
    const key = `${explanation.kind}:${'master' in explanation ? explanation.master : explanation.instance}`;
    const json = JSON.stringify(explanation);
    if (this.lastExplained.get(key) === json) return;
    this.lastExplained.set(key, json);
    this.hooks.publish(ENGINE_EXPLAIN_CHANNEL, json);
    this.hooks.log(LogLevel.VERBOSE, `explain ${json}`);
  }

  flushConfig(): void {
    this.hooks.flushConfig();
  }

  crash(): void {
    this.hooks.crash();
  }

  runScript(path: string, args: string[]): void {
    this.hooks.runScript(path, args);
  }
}
