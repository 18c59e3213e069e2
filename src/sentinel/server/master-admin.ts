// Changes to the monitored set and to links that SENTINEL commands make at run time, written over the core's
// registry: the MONITOR and REMOVE branches of sentinelCommand, sentinelIsQuorumReachable,
// dropInstanceConnections and sentinelDropConnections of sentinel.c.

import { LogLevel, SRI_MASTER, SRI_O_DOWN, SRI_S_DOWN } from '../constants.js';
import type { Engine } from '../core/engine-state.js';
import { emitEvent } from '../core/events.js';
import type { Instance } from '../core/instance.js';
import { createInstance, releaseInstance } from '../core/instance-registry.js';
import { closeLink } from '../core/links.js';

export type MonitorResult = { ok: true; master: Instance } | { ok: false; error: string };

/**
 * createSentinelRedisInstance() for a master, with the checks in its order: port range (EINVAL), then
 * duplicate name (EBUSY). The texts are sentinelCheckCreateInstanceErrors()'s. The address must have been
 * validated (or resolved) by the caller, as SENTINEL MONITOR does first.
 */
export function monitorMaster(e: Engine, name: string, host: string, port: number, quorum: number): MonitorResult {
  if (port < 0 || port > 65535) return { ok: false, error: 'Invalid port number.' };
  if (e.state.masters.has(name)) return { ok: false, error: 'Duplicate master name.' };
  const master = createInstance(e, SRI_MASTER, name, { host, port }, quorum, null);
  if (!master) return { ok: false, error: 'Unknown Error for creating instances.' };
  return { ok: true, master };
}

/** SENTINEL REMOVE: announce -monitor, then forget the master, its replicas and sentinels, closing their links. */
export function removeMaster(e: Engine, master: Instance): void {
  emitEvent(e, LogLevel.WARNING, '-monitor', master);
  releaseInstance(e, master);
  e.state.masters.delete(master.name);
}

export const QUORUM_OK = 0; // SENTINEL_ISQR_OK
export const QUORUM_NOQUORUM = 1 << 0; // SENTINEL_ISQR_NOQUORUM
export const QUORUM_NOAUTH = 1 << 1; // SENTINEL_ISQR_NOAUTH

/** sentinelIsQuorumReachable(): usable sentinels are those not down, ourselves included. */
export function isQuorumReachable(master: Instance): { result: number; usable: number } {
  let usable = 1;
  const voters = master.sentinels.size + 1;
  for (const si of master.sentinels.values()) if (!si.has(SRI_S_DOWN | SRI_O_DOWN)) usable++;
  let result = QUORUM_OK;
  if (usable < master.quorum) result |= QUORUM_NOQUORUM;
  if (usable < Math.floor(voters / 2) + 1) result |= QUORUM_NOAUTH;
  return { result, usable };
}

/** dropInstanceConnections(): new credentials for a master apply from the next connection on. */
export function dropInstanceConnections(e: Engine, master: Instance): void {
  for (const ri of [master, ...master.slaves.values()]) {
    closeLink(e, ri, 'cc');
    closeLink(e, ri, 'pc');
  }
}

/** sentinelDropConnections(): reconnect to every other sentinel (new sentinel-user / sentinel-pass). */
export function dropSentinelConnections(e: Engine): number {
  let dropped = 0;
  for (const master of e.state.masters.values()) {
    for (const si of master.sentinels.values()) {
      if (si.link.disconnected) continue;
      closeLink(e, si, 'pc');
      closeLink(e, si, 'cc');
      dropped++;
    }
  }
  return dropped;
}
