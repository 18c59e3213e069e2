// One monitored instance: a master, a replica or another sentinel (sentinelRedisInstance in sentinel.c),
// with the state of its links (instanceLink). Plain data: the decisions live in the other files of core/.

import {
  FailoverState,
  SENTINEL_DEFAULT_PARALLEL_SYNCS,
  SENTINEL_DEFAULT_SLAVE_PRIORITY,
  SRI_MASTER,
  SRI_SENTINEL,
  SRI_SLAVE,
} from '../constants.js';
import type { SentinelState } from './engine-state.js';
import { announceHost, type Addr } from './sentinel-addr.js';

export type { Addr } from './sentinel-addr.js';

/** instanceLink: the command link (cc) and, for masters and replicas, the pub/sub link (pc). */
export interface Link {
  disconnected: boolean;
  cc: boolean;
  pc: boolean;
  pendingCommands: number;
  ccConnTime: number;
  pcConnTime: number;
  lastReconnTime: number;
  pcLastActivity: number;
  actPingTime: number; // time of the oldest ping still without a reply, 0 when none
  lastPingTime: number;
  lastPongTime: number;
  lastAvailTime: number;
  /** Not in sentinel.c: the round trip of replies on the command link (core/haste.ts noteRoundTrip); 0 before any. */
  rtt: RoundTrip;
  /** Bumped at every (re)connection, so replies of a closed connection are recognised and dropped. */
  generation: number;
}

/** A smoothed round trip and its mean deviation, in ms (RFC 6298's estimator). */
export interface RoundTrip {
  srtt: number;
  rttvar: number;
}

/** createInstanceLink() */
export function createLink(now: number): Link {
  return {
    disconnected: true,
    cc: false,
    pc: false,
    pendingCommands: 0,
    ccConnTime: 0,
    pcConnTime: 0,
    lastReconnTime: 0,
    pcLastActivity: 0,
    // Set to now before any connection, so an instance we can never reach still times out.
    actPingTime: now,
    lastPingTime: 0,
    lastAvailTime: now,
    lastPongTime: now,
    rtt: { srtt: 0, rttvar: 0 },
    generation: 0,
  };
}

export const MASTER_LINK_STATUS_UP = 0; // SENTINEL_MASTER_LINK_STATUS_UP
export const MASTER_LINK_STATUS_DOWN = 1; // SENTINEL_MASTER_LINK_STATUS_DOWN

export class Instance {
  runId: string | null = null;
  configEpoch = 0;
  link: Link;
  lastPubTime: number;
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  sDownSinceTime = 0;
  oDownSinceTime = 0;
  downAfterPeriod: number;
  masterRebootDownAfterPeriod = 0;
  masterRebootSinceTime = 0;
  masterLinkDownTime = 0;
  authPass: string | null = null;
  authUser: string | null = null;
  slavePriority = SENTINEL_DEFAULT_SLAVE_PRIORITY;
  replicaAnnounced = 1;
  slaveReconfSentTime = 0;
  slaveMasterHost: string | null = null;
  slaveMasterPort = 0;
  slaveMasterLinkStatus = MASTER_LINK_STATUS_DOWN;
  slaveReplOffset = 0;
  readonly sentinels = new Map<string, Instance>();
  readonly slaves = new Map<string, Instance>();
  quorum: number;
  parallelSyncs = SENTINEL_DEFAULT_PARALLEL_SYNCS;
  infoRefresh = 0;
  readonly renamedCommands = new Map<string, string>();
  // Failover state (masters only).
  leader: string | null = null;
  leaderEpoch = 0;
  failoverEpoch = 0;
  failoverState: FailoverState = FailoverState.NONE;
  failoverStateChangeTime = 0;
  failoverStartTime = 0;
  failoverTimeout: number;
  failoverDelayLogged = 0;
  /** Fast and adaptive profiles: no failover before this time in the current ODOWN (see Timing.failoverStartJitter); 0 = not drawn. */
  failoverJitterUntil = 0;
  promotedSlave: Instance | null = null;
  notificationScript: string | null = null;
  clientReconfigScript: string | null = null;
  info: string | null = null;
  roleReported: number;
  roleReportedTime: number;
  slaveConfChangeTime: number;

  constructor(
    public flags: number,
    public name: string,
    public addr: Addr,
    quorum: number,
    readonly master: Instance | null,
    now: number,
    defaults: { downAfter: number; failoverTimeout: number },
  ) {
    this.link = createLink(now);
    this.lastPubTime = now;
    this.lastHelloTime = now;
    this.lastMasterDownReplyTime = now;
    this.downAfterPeriod = master ? master.downAfterPeriod : defaults.downAfter;
    this.quorum = quorum;
    this.failoverTimeout = defaults.failoverTimeout;
    this.roleReported = flags & (SRI_MASTER | SRI_SLAVE);
    this.roleReportedTime = now;
    this.slaveConfChangeTime = now;
  }

  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  get isMaster(): boolean {
    return this.has(SRI_MASTER);
  }

  /** The master this instance belongs to (itself for a master). */
  get ownMaster(): Instance {
    return this.master ?? this;
  }
}

/** sentinelRedisInstanceTypeStr() */
export function instanceTypeName(ri: Instance): string {
  if (ri.has(SRI_MASTER)) return 'master';
  if (ri.has(SRI_SLAVE)) return 'slave';
  if (ri.has(SRI_SENTINEL)) return 'sentinel';
  return 'unknown';
}

/** The "%@" prefix of sentinelEvent(): `<type> <name> <ip> <port>[ @ <master> <ip> <port>]`, addresses as announced. */
export function describeInstance(state: Pick<SentinelState, 'announceHostnames'>, ri: Instance): string {
  const self = `${instanceTypeName(ri)} ${ri.name} ${announceHost(state, ri.addr)} ${ri.addr.port}`;
  if (ri.isMaster || !ri.master) return self;
  const m = ri.master;
  return `${self} @ ${m.name} ${announceHost(state, m.addr)} ${m.addr.port}`;
}
