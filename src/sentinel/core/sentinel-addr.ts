// Instance addresses as sentinel.c's sentinelAddr keeps them: the hostname as it was given and the IP it
// resolved to, printed and compared according to resolve-hostnames / announce-hostnames (sentinel.c:
// createSentinelAddr, sentinelAddrOrHostnameEqual, sentinelAddrEqualsHostname, announceSentinelAddr,
// announceSentinelAddrAndPort). Both options are read at each use, so SENTINEL CONFIG SET applies at once.
//
// With both options off (the default) only IP literals are accepted and `host` and `ip` name the same
// address, so everything prints and compares the IP as given.

import { normalizeNumericHost } from '../config/numeric-host.js';
import { LogLevel } from '../constants.js';
import type { Engine, SentinelState } from './engine-state.js';

export interface Addr {
  /** sentinelAddr.hostname: the host as given (config, SENTINEL MONITOR, INFO, hellos). */
  host: string;
  /** sentinelAddr.ip: what `host` resolved to; '' when it could not be resolved (kept only with resolve-hostnames). */
  ip: string;
  port: number;
}

/** A host and port before resolution (createSentinelAddr's arguments); an Addr is one too. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * anetResolve(host, resolve-hostnames ? ANET_NONE : ANET_IP_ONLY): the IP of `host`, or null when it does not
 * resolve. IP literals resolve to themselves in inet_ntop() form (getaddrinfo() with AI_NUMERICHOST); names only
 * with resolve-hostnames, through the io (EngineIo.resolveHost; without one, names never resolve).
 */
export function resolveHost(e: Engine, host: string): string | null {
  const numeric = normalizeNumericHost(host);
  if (numeric !== undefined) return numeric;
  if (!e.state.resolveHostnames || host === '') return null;
  return e.io.resolveHost?.(host) ?? null;
}

/**
 * createSentinelAddr(): null for a port outside 0..65535, or for a host that does not resolve, unless
 * resolve-hostnames is on and `acceptUnresolved` is set: then the address keeps the hostname and an empty IP
 * (sentinelReconnectInstance tries again later).
 */
export function createAddr(e: Engine, host: string, port: number, acceptUnresolved: boolean): Addr | null {
  if (!(port >= 0 && port <= 65535)) return null;
  const ip = resolveHost(e, host);
  if (ip === null) {
    e.io.log(LogLevel.WARNING, `Failed to resolve hostname '${host}'`);
    if (!(e.state.resolveHostnames && acceptUnresolved)) return null;
  }
  return { host, ip: ip ?? '', port };
}

/** announceSentinelAddr(): the hostname with announce-hostnames, else the IP. */
export function announceHost(state: Pick<SentinelState, 'announceHostnames'>, addr: Addr): string {
  return state.announceHostnames ? addr.host : addr.ip;
}

/** announceSentinelAddrAndPort(): "host:port", IPv6 addresses in brackets (the name of a replica). */
export function announceAddrAndPort(state: Pick<SentinelState, 'announceHostnames'>, addr: Addr): string {
  const host = announceHost(state, addr);
  return host.includes(':') ? `[${host}]:${addr.port}` : `${host}:${addr.port}`;
}

/**
 * sentinelAddrOrHostnameEqual(): same port, and the same IP or the same hostname (ignoring case). As in
 * sentinel.c, two unresolved addresses (both IPs empty) on the same port are equal.
 */
export function addrEqual(a: Addr, b: Addr): boolean {
  return a.port === b.port && (a.ip === b.ip || equalsIgnoreCase(a.host, b.host));
}

/**
 * sentinelAddrEqualsHostname(): whether `hostname` (from INFO's master_host or a hello) names `a`. It is resolved
 * and compared with a's IP; when it does not resolve, it is compared as text with a's hostname (resolve-hostnames)
 * or IP.
 */
export function addrEqualsHostname(e: Engine, a: Addr, hostname: string): boolean {
  const ip = resolveHost(e, hostname);
  if (ip === null) return equalsIgnoreCase(e.state.resolveHostnames ? a.host : a.ip, hostname);
  return equalsIgnoreCase(a.ip, ip);
}

/** strcasecmp() == 0 */
function equalsIgnoreCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
