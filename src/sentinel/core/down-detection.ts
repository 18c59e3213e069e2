// Subjective and objective down states (sentinel.c: sentinelCheckSubjectivelyDown,
// sentinelCheckObjectivelyDown, sentinelAskMasterStateToOtherSentinels, sentinelReceiveIsMasterDownReply).

import {
  FailoverState,
  LogLevel,
  SRI_MASTER,
  SRI_MASTER_DOWN,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_S_DOWN,
  SRI_SCRIPT_KILL_SENT,
  SRI_SLAVE,
} from '../constants.js';
import type { Engine } from './engine-state.js';
import { emitEvent } from './events.js';
import { answerLifetime, noteRoundTrip, periodsFor } from './haste.js';
import type { Instance } from './instance.js';
import { closeLink, sendCommand } from './links.js';
import { announceHost } from './sentinel-addr.js';

export interface SdownVerdict {
  down: boolean;
  reason: string;
  elapsedMs: number;
}

/** The condition of sentinelCheckSubjectivelyDown(), as a pure function of the instance and the time. */
export function judgeSubjectivelyDown(ri: Instance, now: number, infoPeriod: number): SdownVerdict {
  let elapsed = 0;
  if (ri.link.actPingTime) elapsed = now - ri.link.actPingTime;
  else if (ri.link.disconnected) elapsed = now - ri.link.lastAvailTime;
  if (elapsed > ri.downAfterPeriod) {
    const why = ri.link.actPingTime ? `no valid reply to PING for ${elapsed} ms` : `disconnected for ${elapsed} ms`;
    return { down: true, reason: `${why} (down-after-milliseconds ${ri.downAfterPeriod})`, elapsedMs: elapsed };
  }
  if (ri.has(SRI_MASTER) && ri.roleReported === SRI_SLAVE && now - ri.roleReportedTime > ri.downAfterPeriod + infoPeriod * 2) {
    return { down: true, reason: `a master that reports role:slave for ${now - ri.roleReportedTime} ms`, elapsedMs: elapsed };
  }
  if (ri.has(SRI_MASTER_REBOOT) && now - ri.masterRebootSinceTime > ri.masterRebootDownAfterPeriod) {
    return {
      down: true,
      reason: `rebooted ${now - ri.masterRebootSinceTime} ms ago and master-reboot-down-after-period is ${ri.masterRebootDownAfterPeriod}`,
      elapsedMs: elapsed,
    };
  }
  return { down: false, reason: 'replying', elapsedMs: elapsed };
}

/** sentinelCheckSubjectivelyDown() */
export function checkSubjectivelyDown(e: Engine, ri: Instance): void {
  const now = e.io.now();
  const t = e.state.timing;
  const link = ri.link;
  // Judged on the link state before the stuck-link closes below: sentinelCheckSubjectivelyDown computes the
  // elapsed time first, so closing a link makes the instance look disconnected only from the next round.
  const verdict = judgeSubjectivelyDown(ri, now, t.infoPeriod);
  // A command link with a ping pending for more than half down-after is probably stuck: reconnect it.
  if (
    link.cc &&
    now - link.ccConnTime > t.minLinkReconnectPeriod &&
    link.actPingTime !== 0 &&
    now - link.actPingTime > ri.downAfterPeriod / 2 &&
    now - link.lastPongTime > ri.downAfterPeriod / 2
  ) {
    closeLink(e, ri, 'cc');
  }
  // A pub/sub link silent for three publish periods (we hear our own hellos) is probably stuck too.
  if (link.pc && now - link.pcConnTime > t.minLinkReconnectPeriod && now - link.pcLastActivity > t.publishPeriod * 3) {
    closeLink(e, ri, 'pc');
  }
  if (verdict.down) {
    if (!ri.has(SRI_S_DOWN)) {
      emitEvent(e, LogLevel.WARNING, '+sdown', ri);
      ri.sDownSinceTime = now;
      ri.flags |= SRI_S_DOWN;
      e.io.explain({
        kind: 'sdown',
        instance: ri.name,
        reason: verdict.reason,
        elapsedMs: verdict.elapsedMs,
        downAfterMs: ri.downAfterPeriod,
      });
    }
  } else if (ri.has(SRI_S_DOWN)) {
    emitEvent(e, LogLevel.WARNING, '-sdown', ri);
    ri.flags &= ~(SRI_S_DOWN | SRI_SCRIPT_KILL_SENT);
  }
}

