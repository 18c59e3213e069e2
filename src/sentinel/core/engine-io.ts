// What the engine's decisions need from the outside world: a clock, randomness, links to instances,
// its own pub/sub, its log and its config file. The real implementation is io/socket-io.ts; tests pass fakes,
// so every decision can be replayed without sockets and without waiting on wall time.

import type { RespValue } from '../resp/reply-parser.js';
import type { LogLevel } from '../constants.js';
import type { Instance } from './instance.js';
import type { Explanation } from './explanation.js';

/** Delivered to a reply callback when the link closed before the reply came. */
export const LINK_CLOSED = Symbol('link closed');
export type ReplyOrClosed = RespValue | typeof LINK_CLOSED;

export type LinkKind = 'cc' | 'pc';

export interface LinkSetup {
  /** AUTH sent first when set (sentinelSendAuthIfNeeded). */
  auth: { user: string | null; pass: string } | null;
  /** CLIENT SETNAME value (sentinelSetClientName). */
  clientName: string;
  /** For pub/sub links: the channel to SUBSCRIBE to. */
  subscribe?: string;
  /** Command names as the instance knows them (SENTINEL rename-command). */
  rename: (command: string) => string;
}

export interface EngineIo {
  now(): number;
  random(): number;
  /**
   * Start a connection. It counts as open at once, like a hiredis async context; when it fails or closes,
   * the io calls `engine.linkClosed(instance, kind, generation)`. Pub/sub messages go to `engine.helloReceived`.
   */
  connect(instance: Instance, kind: LinkKind, setup: LinkSetup): void;
  /** Send a command on the command link; false when it cannot be queued. */
  send(instance: Instance, args: string[], onReply: (reply: ReplyOrClosed) => void): boolean;
  close(instance: Instance, kind: LinkKind): void;
  /** Our own address on the command link to this instance, announced in hellos when there is no announce-ip. */
  localAddress(instance: Instance): string | null;
  /**
   * The IP a hostname resolves to now (the first answer of getaddrinfo(), any family, as anetResolve takes it),
   * or null when it does not resolve. Only asked with resolve-hostnames, never for IP literals. sentinel.c
   * resolves synchronously, so this answers synchronously (io/host-resolver.ts: from a cache that it refreshes
   * in the background). Optional: without it, hostnames never resolve.
   */
  resolveHost?(host: string): string | null;
  /** A fresh resolution of `host` that resolveHost answers from afterwards (SENTINEL MONITOR waits for it). */
  lookupHost?(host: string): Promise<string | null>;
  /** Publish to this sentinel's own subscribers (sentinelEvent). */
  publish(channel: string, message: string): void;
  log(level: LogLevel, text: string): void;
  explain(explanation: Explanation): void;
  /** The state changed in a way that must reach the config file (sentinelFlushConfig). */
  flushConfig(): void;
  /** SENTINEL SIMULATE-FAILURE crash points (sentinelSimFailureCrash: exit 99). */
  crash(): void;
  /** Run a notification or client-reconfig script (sentinelScheduleScriptExecution). */
  runScript(path: string, args: string[]): void;
}
