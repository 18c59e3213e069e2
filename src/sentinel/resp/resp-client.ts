// A bare RESP2 connection for the engine's links to Redis servers and other Sentinels.
// Sentinel manages its links itself (instanceLink in sentinel.c: pending_commands counts
// unanswered commands, a broken link is dropped and recreated by sentinelReconnectInstance),
// so this client never reconnects and never queues commands while disconnected.

import net from 'node:net';
import { encodeCommand } from './encode-command.js';
import { ReplyParser } from './reply-parser.js';
import { PubSubState, asPubSubMessage, confirmationKind } from './pubsub-state.js';
import { RespError, type RespValue } from './resp-value.js';

export interface RespConnectOptions {
  host: string;
  port: number;
  /** Connect timeout; <= 0 or not finite means none. */
  timeoutMs: number;
  localAddress?: string;
}

export type MessageHandler = (channel: string, payload: string, pattern?: string) => void;
export type CloseHandler = (err?: Error) => void;

interface PendingCall {
  resolve: (value: RespValue) => void;
  reject: (err: Error) => void;
  argc: number;
  started: boolean; // its first reply came (and resolved the promise)
  remaining: number; // replies still owed: several for SUBSCRIBE a b c
}

function safely<A extends unknown[]>(handler: (...args: A) => void, ...args: A): void {
  try {
    handler(...args);
  } catch {
    // A failing handler must not take the socket's event handlers down with it.
  }
}

export class RespClient {
  private readonly parser = new ReplyParser();
  private readonly queue: PendingCall[] = [];
  private readonly messageHandlers: MessageHandler[] = [];
  private readonly closeHandlers: CloseHandler[] = [];
  private readonly pubsub = new PubSubState();
  private isClosed = false;
  private closeError: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // 'error' is always followed by 'close'; whichever comes first ends the link.
    socket.on('error', (err: Error) => this.finish(err));
    socket.on('close', () => this.finish(undefined));
  }

  /** Opens a connection; rejects (and destroys the socket) on failure or timeout. */
  static connect(opts: RespConnectOptions): Promise<RespClient> {
    return new Promise<RespClient>((resolve, reject) => {
      let socket: net.Socket;
      try {
        socket = net.connect({ host: opts.host, port: opts.port, localAddress: opts.localAddress });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      socket.setNoDelay(true);
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('error', onError);
      };
      const onConnect = (): void => {
        cleanup();
        resolve(new RespClient(socket));
      };
      const onError = (err: Error): void => {
        cleanup();
        socket.on('error', () => {}); // nothing may surface as an unhandled 'error' later
        socket.destroy();
        reject(err);
      };
      socket.once('connect', onConnect);
      socket.on('error', onError);
      if (Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0) {
        timer = setTimeout(() => {
          onError(new Error(`connect to ${opts.host}:${opts.port} timed out after ${opts.timeoutMs} ms`));
        }, opts.timeoutMs);
      }
    });
  }

  /** Commands sent and not fully answered yet. */
  get pending(): number {
    return this.queue.length;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The local end of the link (anetFdToString(..., FD_TO_SOCK_NAME) in Sentinel's announce logic). */
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  /**
   * Sends a command; resolves with its reply (a RespError reply resolves too), rejects
   * with Error("connection closed") when the link goes before the reply comes.
   */
  call(args: ReadonlyArray<string | number>): Promise<RespValue> {
    if (this.isClosed) return Promise.reject(new Error('connection closed', { cause: this.closeError }));
    if (args.length === 0) return Promise.reject(new Error('empty command'));
    return new Promise<RespValue>((resolve, reject) => {
      this.queue.push({ resolve, reject, argc: args.length, started: false, remaining: 1 });
      this.socket.write(encodeCommand(args));
    });
  }

  /** Pub/sub messages (channel, payload; pattern for pmessage). */
  onMessage(handler: MessageHandler): void {
    this.messageHandlers.push(handler);
  }

  /** Called once when the link is gone, with the socket error if there was one. */
  onClose(handler: CloseHandler): void {
    if (this.isClosed) {
      const err = this.closeError;
      queueMicrotask(() => safely(handler, err));
      return;
    }
    this.closeHandlers.push(handler);
  }

  /** Destroys the socket and rejects every pending command. */
  close(): void {
    this.finish(undefined);
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    this.parser.push(chunk);
    while (!this.isClosed) {
      let reply: RespValue | undefined;
      try {
        reply = this.parser.next();
      } catch (err) {
        this.finish(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (reply === undefined) return;
      this.deliver(reply);
    }
  }

  // Matches a reply with the oldest pending command (FIFO, as redisProcessCallbacks in
  // hiredis' async.c, which Sentinel's links use), except pub/sub traffic: in pub/sub context,
  // or with nothing pending, message arrays go to the message handlers. A command whose
  // first reply is a (un)subscribe confirmation is owed one confirmation per channel.
  private deliver(reply: RespValue): void {
    const message = asPubSubMessage(reply);
    if (message !== undefined && (this.pubsub.active || this.queue.length === 0)) {
      for (const handler of this.messageHandlers) safely(handler, message.channel, message.payload, message.pattern);
      return;
    }
    const kind = confirmationKind(reply);
    let head = this.queue[0];
    // Only confirmations can continue a started command; anything else means it is over.
    while (head !== undefined && head.started && kind === undefined) {
      this.queue.shift();
      head = this.queue[0];
    }
    if (head !== undefined && !head.started) {
      head.started = true;
      head.remaining = kind !== undefined ? this.pubsub.expectedReplies(kind, head.argc) : 1;
      head.resolve(reply);
    }
    if (kind !== undefined) this.pubsub.apply(kind, reply);
    if (reply === 'RESET') this.pubsub.clear();
    if (head === undefined) return; // unsolicited and not a message: nothing waits for it
    head.remaining = reply instanceof RespError ? 0 : head.remaining - 1;
    if (head.remaining <= 0) this.queue.shift();
  }

  private finish(err: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = err;
    this.socket.destroy();
    const waiting = this.queue.splice(0);
    for (const call of waiting) {
      if (!call.started) call.reject(new Error('connection closed', { cause: err }));
    }
    const handlers = this.closeHandlers.splice(0);
    for (const handler of handlers) safely(handler, err);
  }
}
