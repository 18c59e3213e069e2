// What every command handler can reach: the engine, the hooks of the process around it, and the server's
// own state (clients, pub/sub, users, counters). The `server` struct of Redis, for the sentinel side.

import type { CompatProfile } from '../compat/compat-profile.js';
import type { ServerLogLevel } from '../config/sentinel-config.js';
import type { LogLevel } from '../constants.js';
import type { SentinelEngine } from '../core/sentinel-engine.js';
import type { AclStore } from './acl-users.js';
import type { ClientConnection } from './client-connection.js';
import type { ClientPause } from './client-pause.js';
import type { CommandSpec, CommandTable } from './command-table.js';
import type { PubSubRegistry } from './pubsub-registry.js';

export interface ServerHooks {
  /** Top-level requirepass of the sentinel (AUTH <pass> / AUTH default <pass>). */
  requirePass: () => string | null;
  /** Rewrite the config file now; rejects with an Error on failure (sentinelFlushConfigAndReply then replies an error). */
  flushConfig: () => Promise<void>;
  /** SHUTDOWN command. */
  shutdown: () => void;
  log: (level: LogLevel, text: string) => void;
  /** SENTINEL CONFIG GET/SET loglevel (Redis 7.2): the process's log threshold, also what a rewrite writes. */
  logLevel?: { get(): ServerLogLevel; set(level: ServerLogLevel): void };
  /** --lab-faults: the LABFAULT command exists (server/lab-fault-command.ts). */
  labFaults?: boolean;
  // For INFO server:
  startTime: number;
  runId?: string;
  port: number;
  /** The bind addresses as configured (INFO listener0 since 7.2); default "* -::*". */
  bind?: readonly string[];
  configFile: string;
  executable: string;
  processId: number;
}

/** The counters INFO stats reports (server.stat_*). */
export interface ServerStats {
  connectionsReceived: number;
  commandsProcessed: number;
  netInputBytes: number;
  netOutputBytes: number;
  rejectedConnections: number;
  errorReplies: number;
  readsProcessed: number;
  writesProcessed: number;
}

export function createStats(): ServerStats {
  return {
    connectionsReceived: 0,
    commandsProcessed: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    rejectedConnections: 0,
    errorReplies: 0,
    readsProcessed: 0,
    writesProcessed: 0,
  };
}

export interface ServerContext {
  readonly engine: SentinelEngine;
  readonly hooks: ServerHooks;
  /** The release followed (compat/compat-profile.ts). */
  readonly compat: CompatProfile;
  readonly commands: CommandTable;
  /** Connected clients by id, in connection order (server.clients). */
  readonly clients: Map<number, ClientConnection>;
  readonly pubsub: PubSubRegistry;
  readonly acl: AclStore;
  readonly stats: ServerStats;
  readonly pause: ClientPause;
  /** server.runid: the process's run id (INFO server), not the sentinel's myid. */
  readonly runId: string;
}

/** One command being executed: c->argv, c->cmd and the client. Handlers reply through `client.reply`. */
export interface CommandCall {
  readonly ctx: ServerContext;
  readonly client: ClientConnection;
  readonly argv: readonly string[];
  readonly spec: CommandSpec;
}

/** A command's proc. A returned promise delays the client's next command until it settles. */
export type CommandHandler = (call: CommandCall) => void | Promise<void>;
