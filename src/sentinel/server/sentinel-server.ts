// The engine's RESP server: what redis-cli, client libraries and other sentinels talk to. It accepts
// connections (acceptTcpHandler / createClient in networking.c), runs their commands against the engine,
// and delivers the engine's events to subscribers (sentinelEvent's publish).

import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { compatProfile, type CompatProfile } from '../compat/compat-profile.js';
import { LogLevel } from '../constants.js';
import type { SentinelEngine } from '../core/sentinel-engine.js';
import { AclStore } from './acl-users.js';
import { ClientConnection } from './client-connection.js';
import { ClientPause } from './client-pause.js';
import { buildHandlers } from './command-handlers.js';
import { buildCommandTable } from './command-table.js';
import { processCommand } from './dispatch.js';
import { PubSubRegistry } from './pubsub-registry.js';
import { createStats, type CommandHandler, type ServerContext, type ServerHooks } from './server-context.js';

export type { ServerHooks } from './server-context.js';

/** maxclients default. */
export const MAX_CLIENTS = 10_000;

interface BindTarget {
  host: string | undefined;
  ipv6Only: boolean;
  optional: boolean;
}

/** The bind directive's forms: "*" all IPv4, "::*" all IPv6, a leading "-" for an address that may be absent. */
function bindTargets(bind: string[]): BindTarget[] {
  if (bind.length === 0) return [{ host: undefined, ipv6Only: false, optional: false }];
  return bind.map((entry) => {
    const optional = entry.startsWith('-');
    const addr = optional ? entry.slice(1) : entry;
    if (addr === '*') return { host: '0.0.0.0', ipv6Only: false, optional };
    if (addr === '::*') return { host: '::', ipv6Only: true, optional };
    return { host: addr, ipv6Only: false, optional };
  });
}

export class SentinelServer {
  private readonly ctx: ServerContext;
  private readonly handlers: Map<string, CommandHandler>;
  private readonly listeners: net.Server[] = [];
  private nextClientId = 1;
  private closing = false;

  /** `compat`: the release whose commands and replies to follow (default: DEFAULT_COMPAT). */
  constructor(engine: SentinelEngine, hooks: ServerHooks, compat: CompatProfile = compatProfile()) {
    const commands = buildCommandTable(compat);
    this.ctx = {
      engine,
      hooks,
      compat,
      commands,
      clients: new Map(),
      pubsub: new PubSubRegistry(),
      acl: new AclStore(commands),
      stats: createStats(),
      pause: new ClientPause(),
      runId: hooks.runId ?? randomBytes(20).toString('hex'),
    };
    this.ctx.acl.syncRequirePass(hooks.requirePass());
    this.handlers = buildHandlers(commands);
  }

  /** Listen on every bind address (all interfaces when empty). Port 0 picks one port, shared by all addresses. */
  async listen(port: number, bind: string[]): Promise<void> {
    let chosen = port;
    for (const target of bindTargets(bind)) {
      const server = net.createServer((socket) => this.accept(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: chosen, host: target.host, ipv6Only: target.ipv6Only }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (target.optional && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        await this.close();
        throw err;
      }
      server.on('error', (err) => this.ctx.hooks.log(LogLevel.WARNING, `Listening socket error: ${err.message}`));
      this.listeners.push(server);
      if (chosen === 0) chosen = (server.address() as AddressInfo).port;
    }
  }

  /** The first listening address (its port is the real one when listen() was given port 0). */
  address(): AddressInfo | null {
    const addr = this.listeners[0]?.address();
    return addr && typeof addr === 'object' ? addr : null;
  }

  /** Deliver a message to SUBSCRIBE and PSUBSCRIBE clients; returns how many deliveries were made. */
  publish(channel: string, message: string): number {
    return this.ctx.pubsub.publish(channel, message);
  }

  /** The users as config lines ("user <name> <rules>"), for a config rewrite (rewriteConfigUserOption). */
  aclUserLines(): string[] {
    const acl = this.ctx.acl;
    acl.syncRequirePass(this.ctx.hooks.requirePass());
    return acl.list().map((u) => `user ${u.name} ${acl.describe(u)}`);
  }

  /** A "user <name> <rules...>" directive of the config file, as ACL SETUSER applies it; the error text or null. */
  defineAclUser(name: string, rules: string[]): string | null {
    return this.ctx.acl.setUser(name, rules);
  }

  /** Connected clients. */
  get clientCount(): number {
    return this.ctx.clients.size;
  }

  /** Stop listening and close every client connection. */
  async close(): Promise<void> {
    this.closing = true;
    this.ctx.pause.dispose();
    const closed = this.listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    this.listeners.length = 0;
    for (const client of [...this.ctx.clients.values()]) client.close();
    await Promise.all(closed);
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.closing) {
      socket.destroy();
      return;
    }
    const stats = this.ctx.stats;
    stats.connectionsReceived++;
    if (this.ctx.clients.size >= MAX_CLIENTS) {
      // acceptCommonHandler(): tell the client why, then drop it.
      stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    this.ctx.acl.syncRequirePass(this.ctx.hooks.requirePass());
    const client = new ClientConnection(this.nextClientId++, socket, this.ctx, (c, argv) =>
      processCommand(this.ctx, this.handlers, c, argv),
    );
    this.ctx.clients.set(client.id, client);
  }
}
