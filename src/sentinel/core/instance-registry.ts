// Creating, finding, resetting and moving monitored instances (sentinel.c: createSentinelRedisInstance,
// getSentinelRedisInstanceByAddrAndRunID, sentinelResetMaster, sentinelResetMasterAndChangeAddress).

import { LogLevel, SRI_MASTER, SRI_SENTINEL, SRI_SLAVE, FailoverState } from '../constants.js';
import type { Engine } from './engine-state.js';
import { stringMatch } from '../string-match.js';
import { emitEvent } from './events.js';
import { Instance } from './instance.js';
import { addrEqual, announceAddrAndPort, createAddr, type Addr, type HostPort } from './sentinel-addr.js';

/**
 * createSentinelRedisInstance(): the address is resolved from `where.host` (createSentinelAddr, unresolved
 * names accepted with resolve-hostnames); a replica is named after its announced address. Null when the port
 * is out of range, the host does not resolve, or the name (or replica address) is already taken.
 */
export function createInstance(
  e: Engine,
  flags: number,
  name: string | null,
  where: HostPort,
  quorum: number,
  master: Instance | null,
): Instance | null {
  const addr = createAddr(e, where.host, where.port, true);
  if (!addr) return null;
  const key = flags & SRI_SLAVE ? announceAddrAndPort(e.state, addr) : (name ?? '');
  const table = flags & SRI_MASTER ? e.state.masters : flags & SRI_SLAVE ? master!.slaves : master!.sentinels;
  if (table.has(key)) return null;
  const ri = new Instance(flags, key, addr, quorum, master, e.io.now(), {
    downAfter: e.state.timing.defaultDownAfter,
    failoverTimeout: e.state.timing.defaultFailoverTimeout,
  });
  table.set(key, ri);
  return ri;
}

/** Close both links of an instance that is being dropped or reset. */
export function dropLinks(e: Engine, ri: Instance): void {
  if (ri.link.cc) e.io.close(ri, 'cc');
  if (ri.link.pc) e.io.close(ri, 'pc');
  ri.link.cc = false;
  ri.link.pc = false;
  ri.link.pendingCommands = 0;
  ri.link.disconnected = true;
  ri.link.generation++;
}

/** Release an instance and everything under it (releaseSentinelRedisInstance). */
export function releaseInstance(e: Engine, ri: Instance): void {
  for (const s of ri.slaves.values()) releaseInstance(e, s);
  for (const s of ri.sentinels.values()) releaseInstance(e, s);
  ri.slaves.clear();
  ri.sentinels.clear();
  dropLinks(e, ri);
}

/**
 * getSentinelRedisInstanceByAddrAndRunID(): either criterion may be null. The address is resolved first
 * (unresolved names accepted with resolve-hostnames) and compared by IP or hostname.
 */
export function findInstance(e: Engine, instances: Map<string, Instance>, where: HostPort | null, runId: string | null): Instance | null {
  let addr: Addr | null = null;
  if (where !== null) {
    addr = createAddr(e, where.host, where.port, true);
    if (!addr) return null;
  }
  for (const ri of instances.values()) {
    if (runId !== null && ri.runId === null) continue;
    if ((runId === null || ri.runId === runId) && (addr === null || addrEqual(ri.addr, addr))) return ri;
  }
  return null;
}

/** sentinelRedisInstanceLookupSlave(): by the announced address, which must resolve (createSentinelAddr without accept). */
export function findReplica(e: Engine, master: Instance, where: HostPort): Instance | null {
  const addr = createAddr(e, where.host, where.port, false);
  if (!addr) return null;
  return master.slaves.get(announceAddrAndPort(e.state, addr)) ?? null;
}

/** removeMatchingSentinelFromMaster(): how many were removed. */
export function removeSentinelByRunId(e: Engine, master: Instance, runId: string | null): number {
  if (runId === null) return 0;
  let removed = 0;
  for (const [key, ri] of master.sentinels) {
    if (ri.runId === runId) {
      releaseInstance(e, ri);
      master.sentinels.delete(key);
      removed++;
    }
  }
  return removed;
}

export const RESET_NO_SENTINELS = 1 << 0; // SENTINEL_RESET_NO_SENTINELS
export const RESET_GENERATE_EVENT = 1 << 16; // SENTINEL_GENERATE_EVENT

/** sentinelResetMaster() */
export function resetMaster(e: Engine, ri: Instance, flags: number): void {
  const now = e.io.now();
  for (const s of ri.slaves.values()) releaseInstance(e, s);
  ri.slaves.clear();
  if (!(flags & RESET_NO_SENTINELS)) {
    for (const s of ri.sentinels.values()) releaseInstance(e, s);
    ri.sentinels.clear();
  }
  dropLinks(e, ri);
  ri.flags &= SRI_MASTER;
  ri.leader = null;
  ri.failoverState = FailoverState.NONE;
  ri.failoverStateChangeTime = 0;
  ri.failoverStartTime = 0; // We can fail over again at once.
  ri.promotedSlave = null;
  ri.runId = null;
  ri.slaveMasterHost = null;
  ri.link.actPingTime = now;
  ri.link.lastPingTime = 0;
  ri.link.lastAvailTime = now;
  ri.link.lastPongTime = now;
  ri.roleReportedTime = now;
  ri.roleReported = SRI_MASTER;
  if (flags & RESET_GENERATE_EVENT) emitEvent(e, LogLevel.WARNING, '+reset-master', ri);
}

/** sentinelResetMastersByPattern(), with the glob rules of stringmatchlen(). */
export function resetMastersByPattern(e: Engine, pattern: string, flags: number): number {
  let count = 0;
  for (const ri of e.state.masters.values()) {
    if (stringMatch(pattern, ri.name)) {
      resetMaster(e, ri, flags);
      count++;
    }
  }
  return count;
}

/**
 * sentinelResetMasterAndChangeAddress(): used by +switch-master. The replicas are kept (but the one at the new
 * address), and the old master's address becomes a replica so a returning old master is found and converted.
 * The new address must resolve; false (nothing changed) when it does not. Replicas are re-created from their
 * hostnames, as sentinel.c does.
 */
export function resetMasterAndChangeAddress(e: Engine, master: Instance, host: string, port: number): boolean {
  const addr = createAddr(e, host, port, false);
  if (!addr) return false;
  const keep: Addr[] = [];
  for (const s of master.slaves.values()) if (!addrEqual(s.addr, addr)) keep.push({ ...s.addr });
  if (!addrEqual(addr, master.addr)) keep.push({ ...master.addr });
  resetMaster(e, master, RESET_NO_SENTINELS);
  master.addr = addr;
  master.oDownSinceTime = 0;
  master.sDownSinceTime = 0;
  for (const a of keep) {
    const replica = createInstance(e, SRI_SLAVE, null, a, master.quorum, master);
    if (replica) emitEvent(e, LogLevel.NOTICE, '+slave', replica);
  }
  e.io.flushConfig();
  return true;
}

/** sentinelPropagateDownAfterPeriod() */
export function propagateDownAfterPeriod(master: Instance): void {
  for (const ri of [...master.slaves.values(), ...master.sentinels.values()]) ri.downAfterPeriod = master.downAfterPeriod;
}

/** sentinelInstanceMapCommand(): renamed commands of the master apply to its replicas as well. */
export function mapCommand(ri: Instance, command: string): string {
  const master = ri.has(SRI_SENTINEL) ? null : ri.ownMaster;
  return master?.renamedCommands.get(command.toLowerCase()) ?? command;
}
