// The failover state machine (sentinel.c: sentinelStartFailover, sentinelStartFailoverIfNeeded,
// sentinelFailoverWaitStart ... sentinelFailoverSwitchToPromotedSlave, sentinelAbortFailover).

import {
  FailoverState,
  LogLevel,
  SENTINEL_MAX_DESYNC,
  SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_FORCE_FAILOVER,
  SRI_O_DOWN,
  SRI_PROMOTED,
  SRI_RECONF_DONE,
  SRI_RECONF_INPROG,
  SRI_RECONF_SENT,
  SRI_S_DOWN,
} from '../constants.js';
import type { Engine } from './engine-state.js';
import { emitEvent } from './events.js';
import type { Instance } from './instance.js';
import { resetMasterAndChangeAddress } from './instance-registry.js';
import { failoverStartWindow } from './haste.js';
import { getLeader } from './leader-election.js';
import { requestInfo, sendSlaveOf } from './links.js';
import { selectReplica } from './replica-selection.js';
import { announceHost } from './sentinel-addr.js';

/** sentinelStartFailover() */
export function startFailover(e: Engine, master: Instance): void {
  const now = e.io.now();
  master.failoverState = FailoverState.WAIT_START;
  master.flags |= SRI_FAILOVER_IN_PROGRESS;
  master.failoverEpoch = ++e.state.currentEpoch;
  emitEvent(e, LogLevel.WARNING, '+new-epoch', master, String(e.state.currentEpoch), false);
  emitEvent(e, LogLevel.WARNING, '+try-failover', master);
  master.failoverStartTime = now + Math.floor(e.io.random() * SENTINEL_MAX_DESYNC);
  master.failoverStateChangeTime = now;
}

/** sentinelStartFailoverIfNeeded(): ODOWN, none in progress, and none attempted in the last 2 × failover-timeout. */
export function startFailoverIfNeeded(e: Engine, master: Instance): boolean {
  if (!master.has(SRI_O_DOWN)) return false;
  if (master.has(SRI_FAILOVER_IN_PROGRESS)) return false;
  const now = e.io.now();
  if (now - master.failoverStartTime < master.failoverTimeout * 2) {
    if (master.failoverDelayLogged !== master.failoverStartTime) {
      master.failoverDelayLogged = master.failoverStartTime;
      const when = new Date(master.failoverStartTime + master.failoverTimeout * 2).toString().slice(0, 24);
      e.io.log(LogLevel.WARNING, `Next failover delay: I will not start a failover before ${when}`);
    }
    return false;
  }
  const jitter = failoverStartWindow(e.state.timing, master);
  if (jitter > 0) {
    if (master.failoverJitterUntil === 0) master.failoverJitterUntil = now + Math.floor(e.io.random() * jitter);
    if (now < master.failoverJitterUntil) return false;
  }
  master.failoverJitterUntil = 0;
  startFailover(e, master);
  return true;
}

/** sentinelFailoverStateMachine() */
export function failoverStateMachine(e: Engine, master: Instance): void {
  if (!master.has(SRI_FAILOVER_IN_PROGRESS)) return;
  switch (master.failoverState) {
    case FailoverState.WAIT_START:
      return waitStart(e, master);
    case FailoverState.SELECT_SLAVE:
      return selectSlaveStep(e, master);
    case FailoverState.SEND_SLAVEOF_NOONE:
      return sendSlaveOfNoOne(e, master);
    case FailoverState.WAIT_PROMOTION:
      return waitPromotion(e, master);
    case FailoverState.RECONF_SLAVES:
      return reconfNextSlave(e, master);
  }
}

function setState(e: Engine, master: Instance, state: FailoverState): void {
  master.failoverState = state;
  master.failoverStateChangeTime = e.io.now();
}

/** sentinelFailoverWaitStart(): go on only as the elected leader (or when forced by SENTINEL FAILOVER). */
function waitStart(e: Engine, master: Instance): void {
  const leader = getLeader(e, master, master.failoverEpoch);
  const isLeader = leader !== null && leader.toLowerCase() === e.state.myid.toLowerCase();
  if (!isLeader && !master.has(SRI_FORCE_FAILOVER)) {
    const electionTimeout = Math.min(e.state.timing.electionTimeout, master.failoverTimeout);
    if (e.io.now() - master.failoverStartTime > electionTimeout) {
      emitEvent(e, LogLevel.WARNING, '-failover-abort-not-elected', master);
      abortFailover(e, master);
    }
    return;
  }
  emitEvent(e, LogLevel.WARNING, '+elected-leader', master);
  if (e.state.simFailureFlags & SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION) e.io.crash();
  setState(e, master, FailoverState.SELECT_SLAVE);
  emitEvent(e, LogLevel.WARNING, '+failover-state-select-slave', master);
  // sentinel.c moves on at the next timer tick; the fast and adaptive profiles (eagerInfo) move on now, which only saves the wait.
  if (e.state.timing.eagerInfo) selectSlaveStep(e, master);
}

/** sentinelFailoverSelectSlave() */
function selectSlaveStep(e: Engine, master: Instance): void {
  const t = e.state.timing;
  const { chosen, verdicts } = selectReplica(master, { now: e.io.now(), pingPeriod: t.pingPeriod, infoPeriod: t.infoPeriod });
  e.io.explain({ kind: 'replica-selection', master: master.name, chosen: chosen?.name ?? null, candidates: verdicts });
  if (!chosen) {
    emitEvent(e, LogLevel.WARNING, '-failover-abort-no-good-slave', master);
    abortFailover(e, master);
    return;
  }
  emitEvent(e, LogLevel.WARNING, '+selected-slave', chosen);
  chosen.flags |= SRI_PROMOTED;
  master.promotedSlave = chosen;
  setState(e, master, FailoverState.SEND_SLAVEOF_NOONE);
  emitEvent(e, LogLevel.NOTICE, '+failover-state-send-slaveof-noone', chosen);
  if (e.state.timing.eagerInfo) sendSlaveOfNoOne(e, master);
}

