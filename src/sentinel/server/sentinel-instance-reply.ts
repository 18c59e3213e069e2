// How SENTINEL MASTER(S) / REPLICAS / SENTINELS describe an instance (addReplySentinelRedisInstance and
// addReplyDictOfRedisInstances in sentinel.c): the same fields, in the same order, present for the same
// kinds of instance, with times computed from the link the same way.

import {
  failoverStateName,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_FORCE_FAILOVER,
  SRI_MASTER,
  SRI_MASTER_DOWN,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_PROMOTED,
  SRI_RECONF_DONE,
  SRI_RECONF_INPROG,
  SRI_RECONF_SENT,
  SRI_S_DOWN,
  SRI_SCRIPT_KILL_SENT,
  SRI_SENTINEL,
  SRI_SLAVE,
} from '../constants.js';
import type { CompatProfile } from '../compat/compat-profile.js';
import type { Engine } from '../core/engine-state.js';
import { MASTER_LINK_STATUS_UP, type Instance } from '../core/instance.js';
import { addrEqual, announceHost } from '../core/sentinel-addr.js';
import { array, mapFromPairs, type Reply } from '../resp/reply.js';

/** The flag names of addReplySentinelRedisInstance(), in its order (master_reboot is listed since Redis 7.2). */
const FLAG_NAMES: Array<[number, string]> = [
  [SRI_S_DOWN, 's_down'],
  [SRI_O_DOWN, 'o_down'],
  [SRI_MASTER, 'master'],
  [SRI_SLAVE, 'slave'],
  [SRI_SENTINEL, 'sentinel'],
];
const LATER_FLAG_NAMES: Array<[number, string]> = [
  [SRI_MASTER_DOWN, 'master_down'],
  [SRI_FAILOVER_IN_PROGRESS, 'failover_in_progress'],
  [SRI_PROMOTED, 'promoted'],
  [SRI_RECONF_SENT, 'reconf_sent'],
  [SRI_RECONF_INPROG, 'reconf_inprog'],
  [SRI_RECONF_DONE, 'reconf_done'],
  [SRI_FORCE_FAILOVER, 'force_failover'],
  [SRI_SCRIPT_KILL_SENT, 'script_kill_sent'],
];

/** The "flags" field: comma-separated, "disconnected" after the kind when the link is down. */
export function instanceFlags(ri: Instance, compat: CompatProfile): string {
  const names = FLAG_NAMES.filter(([flag]) => ri.has(flag)).map(([, name]) => name);
  if (ri.link.disconnected) names.push('disconnected');
  names.push(...LATER_FLAG_NAMES.filter(([flag]) => ri.has(flag)).map(([, name]) => name));
  if (compat.masterRebootFlag && ri.has(SRI_MASTER_REBOOT)) names.push('master_reboot');
  return names.join(',');
}

/**
 * link->refcount: sentinel.c shares one link between the entries of the same sentinel (same run id and
 * address) under different masters. The engine keeps a link per entry, so the count is computed.
 */
export function linkRefcount(e: Engine, ri: Instance): number {
  if (!ri.has(SRI_SENTINEL) || ri.runId === null) return 1;
  let count = 0;
  for (const master of e.state.masters.values()) {
    for (const si of master.sentinels.values()) if (si.runId === ri.runId && addrEqual(si.addr, ri.addr)) count++;
  }
  return Math.max(count, 1);
}

/** The fields of addReplySentinelRedisInstance(), as [name, value] pairs. */
export function instanceFields(e: Engine, ri: Instance, compat: CompatProfile): Array<[string, string | number]> {
  const now = e.io.now();
  const link = ri.link;
  const f: Array<[string, string | number]> = [
    ['name', ri.name],
    ['ip', announceHost(e.state, ri.addr)], // the hostname with announce-hostnames
    ['port', ri.addr.port],
    ['runid', ri.runId ?? ''],
    ['flags', instanceFlags(ri, compat)],
    ['link-pending-commands', link.pendingCommands],
    ['link-refcount', linkRefcount(e, ri)],
  ];
  if (ri.has(SRI_FAILOVER_IN_PROGRESS)) f.push(['failover-state', failoverStateName(ri.failoverState)]);
  f.push(['last-ping-sent', link.actPingTime ? now - link.actPingTime : 0]);
  f.push(['last-ok-ping-reply', now - link.lastAvailTime]);
  f.push(['last-ping-reply', now - link.lastPongTime]);
  if (ri.has(SRI_S_DOWN)) f.push(['s-down-time', now - ri.sDownSinceTime]);
  if (ri.has(SRI_O_DOWN)) f.push(['o-down-time', now - ri.oDownSinceTime]);
  f.push(['down-after-milliseconds', ri.downAfterPeriod]);
  if (ri.has(SRI_MASTER | SRI_SLAVE)) {
    f.push(['info-refresh', ri.infoRefresh ? now - ri.infoRefresh : 0]);
    f.push(['role-reported', ri.roleReported === SRI_MASTER ? 'master' : 'slave']);
    f.push(['role-reported-time', now - ri.roleReportedTime]);
  }
  if (ri.has(SRI_MASTER)) {
    f.push(['config-epoch', ri.configEpoch]);
    f.push(['num-slaves', ri.slaves.size]);
    f.push(['num-other-sentinels', ri.sentinels.size]);
    f.push(['quorum', ri.quorum]);
    f.push(['failover-timeout', ri.failoverTimeout]);
    f.push(['parallel-syncs', ri.parallelSyncs]);
    if (ri.notificationScript) f.push(['notification-script', ri.notificationScript]);
    if (ri.clientReconfigScript) f.push(['client-reconfig-script', ri.clientReconfigScript]);
  }
  if (ri.has(SRI_SLAVE)) {
    f.push(['master-link-down-time', ri.masterLinkDownTime]);
    f.push(['master-link-status', ri.slaveMasterLinkStatus === MASTER_LINK_STATUS_UP ? 'ok' : 'err']);
    f.push(['master-host', ri.slaveMasterHost ?? '?']);
    f.push(['master-port', ri.slaveMasterPort]);
    f.push(['slave-priority', ri.slavePriority]);
    f.push(['slave-repl-offset', ri.slaveReplOffset]);
    f.push(['replica-announced', ri.replicaAnnounced]);
  }
  if (ri.has(SRI_SENTINEL)) {
    f.push(['last-hello-message', now - ri.lastHelloTime]);
    f.push(['voted-leader', ri.leader ?? '?']);
    f.push(['voted-leader-epoch', ri.leaderEpoch]);
  }
  return f;
}

/** addReplySentinelRedisInstance(): a map (a flat array of bulks for RESP2 clients). */
export function instanceReply(e: Engine, ri: Instance, compat: CompatProfile): Reply {
  return mapFromPairs(instanceFields(e, ri, compat));
}

/** addReplyDictOfRedisInstances(): replicas that asked not to be announced are left out. */
export function instancesReply(e: Engine, instances: Iterable<Instance>, compat: CompatProfile): Reply {
  const items: Reply[] = [];
  for (const ri of instances) {
    if (ri.has(SRI_SLAVE) && !ri.replicaAnnounced) continue;
    items.push(instanceReply(e, ri, compat));
  }
  return array(items);
}
