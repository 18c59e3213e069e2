// One connected client (the `client` struct of networking.c): its query buffer and parser, its protocol,
// authentication, name, subscriptions and reply flags, and the way replies reach the socket.
// Commands run one at a time, in order: a command whose handler is asynchronous (one that rewrites the
// config file) holds back the following ones until it replied, as a single-threaded Redis would.

import type net from 'node:net';
import { LogLevel } from '../constants.js';
import { encodeReply } from '../resp/encode-reply.js';
import { ProtocolError, RequestParser } from '../resp/request-parser.js';
import { errorReply, type Reply } from '../resp/reply.js';
import type { AclUser } from './acl-users.js';
import { formatPeer, PubSubOutputLimit, QUERY_BUFFER_LIMIT } from './client-limits.js';
import type { ServerContext } from './server-context.js';

export interface TrackingState {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  caching: boolean;
  prefixes: string[];
}

/** Runs one command; a returned promise makes the client wait for it before the next command. */
export type CommandExecutor = (client: ClientConnection, argv: string[]) => void | Promise<void>;

export class ClientConnection {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  name: string | null = null;
  /** CLIENT SETINFO LIB-NAME / LIB-VER (Redis 7.2); null when unset. */
  libName: string | null = null;
  libVer: string | null = null;
  /** Bytes read and written, commands run on this connection (Valkey 8's tot-net-in, tot-net-out, tot-cmds). */
  netInputBytes = 0;
  netOutputBytes = 0;
  commandsProcessed = 0;
  proto: 2 | 3 = 2;
  user: AclUser;
  authenticated: boolean;
  /** Full name of the last command looked up (c->lastcmd), "NULL" when none. */
  lastCommand = 'NULL';
  replyOff = false;
  replySkip = false;
  replySkipNext = false;
  noEvict = false;
  tracking: TrackingState | null = null;
  /** CLIENT_CLOSE_AFTER_REPLY: no more commands are read; the link closes once the replies are out. */
  closeAfterReply = false;
  closed = false;
  private busy = false;
  private running = false;
  private outputBlocked = false;
  private peerEnded = false;
  private readonly outputLimit = new PubSubOutputLimit();
  private readonly parser: RequestParser;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly ctx: ServerContext,
    private readonly execute: CommandExecutor,
  ) {
    this.addr = formatPeer(socket.remoteAddress, socket.remotePort);
    this.laddr = formatPeer(socket.localAddress, socket.localPort);
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    // createClient(): every connection starts as the default user, authenticated only if it needs no password.
    this.user = ctx.acl.defaultUser;
    this.authenticated = this.user.nopass && this.user.enabled;
    this.parser = new RequestParser({ authRequired: () => this.authRequired() });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.outputBlocked = false;
      if (!this.closed) socket.resume();
      this.pump();
    });
    // The peer closed its side. Commands it sent before still run, as Redis runs what it read before the
    // read of 0 bytes; their replies go out before Node ends our side (no half-open sockets on a server).
    socket.on('end', () => (this.peerEnded = true));
    socket.on('error', () => this.close());
    socket.on('close', () => this.release());
  }

  /** authRequired(): the default user needs a password (or is off) and this client has not authenticated. */
  authRequired(): boolean {
    const d = this.ctx.acl.defaultUser;
    return (!d.nopass || !d.enabled) && !this.authenticated;
  }

  /** CLIENT_PUBSUB: subscribed to at least one channel or pattern. */
  get isPubSub(): boolean {
    return this.channels.size + this.patterns.size > 0;
  }

  /** clientSubscriptionsCount() */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  /** Bytes received and not yet parsed into a command (qbuf of CLIENT LIST). */
  get queryBufferLength(): number {
    return this.parser.buffered;
  }

  /** Bytes of replies not yet handed to the kernel (omem of CLIENT LIST). */
  get outputBufferLength(): number {
    return this.socket.writableLength;
  }

  /** A command's reply; dropped while CLIENT REPLY OFF / SKIP is in effect (prepareClientToWrite). */
  reply(reply: Reply): void {
    if (reply.kind === 'error') this.ctx.stats.errorReplies++;
    if (this.replyOff || this.replySkip) return;
    this.write(encodeReply(reply, this.proto));
  }

  /** Pub/sub traffic (CLIENT_PUSHING): sent even with replies switched off, subject to the pubsub output limits. */
  push(reply: Reply): void {
    this.write(encodeReply(reply, this.proto));
    this.checkOutputLimits();
  }

  /** freeClient(): close at once, dropping unsent replies. */
  close(): void {
    if (!this.closed) this.socket.destroy();
    this.release();
  }

  /**
   * CLIENT_CLOSE_AFTER_REPLY: no further command is read; the link closes once the running command ended and
   * every reply queued until then is written.
   */
  closeAfterReplies(): void {
    if (this.closed) return;
    this.closeAfterReply = true;
    this.socket.pause();
    if (!this.busy && !this.running) this.endAfterWrites();
  }

  private endAfterWrites(): void {
    const s = this.socket;
    if (this.closed || s.writableEnded) return;
    s.end(() => s.destroy());
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.pubsub.removeClient(this);
    this.ctx.clients.delete(this.id);
  }

  private write(bytes: Buffer): void {
    const s = this.socket;
    if (this.closed || s.destroyed || s.writableEnded) return;
    this.ctx.stats.netOutputBytes += bytes.length;
    this.netOutputBytes += bytes.length;
    this.ctx.stats.writesProcessed++;
    if (!s.write(bytes)) {
      // Back-pressure: read no more commands until the client took its replies.
      this.outputBlocked = true;
      s.pause();
    }
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.closeAfterReply) return;
    this.ctx.stats.netInputBytes += chunk.length;
    this.netInputBytes += chunk.length;
    this.ctx.stats.readsProcessed++;
    this.parser.push(chunk);
    if (this.parser.buffered > QUERY_BUFFER_LIMIT) {
      this.log(
        LogLevel.WARNING,
        `Closing client that reached max query buffer length: id=${this.id} addr=${this.addr} (qbuf initial bytes: ${JSON.stringify(chunk.subarray(0, 64).toString('latin1'))})`,
      );
      this.close();
      return;
    }
    this.pump();
  }

  /** processInputBuffer(): run complete commands until input runs out, one waits, or the link is closing. */
  private pump(): void {
    const s = this.socket;
    s.cork();
    try {
      while (!this.busy && !this.closed && !this.closeAfterReply && !this.outputBlocked && !this.peerEndedAndDrained()) {
        const next = this.parser.next();
        if (next === undefined) break;
        if (next instanceof ProtocolError) {
          this.protocolError(next);
          break;
        }
        this.lastInteraction = Date.now();
        const pending = this.runCommand(next);
        if (pending) {
          this.busy = true;
          void pending
            .then(() => {
              this.busy = false;
              this.afterCommand();
              this.pump();
            })
            .catch((err: unknown) => {
              this.log(LogLevel.WARNING, `Dropping client id=${this.id} addr=${this.addr} after an internal error: ${String(err)}`);
              this.close();
            });
          break;
        }
        this.afterCommand();
      }
    } finally {
      if (!s.destroyed) s.uncork();
    }
  }

  // Commands received before the peer's FIN are still run; there is nothing to wait for after them.
  private peerEndedAndDrained(): boolean {
    return this.peerEnded && this.parser.buffered === 0;
  }

  private runCommand(argv: string[]): Promise<void> | undefined {
    this.running = true;
    try {
      const result = this.execute(this, argv);
      if (!result) return undefined;
      return result.catch((err: unknown) => this.internalError(err));
    } catch (err) {
      this.internalError(err);
      return undefined;
    } finally {
      this.running = false;
    }
  }

  /** A handler failed: the client gets an error, the process goes on. */
  private internalError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.log(
      LogLevel.WARNING,
      `Error executing a command of client id=${this.id} addr=${this.addr}: ${err instanceof Error ? (err.stack ?? message) : message}`,
    );
    this.reply(errorReply(`ERR ${message}`));
  }

  /** The server's log; a failing logger must not turn one bad request into a crash. */
  private log(level: LogLevel, text: string): void {
    try {
      this.ctx.hooks.log(level, text);
    } catch {
      // nothing better to do
    }
  }

  /** resetClient(): CLIENT REPLY SKIP applies to the command after the one that asked for it. */
  private afterCommand(): void {
    this.replySkip = false;
    if (this.replySkipNext) {
      this.replySkip = true;
      this.replySkipNext = false;
    }
    if (this.closeAfterReply) this.endAfterWrites();
  }

  /** setProtocolError(): reply the error, log it, and close after the reply. */
  private protocolError(err: ProtocolError): void {
    this.log(LogLevel.VERBOSE, `Protocol error (${err.message}) from client: id=${this.id} addr=${this.addr}`);
    this.reply(errorReply(`ERR ${err.message}`));
    this.closeAfterReply = true;
    this.endAfterWrites();
  }

  /** checkClientOutputBufferLimits() for pub/sub clients. */
  private checkOutputLimits(): void {
    if (this.closed || !this.outputLimit.exceeded(this.socket.writableLength, Date.now())) return;
    this.log(
      LogLevel.WARNING,
      `Client id=${this.id} addr=${this.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`,
    );
    this.close();
  }
}