/** sentinelFailoverSendSlaveOfNoOne(): retried until failover-timeout while the replica is unreachable. */
function sendSlaveOfNoOne(e: Engine, master: Instance): void {
  const promoted = master.promotedSlave!;
  if (promoted.link.disconnected) {
    if (e.io.now() - master.failoverStateChangeTime > master.failoverTimeout) {
      emitEvent(e, LogLevel.WARNING, '-failover-abort-slave-timeout', master);
      abortFailover(e, master);
    }
    return;
  }
  if (!sendSlaveOf(e, promoted, null)) return;
  emitEvent(e, LogLevel.NOTICE, '+failover-state-wait-promotion', promoted);
  setState(e, master, FailoverState.WAIT_PROMOTION);
  // Engine speed-up: an INFO queued behind the transaction shows role:master in the same round trip.
  if (e.state.timing.eagerInfo) requestInfo(e, promoted);
}

/** sentinelFailoverWaitPromotion(): the INFO of the promoted replica moves us on; here only the timeout. */
function waitPromotion(e: Engine, master: Instance): void {
  if (e.io.now() - master.failoverStateChangeTime > master.failoverTimeout) {
    emitEvent(e, LogLevel.WARNING, '-failover-abort-slave-timeout', master);
    abortFailover(e, master);
  }
}

/** sentinelFailoverReconfNextSlave(): point up to parallel-syncs replicas at a time at the promoted one. */
function reconfNextSlave(e: Engine, master: Instance): void {
  const now = e.io.now();
  let inProgress = 0;
  for (const s of master.slaves.values()) if (s.has(SRI_RECONF_SENT | SRI_RECONF_INPROG)) inProgress++;
  for (const s of master.slaves.values()) {
    if (inProgress >= master.parallelSyncs) break;
    if (s.has(SRI_PROMOTED | SRI_RECONF_DONE)) continue;
    // Stuck for too long: count it as done; the fix-slave-config rule will correct it later if needed.
    if (s.has(SRI_RECONF_SENT) && now - s.slaveReconfSentTime > e.state.timing.slaveReconfTimeout) {
      emitEvent(e, LogLevel.NOTICE, '-slave-reconf-sent-timeout', s);
      s.flags = (s.flags & ~SRI_RECONF_SENT) | SRI_RECONF_DONE;
    }
    if (s.has(SRI_RECONF_SENT | SRI_RECONF_INPROG)) continue;
    if (s.link.disconnected) continue;
    if (sendSlaveOf(e, s, master.promotedSlave!.addr)) {
      s.flags |= SRI_RECONF_SENT;
      s.slaveReconfSentTime = now;
      emitEvent(e, LogLevel.NOTICE, '+slave-reconf-sent', s);
      inProgress++;
      if (e.state.timing.eagerInfo) requestInfo(e, s);
    }
  }
  detectEnd(e, master);
}

/** sentinelFailoverDetectEnd() */
function detectEnd(e: Engine, master: Instance): void {
  const promoted = master.promotedSlave;
  if (promoted === null || promoted.has(SRI_S_DOWN)) return;
  let notReconfigured = 0;
  for (const s of master.slaves.values()) {
    if (s.has(SRI_PROMOTED | SRI_RECONF_DONE)) continue;
    if (s.has(SRI_S_DOWN)) continue;
    notReconfigured++;
  }
  let timeout = false;
  if (e.io.now() - master.failoverStateChangeTime > master.failoverTimeout) {
    notReconfigured = 0;
    timeout = true;
    emitEvent(e, LogLevel.WARNING, '+failover-end-for-timeout', master);
  }
  if (notReconfigured === 0) {
    emitEvent(e, LogLevel.WARNING, '+failover-end', master);
    setState(e, master, FailoverState.UPDATE_CONFIG);
  }
  if (timeout) {
    // Best effort: tell the replicas still not reconfigured where the new master is.
    for (const s of master.slaves.values()) {
      if (s.has(SRI_PROMOTED | SRI_RECONF_DONE | SRI_RECONF_SENT)) continue;
      if (s.link.disconnected) continue;
      if (sendSlaveOf(e, s, promoted.addr)) {
        emitEvent(e, LogLevel.NOTICE, '+slave-reconf-sent-be', s);
        s.flags |= SRI_RECONF_SENT;
      }
    }
  }
}

/** sentinelFailoverSwitchToPromotedSlave() */
export function switchToPromotedSlave(e: Engine, master: Instance): void {
  const ref = master.promotedSlave ?? master;
  const from = `${announceHost(e.state, master.addr)} ${master.addr.port}`;
  emitEvent(
    e,
    LogLevel.WARNING,
    '+switch-master',
    master,
    `${master.name} ${from} ${announceHost(e.state, ref.addr)} ${ref.addr.port}`,
    false,
  );
  resetMasterAndChangeAddress(e, master, ref.addr.host, ref.addr.port); // resolved again from its hostname
}

/** sentinelAbortFailover(): only before the promoted replica took the new role. */
export function abortFailover(e: Engine, master: Instance): void {
  master.flags &= ~(SRI_FAILOVER_IN_PROGRESS | SRI_FORCE_FAILOVER);
  master.failoverState = FailoverState.NONE;
  master.failoverStateChangeTime = e.io.now();
  if (master.promotedSlave) {
    master.promotedSlave.flags &= ~SRI_PROMOTED;
    master.promotedSlave = null;
  }
}
