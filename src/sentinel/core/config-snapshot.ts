// The engine's state as a sentinel.conf model, for rewriting the file (sentinel.c: rewriteConfigSentinelOption).

import type { SentinelConfig } from '../config/sentinel-config.js';
import type { SentinelState } from './engine-state.js';
import type { Instance } from './instance.js';
import { currentMasterAddress } from './hello.js';
import { addrEqual, announceHost, type Addr } from './sentinel-addr.js';

/** Merge the live state into the config read at start (which keeps what the engine does not own, like port and dir). */
export function configSnapshot(base: SentinelConfig, state: SentinelState): SentinelConfig {
  return {
    ...base,
    myid: state.myid,
    currentEpoch: state.currentEpoch,
    announceIp: state.announceIp ?? undefined,
    announcePort: state.announcePort || undefined,
    resolveHostnames: state.resolveHostnames,
    announceHostnames: state.announceHostnames,
    denyScriptsReconfig: state.denyScriptsReconfig,
    sentinelUser: state.sentinelAuthUser ?? undefined,
    sentinelPass: state.sentinelAuthPass ?? undefined,
    masters: [...state.masters.values()].map((m) => masterSnapshot(state, m)),
  };
}

/**
 * Addresses are written as announced (announceSentinelAddr: the hostname with announce-hostnames, else the IP).
 * Not in sentinel.c: an address that never resolved is written with its hostname, where sentinel.c would write
 * its empty IP and so a line the config reader rejects.
 */
function written(state: SentinelState, a: Addr): string {
  return announceHost(state, a) || a.host;
}

function masterSnapshot(state: SentinelState, m: Instance): SentinelConfig['masters'][number] {
  // During a failover, the promoted replica is written as the master once it took the new role, and the
  // old master as a replica (rewriteConfigSentinelOption does the same with sentinelGetCurrentMasterAddress).
  const addr = currentMasterAddress(m);
  const replicas = [...m.slaves.values()].map((s) => s.addr).filter((a) => !addrEqual(a, addr));
  if (addr !== m.addr) replicas.push(m.addr);
  return {
    name: m.name,
    host: written(state, addr),
    port: addr.port,
    quorum: m.quorum,
    downAfterMs: m.downAfterPeriod,
    failoverTimeoutMs: m.failoverTimeout,
    parallelSyncs: m.parallelSyncs,
    authPass: m.authPass ?? undefined,
    authUser: m.authUser ?? undefined,
    notificationScript: m.notificationScript ?? undefined,
    clientReconfigScript: m.clientReconfigScript ?? undefined,
    masterRebootDownAfterPeriodMs: m.masterRebootDownAfterPeriod,
    configEpoch: m.configEpoch,
    leaderEpoch: m.leaderEpoch,
    knownReplicas: replicas.map((a) => ({ host: written(state, a), port: a.port })),
    knownSentinels: [...m.sentinels.values()]
      .filter((s) => s.runId !== null)
      .map((s) => ({ host: written(state, s.addr), port: s.addr.port, runId: s.runId! })),
    renamedCommands: [...m.renamedCommands.entries()],
  };
}