/** sentinelCheckObjectivelyDown(): ODOWN is a weak quorum of sentinels that recently said "down". */
export function checkObjectivelyDown(e: Engine, master: Instance): void {
  let quorum = 0;
  let odown = false;
  const agreeing: string[] = [];
  if (master.has(SRI_S_DOWN)) {
    quorum = 1; // ourselves
    for (const si of master.sentinels.values()) {
      if (si.has(SRI_MASTER_DOWN)) {
        quorum++;
        agreeing.push(si.name);
      }
    }
    if (quorum >= master.quorum) odown = true;
  }
  if (odown) {
    if (!master.has(SRI_O_DOWN)) {
      emitEvent(e, LogLevel.WARNING, '+odown', master, `#quorum ${quorum}/${master.quorum}`);
      master.flags |= SRI_O_DOWN;
      master.oDownSinceTime = e.io.now();
      e.io.explain({ kind: 'odown', master: master.name, votes: quorum, quorum: master.quorum, agreeing: [e.state.myid, ...agreeing] });
    }
  } else if (master.has(SRI_O_DOWN)) {
    emitEvent(e, LogLevel.WARNING, '-odown', master);
    master.flags &= ~SRI_O_DOWN;
    master.failoverJitterUntil = 0;
  }
}

export const ASK_FORCED = 1 << 0; // SENTINEL_ASK_FORCED

/** sentinelAskMasterStateToOtherSentinels() */
export function askMasterStateToOtherSentinels(e: Engine, master: Instance, flags: number): void {
  const now = e.io.now();
  const t = e.state.timing;
  const askPeriod = periodsFor(e, master).ask;
  for (const si of master.sentinels.values()) {
    // An answer older than five ask periods no longer counts.
    if (now - si.lastMasterDownReplyTime > answerLifetime(t, askPeriod, si)) {
      si.flags &= ~SRI_MASTER_DOWN;
      si.leader = null;
    }
    if (!master.has(SRI_S_DOWN)) continue;
    if (si.link.disconnected) continue;
    if (!(flags & ASK_FORCED) && now - si.lastMasterDownReplyTime < askPeriod) continue;
    const runId = master.failoverState > FailoverState.NONE ? e.state.myid : '*';
    const host = announceHost(e.state, master.addr); // the master as announced: its hostname with announce-hostnames
    sendCommand(
      e,
      si,
      ['SENTINEL', 'is-master-down-by-addr', host, String(master.addr.port), String(e.state.currentEpoch), runId],
      (reply) => {
        noteRoundTrip(si.link.rtt, e.io.now() - now);
        receiveIsMasterDownReply(e, si, reply);
      },
    );
  }
}

/** sentinelReceiveIsMasterDownReply(): [down 0|1, leader runid or "*", leader epoch]; anything else is ignored. */
export function receiveIsMasterDownReply(e: Engine, si: Instance, reply: unknown): void {
  if (!Array.isArray(reply) || reply.length !== 3) return;
  const [down, leader, epoch] = reply as unknown[];
  if (typeof down !== 'number' || typeof leader !== 'string' || typeof epoch !== 'number') return;
  si.lastMasterDownReplyTime = e.io.now();
  if (down === 1) si.flags |= SRI_MASTER_DOWN;
  else si.flags &= ~SRI_MASTER_DOWN;
  if (leader !== '*') {
    if (si.leaderEpoch !== epoch) e.io.log(LogLevel.WARNING, `${si.name} voted for ${leader} ${epoch}`);
    si.leader = leader;
    si.leaderEpoch = epoch;
  }
}
