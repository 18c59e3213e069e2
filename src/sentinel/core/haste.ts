// The adaptive timing profile (not in sentinel.c; Timing.haste): redis-sentinel's periods while an instance
// answers on time, the fast periods while it needs watching. Which instance needs watching, and the periods
// that apply to it, are decided here; the rules that decide safety (down-after, quorum, majority, epochs,
// failover-timeout) never look at them.

import {
  SRI_FAILOVER_IN_PROGRESS,
  SRI_MASTER,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_PROMOTED,
  SRI_RECONF_INPROG,
  SRI_RECONF_SENT,
  SRI_S_DOWN,
  SRI_SLAVE,
  type Timing,
} from '../constants.js';
import type { Engine } from './engine-state.js';
import type { Instance, RoundTrip } from './instance.js';

/** The periods that apply to one instance now. */
export interface Periods {
  ping: number; // pings, and reconnection attempts (sentinelReconnectInstance uses the ping period too)
  ask: number; // SENTINEL is-master-down-by-addr about a master in SDOWN
  failoverInfo: number; // INFO of a replica whose master is down or failing over
}

/**
 * Whether something is wrong with `ri`, or with the master it belongs to (pure): its link is lost, a ping has
 * waited more than `lateFraction` of down-after, it is down or rebooted, a failover involves it, a master says
 * it is a replica, a replica says it is a master (a demoted master still to convert) or lost its master.
 * The sentinels of a master in trouble are watched too: their answers and votes decide the failover.
 */
export function needsWatching(ri: Instance, now: number, lateFraction: number): boolean {
  const link = ri.link;
  if (link.disconnected) return true;
  if (link.actPingTime !== 0 && now - link.actPingTime > ri.downAfterPeriod * lateFraction) return true;
  if (ri.has(SRI_S_DOWN | SRI_O_DOWN | SRI_FAILOVER_IN_PROGRESS | SRI_MASTER_REBOOT)) return true;
  if (ri.has(SRI_MASTER)) return ri.roleReported === SRI_SLAVE;
  if (ri.master!.has(SRI_S_DOWN | SRI_O_DOWN | SRI_FAILOVER_IN_PROGRESS)) return true;
  if (ri.has(SRI_SLAVE)) {
    return ri.roleReported === SRI_MASTER || ri.masterLinkDownTime !== 0 || ri.has(SRI_PROMOTED | SRI_RECONF_SENT | SRI_RECONF_INPROG);
  }
  return false;
}

/** The periods for `ri` now: the profile's own, or, when it needs watching, the faster of them and the haste's. */
export function periodsFor(e: Engine, ri: Instance): Periods {
  const t = e.state.timing;
  const rest = { ping: t.pingPeriod, ask: t.askPeriod, failoverInfo: t.failoverInfoPeriod };
  if (!t.haste || !needsWatching(ri, e.io.now(), t.haste.lateFraction)) return rest;
  return {
    ping: Math.min(rest.ping, t.haste.pingPeriod),
    ask: Math.min(rest.ask, t.haste.askPeriod),
    failoverInfo: Math.min(rest.failoverInfo, t.haste.failoverInfoPeriod),
  };
}

/** The timer's period: the haste's while any instance needs watching. */
export function timerPeriod(t: Timing, watching: boolean): number {
  return t.haste && watching ? Math.min(t.timerPeriod, t.haste.timerPeriod) : t.timerPeriod;
}

/**
 * How long another sentinel's "down" answer and vote count (sentinelAskMasterStateToOtherSentinels drops them
 * after five ask periods). With Timing.rttScaled each period is lengthened by the round trip to
 * that sentinel, so an answer outlives the time the next one takes to arrive on a slow link.
 */
export function answerLifetime(t: Timing, askPeriod: number, sentinel: Instance): number {
  return 5 * (askPeriod + (t.rttScaled ? roundTripBound(sentinel.link.rtt) : 0));
}

/**
 * The window of the random wait between ODOWN and starting a failover (Timing.failoverStartJitter). Scaled, it
 * grows by the slowest round trip to the master's sentinels: the sentinel that starts first must have its vote
 * request arrive before the others start, or each votes for itself and the election fails until
 * 2 × failover-timeout later.
 */
export function failoverStartWindow(t: Timing, master: Instance): number {
  if (!t.rttScaled || t.failoverStartJitter === 0) return t.failoverStartJitter;
  let slowest = 0;
  for (const si of master.sentinels.values()) slowest = Math.max(slowest, roundTripBound(si.link.rtt));
  return t.failoverStartJitter + slowest;
}

/**
 * One more round-trip sample on a link: RFC 6298's smoothed round trip and mean deviation (TCP's retransmission
 * timer), except that a sample slower than the smoothed value replaces it at once. At rest a link sees a ping a
 * second; a link that just became slow must lengthen lifetimes and spreads after one sample, not after twenty.
 */
export function noteRoundTrip(rtt: RoundTrip, sample: number): void {
  if (rtt.srtt === 0 && rtt.rttvar === 0) {
    rtt.srtt = sample;
    rtt.rttvar = sample / 2;
    return;
  }
  rtt.rttvar = 0.75 * rtt.rttvar + 0.25 * Math.abs(rtt.srtt - sample);
  rtt.srtt = sample > rtt.srtt ? sample : 0.875 * rtt.srtt + 0.125 * sample;
}

/** A round trip that replies on the link rarely exceed (RFC 6298's RTO without its 1 s floor): srtt + 4 × rttvar. */
export function roundTripBound(rtt: RoundTrip): number {
  return rtt.srtt + 4 * rtt.rttvar;
}
