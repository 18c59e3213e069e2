// Choosing the replica to promote (sentinel.c: sentinelSelectSlave, compareSlavesForPromotion).

import { SRI_O_DOWN, SRI_S_DOWN } from '../constants.js';
import type { ReplicaVerdict } from './explanation.js';
import type { Instance } from './instance.js';

export interface SelectionClock {
  now: number;
  pingPeriod: number;
  infoPeriod: number;
}

/** Why a replica cannot be promoted, or null when it can. */
export function exclusionReason(master: Instance, replica: Instance, c: SelectionClock): string | null {
  if (replica.has(SRI_S_DOWN | SRI_O_DOWN)) return 'it is down';
  if (replica.link.disconnected) return 'we are not connected to it';
  if (c.now - replica.link.lastAvailTime > c.pingPeriod * 5)
    return `its last valid PING reply is ${c.now - replica.link.lastAvailTime} ms old`;
  if (replica.slavePriority === 0) return 'its replica-priority is 0';
  // While the master is down we get INFO from replicas every second, so fresher data is expected.
  const infoValidity = master.has(SRI_S_DOWN) ? c.pingPeriod * 5 : c.infoPeriod * 3;
  if (c.now - replica.infoRefresh > infoValidity) return `its INFO is ${c.now - replica.infoRefresh} ms old (limit ${infoValidity})`;
  let maxMasterDownTime = master.downAfterPeriod * 10;
  if (master.has(SRI_S_DOWN)) maxMasterDownTime += c.now - master.sDownSinceTime;
  if (replica.masterLinkDownTime > maxMasterDownTime)
    return `its link to the master has been down ${replica.masterLinkDownTime} ms (limit ${maxMasterDownTime})`;
  return null;
}

/** compareSlavesForPromotion(): lower priority, then larger offset, then smaller run id (none sorts last). */
export function compareForPromotion(a: Instance, b: Instance): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset !== b.slaveReplOffset) return a.slaveReplOffset > b.slaveReplOffset ? -1 : 1;
  if (a.runId === null && b.runId === null) return 0;
  if (a.runId === null) return 1;
  if (b.runId === null) return -1;
  const x = a.runId.toLowerCase();
  const y = b.runId.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** sentinelSelectSlave(), with the verdict on every replica so the choice can be explained. */
export function selectReplica(master: Instance, c: SelectionClock): { chosen: Instance | null; verdicts: ReplicaVerdict[] } {
  const eligible: Instance[] = [];
  const verdicts: ReplicaVerdict[] = [];
  for (const replica of master.slaves.values()) {
    const reason = exclusionReason(master, replica, c);
    if (reason === null) eligible.push(replica);
    else verdicts.push(verdict(replica, false, reason));
  }
  eligible.sort(compareForPromotion);
  eligible.forEach((replica, rank) => {
    const why =
      rank === 0
        ? 'best by priority, then replication offset, then run id'
        : `ranked ${rank + 1} of ${eligible.length}: ${rankReason(eligible[0]!, replica)}`;
    verdicts.push(verdict(replica, true, why));
  });
  return { chosen: eligible[0] ?? null, verdicts };
}

function rankReason(best: Instance, other: Instance): string {
  if (best.slavePriority !== other.slavePriority) return `priority ${other.slavePriority} vs ${best.slavePriority}`;
  if (best.slaveReplOffset !== other.slaveReplOffset) return `offset ${other.slaveReplOffset} vs ${best.slaveReplOffset}`;
  return `run id ${other.runId ?? '(none)'} sorts after ${best.runId ?? '(none)'}`;
}

function verdict(replica: Instance, eligible: boolean, reason: string): ReplicaVerdict {
  return {
    replica: replica.name,
    eligible,
    reason,
    priority: replica.slavePriority,
    offset: replica.slaveReplOffset,
    runId: replica.runId,
  };
}
