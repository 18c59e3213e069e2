// Hello messages on __sentinel__:hello: how sentinels find each other and spread the newest configuration
// (sentinel.c: sentinelSendHello, sentinelProcessHelloMessage, sentinelGetCurrentMasterAddress).

import { FailoverState, LogLevel, SRI_FAILOVER_IN_PROGRESS, SRI_SENTINEL } from '../constants.js';
import type { Engine, SentinelState } from './engine-state.js';
import { callClientReconfScript, emitEvent } from './events.js';
import type { Instance } from './instance.js';
import { createInstance, findInstance, removeSentinelByRunId, resetMasterAndChangeAddress } from './instance-registry.js';
import { addrEqualsHostname, announceHost, type Addr } from './sentinel-addr.js';

/**
 * sentinelGetCurrentMasterAddress(): once the promoted replica has taken the new configuration
 * (RECONF_SLAVES or later), we advertise it, before the failover is over.
 */
export function currentMasterAddress(master: Instance): Addr {
  if (master.has(SRI_FAILOVER_IN_PROGRESS) && master.promotedSlave && master.failoverState >= FailoverState.RECONF_SLAVES) {
    return master.promotedSlave.addr;
  }
  return master.addr;
}

/**
 * The 8 comma-separated fields: ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch.
 * The master's address is announced (announceSentinelAddr: its hostname with announce-hostnames).
 */
export function formatHello(state: SentinelState, master: Instance, masterAddr: Addr, ip: string | null): string | null {
  if (ip === null) return null;
  const port = state.announcePort || state.port;
  return [ip, port, state.myid, state.currentEpoch, master.name, announceHost(state, masterAddr), masterAddr.port, master.configEpoch].join(
    ',',
  );
}

export interface Hello {
  ip: string;
  port: number;
  runId: string;
  currentEpoch: number;
  masterName: string;
  masterIp: string;
  masterPort: number;
  masterConfigEpoch: number;
}

/** Split a hello payload; null unless it has exactly 8 fields (other payloads are ignored, as in sentinel.c). */
export function parseHello(payload: string): Hello | null {
  const t = payload.split(',');
  if (t.length !== 8) return null;
  return {
    ip: t[0]!,
    port: toInt(t[1]!),
    runId: t[2]!,
    currentEpoch: toInt(t[3]!),
    masterName: t[4]!,
    masterIp: t[5]!,
    masterPort: toInt(t[6]!),
    masterConfigEpoch: toInt(t[7]!),
  };
}

/** atoi/strtoull: leading digits, 0 when none. */
function toInt(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

/** sentinelReceiveHelloMessages(): our own hellos come back too; skip them. */
export function helloReceived(e: Engine, payload: string): void {
  if (payload.includes(e.state.myid)) return;
  processHello(e, payload);
}

/** sentinelProcessHelloMessage() */
export function processHello(e: Engine, payload: string): void {
  const hello = parseHello(payload);
  if (!hello) return;
  const master = e.state.masters.get(hello.masterName);
  if (!master) return; // a master we do not monitor
  const addr = { host: hello.ip, port: hello.port };
  let si = findInstance(e, master.sentinels, addr, hello.runId);
  if (!si) {
    // The same sentinel at a new address: forget the old entry and add it again.
    const removed = removeSentinelByRunId(e, master, hello.runId);
    if (removed) {
      emitEvent(e, LogLevel.NOTICE, '+sentinel-address-switch', master, `ip ${hello.ip} port ${hello.port} for ${hello.runId}`);
    } else {
      // Another sentinel claimed this address before: it is stale, drop it from every master.
      const other = findInstance(e, master.sentinels, addr, null);
      if (other) {
        emitEvent(e, LogLevel.NOTICE, '+sentinel-invalid-addr', other);
        const obsolete = other.runId;
        for (const m of e.state.masters.values()) removeSentinelByRunId(e, m, obsolete);
      }
    }
    si = createInstance(e, SRI_SENTINEL, hello.runId, addr, master.quorum, master);
    if (si) {
      if (!removed) emitEvent(e, LogLevel.NOTICE, '+sentinel', si);
      si.runId = hello.runId;
      if (removed) updateSentinelAddressInAllMasters(e, si);
      e.io.flushConfig();
    }
  }
  if (hello.currentEpoch > e.state.currentEpoch) {
    e.state.currentEpoch = hello.currentEpoch;
    e.io.flushConfig();
    emitEvent(e, LogLevel.WARNING, '+new-epoch', master, String(e.state.currentEpoch), false);
  }
  // A newer configuration of the master wins: switch to the address it names (which may be a hostname, compared
  // with sentinelAddrEqualsHostname). As in sentinel.c, the epoch is taken even if that address does not resolve.
  if (si && master.configEpoch < hello.masterConfigEpoch) {
    master.configEpoch = hello.masterConfigEpoch;
    if (hello.masterPort !== master.addr.port || !addrEqualsHostname(e, master.addr, hello.masterIp)) {
      const oldAddr = { ...master.addr };
      const to = `${hello.masterIp} ${hello.masterPort}`;
      emitEvent(e, LogLevel.WARNING, '+config-update-from', si);
      emitEvent(
        e,
        LogLevel.WARNING,
        '+switch-master',
        master,
        `${master.name} ${announceHost(e.state, oldAddr)} ${oldAddr.port} ${to}`,
        false,
      );
      e.io.explain({
        kind: 'failover',
        master: master.name,
        epoch: hello.masterConfigEpoch,
        step: 'config-update',
        detail: `sentinel ${si.runId} announced config epoch ${hello.masterConfigEpoch} with the master at ${hello.masterIp}:${hello.masterPort}, newer than ours`,
      });
      resetMasterAndChangeAddress(e, master, hello.masterIp, hello.masterPort);
      callClientReconfScript(e, master, 'observer', 'start', oldAddr, master.addr);
    } else {
      e.io.flushConfig();
    }
  }
  if (si) si.lastHelloTime = e.io.now();
}

/** sentinelUpdateSentinelAddressInAllMasters(): a sentinel moved; move it in every master that knows it. */
function updateSentinelAddressInAllMasters(e: Engine, moved: Instance): void {
  for (const master of e.state.masters.values()) {
    for (const [key, si] of master.sentinels) {
      if (si === moved || si.runId !== moved.runId) continue;
      master.sentinels.delete(key);
      const fresh = createInstance(e, SRI_SENTINEL, moved.runId, moved.addr, master.quorum, master);
      if (fresh) {
        fresh.runId = moved.runId;
        fresh.addr = { ...moved.addr }; // dupSentinelAddr(): the same address, not resolved again
      }
    }
  }
}
