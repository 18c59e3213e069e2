// What Sentinel learns from INFO and what it does about it (sentinel.c: sentinelRefreshInstanceInfo).

import {
  FailoverState,
  LogLevel,
  SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_MASTER,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_PROMOTED,
  SRI_RECONF_DONE,
  SRI_RECONF_INPROG,
  SRI_RECONF_SENT,
  SRI_S_DOWN,
  SRI_SLAVE,
} from '../constants.js';
import type { Engine } from './engine-state.js';
import { callClientReconfScript, emitEvent } from './events.js';
import { MASTER_LINK_STATUS_DOWN, MASTER_LINK_STATUS_UP, type Instance } from './instance.js';
import { createInstance, findReplica } from './instance-registry.js';
import { addrEqualsHostname } from './sentinel-addr.js';
import { forceHelloUpdate, sendSlaveOf } from './links.js';

/** The fields of INFO that Sentinel reads. */
export interface InfoFields {
  runId: string | null;
  role: number; // SRI_MASTER, SRI_SLAVE or 0 when absent
  replicas: { host: string; port: number }[];
  masterLinkDownSinceMs: number;
  masterHost: string | null;
  masterPort: number | null;
  masterLinkUp: boolean | null;
  slavePriority: number | null;
  slaveReplOffset: number | null;
  replicaAnnounced: number | null;
}

/** The parsing half of sentinelRefreshInstanceInfo(), as a pure function. */
export function parseInfo(info: string): InfoFields {
  const f: InfoFields = {
    runId: null,
    role: 0,
    replicas: [],
    masterLinkDownSinceMs: 0,
    masterHost: null,
    masterPort: null,
    masterLinkUp: null,
    slavePriority: null,
    slaveReplOffset: null,
    replicaAnnounced: null,
  };
  for (const l of info.split('\r\n')) {
    if (l.length >= 47 && l.startsWith('run_id:')) f.runId = l.slice(7, 47);
    if (l.length >= 7 && l.startsWith('slave') && /\d/.test(l[5] ?? '')) {
      const replica = parseReplicaLine(l);
      if (replica) f.replicas.push(replica);
    }
    if (l.length >= 32 && l.startsWith('master_link_down_since_seconds')) f.masterLinkDownSinceMs = atoi(l.slice(31)) * 1000;
    if (l.startsWith('role:master')) f.role = SRI_MASTER;
    else if (l.startsWith('role:slave')) f.role = SRI_SLAVE;
    if (f.role === SRI_SLAVE) {
      if (l.length >= 12 && l.startsWith('master_host:')) f.masterHost = l.slice(12);
      if (l.length >= 12 && l.startsWith('master_port:')) f.masterPort = atoi(l.slice(12));
      if (l.length >= 19 && l.startsWith('master_link_status:')) f.masterLinkUp = l.slice(19).toLowerCase() === 'up';
      if (l.length >= 15 && l.startsWith('slave_priority:')) f.slavePriority = atoi(l.slice(15));
      if (l.length >= 18 && l.startsWith('slave_repl_offset:')) f.slaveReplOffset = atoi(l.slice(18));
      if (l.length >= 18 && l.startsWith('replica_announced:')) f.replicaAnnounced = atoi(l.slice(18));
    }
  }
  return f;
}

/** `slave0:ip=…,port=…,…` or the old `slave0:<ip>,<port>,<state>`. */
function parseReplicaLine(l: string): { host: string; port: number } | null {
  if (!l.includes('ip=')) {
    const [ip, port, state] = l.slice(l.indexOf(':') + 1).split(',');
    if (ip === undefined || port === undefined || state === undefined) return null;
    return { host: ip, port: atoi(port) };
  }
  const ip = /ip=([^,]*)/.exec(l)?.[1];
  const port = /port=([^,]*)/.exec(l)?.[1];
  if (ip === undefined || port === undefined) return null;
  return { host: ip, port: atoi(port) };
}

function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

/** sentinelMasterLooksSane() */
export function masterLooksSane(e: Engine, master: Instance): boolean {
  return (
    master.has(SRI_MASTER) &&
    master.roleReported === SRI_MASTER &&
    !master.has(SRI_S_DOWN | SRI_O_DOWN) &&
    e.io.now() - master.infoRefresh < e.state.timing.infoPeriod * 2
  );
}

/** sentinelRedisInstanceNoDownFor() */
export function noDownFor(e: Engine, ri: Instance, ms: number): boolean {
  const mostRecent = Math.max(ri.sDownSinceTime, ri.oDownSinceTime);
  return mostRecent === 0 || e.io.now() - mostRecent > ms;
}

/** sentinelRefreshInstanceInfo() */
export function refreshInstanceInfo(e: Engine, ri: Instance, info: string): void {
  const now = e.io.now();
  const f = parseInfo(info);
  ri.info = info;
  ri.masterLinkDownTime = 0;
  if (f.runId !== null) {
    if (ri.runId === null) ri.runId = f.runId;
    else if (ri.runId !== f.runId) {
      emitEvent(e, LogLevel.NOTICE, '+reboot', ri);
      if (ri.has(SRI_MASTER) && ri.masterRebootDownAfterPeriod !== 0) {
        ri.flags |= SRI_MASTER_REBOOT;
        ri.masterRebootSinceTime = now;
      }
      ri.runId = f.runId;
    }
  }
  if (ri.has(SRI_MASTER)) {
    for (const r of f.replicas) {
      if (findReplica(e, ri, r)) continue;
      const replica = createInstance(e, SRI_SLAVE, null, r, ri.quorum, ri);
      if (replica) {
        emitEvent(e, LogLevel.NOTICE, '+slave', replica);
        e.io.flushConfig();
      }
    }
  }
  ri.masterLinkDownTime = f.masterLinkDownSinceMs;
  if (f.role === SRI_SLAVE) {
    if (f.masterHost !== null && (ri.slaveMasterHost === null || f.masterHost.toLowerCase() !== ri.slaveMasterHost.toLowerCase())) {
      ri.slaveMasterHost = f.masterHost;
      ri.slaveConfChangeTime = now;
    }
    if (f.masterPort !== null && f.masterPort !== ri.slaveMasterPort) {
      ri.slaveMasterPort = f.masterPort;
      ri.slaveConfChangeTime = now;
    }
    if (f.masterLinkUp !== null) ri.slaveMasterLinkStatus = f.masterLinkUp ? MASTER_LINK_STATUS_UP : MASTER_LINK_STATUS_DOWN;
    if (f.slavePriority !== null) ri.slavePriority = f.slavePriority;
    if (f.slaveReplOffset !== null) ri.slaveReplOffset = f.slaveReplOffset;
    if (f.replicaAnnounced !== null) ri.replicaAnnounced = f.replicaAnnounced;
  }
  ri.infoRefresh = now;

  // ---- Acting half. ----
  if (f.role !== ri.roleReported) {
    ri.roleReportedTime = now;
    ri.roleReported = f.role;
    if (f.role === SRI_SLAVE) ri.slaveConfChangeTime = now;
    const coherent = (ri.flags & (SRI_MASTER | SRI_SLAVE)) === f.role;
    emitEvent(
      e,
      LogLevel.VERBOSE,
      coherent ? '+role-change' : '-role-change',
      ri,
      `new reported role is ${f.role === SRI_MASTER ? 'master' : 'slave'}`,
    );
  }
  if (e.state.tilt) return; // In TILT we observe but do not act.

  if (ri.has(SRI_SLAVE) && f.role === SRI_MASTER) replicaReportsMaster(e, ri);

  // A replica following another master than ours: point it at ours, once the master looks sane and the
  // replica's configuration has been stable for failover-timeout (it may be a legitimate newer config).
  const master = ri.master;
  // master_host may be a hostname: sentinelAddrEqualsHostname resolves it before comparing.
  if (
    master &&
    ri.has(SRI_SLAVE) &&
    f.role === SRI_SLAVE &&
    (ri.slaveMasterPort !== master.addr.port || !addrEqualsHostname(e, master.addr, ri.slaveMasterHost ?? ''))
  ) {
    const wait = master.failoverTimeout;
    if (masterLooksSane(e, master) && noDownFor(e, ri, wait) && now - ri.slaveConfChangeTime > wait) {
      if (sendSlaveOf(e, ri, master.addr)) emitEvent(e, LogLevel.NOTICE, '+fix-slave-config', ri);
    }
  }

  // Replicas being reconfigured by our failover: SENT -> INPROG -> DONE.
  if (master && ri.has(SRI_SLAVE) && f.role === SRI_SLAVE && ri.has(SRI_RECONF_SENT | SRI_RECONF_INPROG)) {
    const promoted = master.promotedSlave;
    if (
      ri.has(SRI_RECONF_SENT) &&
      promoted &&
      ri.slaveMasterHost !== null &&
      addrEqualsHostname(e, promoted.addr, ri.slaveMasterHost) &&
      ri.slaveMasterPort === promoted.addr.port
    ) {
      ri.flags = (ri.flags & ~SRI_RECONF_SENT) | SRI_RECONF_INPROG;
      emitEvent(e, LogLevel.NOTICE, '+slave-reconf-inprog', ri);
    }
    if (ri.has(SRI_RECONF_INPROG) && ri.slaveMasterLinkStatus === MASTER_LINK_STATUS_UP) {
      ri.flags = (ri.flags & ~SRI_RECONF_INPROG) | SRI_RECONF_DONE;
      emitEvent(e, LogLevel.NOTICE, '+slave-reconf-done', ri);
    }
  }
}

/** A replica says it is a master: either the one we promoted, or one to convert back (after publish period × 4). */
function replicaReportsMaster(e: Engine, ri: Instance): void {
  const master = ri.master!;
  const now = e.io.now();
  if (ri.has(SRI_PROMOTED) && master.has(SRI_FAILOVER_IN_PROGRESS) && master.failoverState === FailoverState.WAIT_PROMOTION) {
    // The promotion is confirmed: from now on our configuration epoch is the one we won the election with.
    master.configEpoch = master.failoverEpoch;
    master.failoverState = FailoverState.RECONF_SLAVES;
    master.failoverStateChangeTime = now;
    e.io.flushConfig();
    emitEvent(e, LogLevel.WARNING, '+promoted-slave', ri);
    if (e.state.simFailureFlags & SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION) e.io.crash();
    emitEvent(e, LogLevel.WARNING, '+failover-state-reconf-slaves', master);
    callClientReconfScript(e, master, 'leader', 'start', master.addr, ri.addr);
    forceHelloUpdate(e, master);
    return;
  }
  const wait = e.state.timing.publishPeriod * 4;
  if (!ri.has(SRI_PROMOTED) && masterLooksSane(e, master) && noDownFor(e, ri, wait) && now - ri.roleReportedTime > wait) {
    if (sendSlaveOf(e, ri, master.addr)) emitEvent(e, LogLevel.NOTICE, '+convert-to-slave', ri);
  }
}
