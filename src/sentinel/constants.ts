// Sentinel protocol constants, each named after its counterpart in Redis's src/sentinel.c (7.0).
// Keep every literal here so the engine, the server and the lab never drift apart.

export const REDIS_SENTINEL_PORT = 26379; // server.h REDIS_SENTINEL_PORT
export const SENTINEL_HELLO_CHANNEL = '__sentinel__:hello'; // SENTINEL_HELLO_CHANNEL
export const SENTINEL_DEFAULT_SLAVE_PRIORITY = 100; // SENTINEL_DEFAULT_SLAVE_PRIORITY
export const SENTINEL_DEFAULT_PARALLEL_SYNCS = 1; // SENTINEL_DEFAULT_PARALLEL_SYNCS
export const SENTINEL_MAX_PENDING_COMMANDS = 100; // SENTINEL_MAX_PENDING_COMMANDS
export const SENTINEL_MAX_DESYNC = 1000; // SENTINEL_MAX_DESYNC
export const SENTINEL_DEFAULT_DOWN_AFTER = 30_000; // sentinel_default_down_after
export const SENTINEL_DEFAULT_FAILOVER_TIMEOUT = 180_000; // sentinel_default_failover_timeout
export const CONFIG_DEFAULT_HZ = 10; // server.h CONFIG_DEFAULT_HZ: sentinelTimer runs hz times a second
export const RUN_ID_SIZE = 40; // CONFIG_RUN_ID_SIZE

/** Channel on which the engine publishes its decisions as JSON when started with --explain (not part of Sentinel). */
export const ENGINE_EXPLAIN_CHANNEL = '__redis-ha-lab__:explain';

// Instance flags: SRI_* in sentinel.c.
export const SRI_MASTER = 1 << 0;
export const SRI_SLAVE = 1 << 1;
export const SRI_SENTINEL = 1 << 2;
export const SRI_S_DOWN = 1 << 3;
export const SRI_O_DOWN = 1 << 4;
export const SRI_MASTER_DOWN = 1 << 5;
export const SRI_FAILOVER_IN_PROGRESS = 1 << 6;
export const SRI_PROMOTED = 1 << 7;
export const SRI_RECONF_SENT = 1 << 8;
export const SRI_RECONF_INPROG = 1 << 9;
export const SRI_RECONF_DONE = 1 << 10;
export const SRI_FORCE_FAILOVER = 1 << 11;
export const SRI_SCRIPT_KILL_SENT = 1 << 12;
export const SRI_MASTER_REBOOT = 1 << 13;

// Failover states: SENTINEL_FAILOVER_STATE_* in sentinel.c.
export const FailoverState = {
  NONE: 0,
  WAIT_START: 1,
  SELECT_SLAVE: 2,
  SEND_SLAVEOF_NOONE: 3,
  WAIT_PROMOTION: 4,
  RECONF_SLAVES: 5,
  UPDATE_CONFIG: 6,
} as const;
export type FailoverState = (typeof FailoverState)[keyof typeof FailoverState];

/** sentinelFailoverStateStr() */
export function failoverStateName(state: FailoverState): string {
  return (
    ['none', 'wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion', 'reconf_slaves', 'update_config'][state] ?? 'unknown'
  );
}

// Simulated failures: SENTINEL_SIMFAILURE_* (SENTINEL SIMULATE-FAILURE).
export const SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION = 1 << 0;
export const SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION = 1 << 1;

// Log levels: LL_* in server.h. Only WARNING events run notification scripts (sentinelEvent).
// NOTHING (LL_NOTHING, Redis 7.2) is only a threshold: nothing is logged at it.
export const LogLevel = { DEBUG: 0, VERBOSE: 1, NOTICE: 2, WARNING: 3, NOTHING: 4 } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/**
 * The periods sentinel.c keeps in static variables and lets SENTINEL DEBUG change
 * (sentinel_info_period, sentinel_ping_period, ...), in milliseconds.
 */
export interface Timing {
  infoPeriod: number; // sentinel_info_period
  pingPeriod: number; // sentinel_ping_period
  askPeriod: number; // sentinel_ask_period
  publishPeriod: number; // sentinel_publish_period
  defaultDownAfter: number; // sentinel_default_down_after
  tiltTrigger: number; // sentinel_tilt_trigger
  tiltPeriod: number; // sentinel_tilt_period
  slaveReconfTimeout: number; // sentinel_slave_reconf_timeout
  minLinkReconnectPeriod: number; // sentinel_min_link_reconnect_period
  electionTimeout: number; // sentinel_election_timeout
  scriptMaxRuntime: number; // sentinel_script_max_runtime
  scriptRetryDelay: number; // sentinel_script_retry_delay
  defaultFailoverTimeout: number; // sentinel_default_failover_timeout
  /** Not in sentinel.c: how often the timer runs (sentinel.c: server.hz, 10 plus jitter). */
  timerPeriod: number;
  /** Not in sentinel.c: INFO period of a replica while its master fails over (sentinel.c: 1000). */
  failoverInfoPeriod: number;
  /** Not in sentinel.c: send INFO right behind a SLAVEOF, so its effect is seen in the same round trip. */
  eagerInfo: boolean;
  /**
   * Not in sentinel.c: a random wait, up to this many ms, between ODOWN and starting a failover. sentinel.c's
   * 10-19 Hz timer spreads sentinels that see ODOWN together by up to 100 ms, so the first one's vote request
   * arrives before the others start and ask for votes themselves; a fast timer needs the spread made explicit.
   */
  failoverStartJitter: number;
  /**
   * Not in sentinel.c: the adaptive profile. When set, the periods above are the ones at rest, and an instance
   * that needs watching (core/haste.ts: a late reply, a lost link, a down state, a failover...) gets these
   * instead, as does the timer while any instance needs them. null: the periods above apply all the time.
   */
  haste: Haste | null;
  /**
   * Not in sentinel.c: scale to the observed round trip to the other sentinels (core/haste.ts) how long their
   * "down" answers and votes count (sentinel.c: five ask periods, which is 500 ms with a 100 ms ask period) and
   * the random wait before a failover starts (failoverStartJitter), so the first sentinel's vote request reaches
   * the others before they start their own on a slow link.
   */
  rttScaled: boolean;
}

/** The faster periods of an instance that needs watching (Timing.haste). */
export interface Haste {
  pingPeriod: number;
  askPeriod: number;
  timerPeriod: number;
  failoverInfoPeriod: number;
  /** A ping unanswered for more than this fraction of down-after-milliseconds makes the instance need watching. */
  lateFraction: number;
}

/** The values of redis-sentinel 7.0. */
export const REDIS_TIMING: Timing = {
  infoPeriod: 10_000,
  pingPeriod: 1000,
  askPeriod: 1000,
  publishPeriod: 2000,
  defaultDownAfter: SENTINEL_DEFAULT_DOWN_AFTER,
  tiltTrigger: 2000,
  tiltPeriod: 30_000,
  slaveReconfTimeout: 10_000,
  minLinkReconnectPeriod: 15_000,
  electionTimeout: 10_000,
  scriptMaxRuntime: 60_000,
  scriptRetryDelay: 30_000,
  defaultFailoverTimeout: SENTINEL_DEFAULT_FAILOVER_TIMEOUT,
  timerPeriod: 1000 / CONFIG_DEFAULT_HZ,
  failoverInfoPeriod: 1000,
  eagerInfo: false,
  failoverStartJitter: 0,
  haste: null,
  rttScaled: false,
};

/**
 * The engine's fast profile: the same rules, observed more often. Pings, asks and the timer run ten times as
 * often, and replicas are polled every 50 ms during a failover so a promotion or a reconfiguration is seen as soon
 * as it happens. Nothing that decides safety changes: down-after, quorum, majority votes, epochs, failover-timeout.
 */
export const FAST_TIMING: Timing = {
  ...REDIS_TIMING,
  pingPeriod: 100,
  askPeriod: 100,
  timerPeriod: 20,
  failoverInfoPeriod: 50,
  eagerInfo: true,
  failoverStartJitter: 250,
  rttScaled: true,
};

/**
 * The engine's default, adaptive profile: redis-sentinel's periods while every instance answers on time (the
 * cost at rest of redis-sentinel), and the fast profile's periods for whatever needs watching, from the moment
 * a reply is late by a tenth of down-after, for as long as something is wrong. What happens after detection
 * (asking the others, the election, the promotion, the reconfiguration) runs at the fast profile's pace.
 */
export const ADAPTIVE_TIMING: Timing = {
  ...REDIS_TIMING,
  // At rest the timer only has to keep redis-sentinel's periods (ping 1 s, hello 2 s, INFO 10 s): 4-8 Hz is
  // enough, and each wake-up of a Node process costs more than one of redis-sentinel. A link that closes wakes
  // the engine at once (SentinelEngine.onWake), and anything that needs watching brings back 50-100 Hz.
  timerPeriod: 250,
  eagerInfo: true,
  failoverStartJitter: 250,
  rttScaled: true,
  haste: {
    pingPeriod: FAST_TIMING.pingPeriod,
    askPeriod: FAST_TIMING.askPeriod,
    timerPeriod: FAST_TIMING.timerPeriod,
    failoverInfoPeriod: FAST_TIMING.failoverInfoPeriod,
    lateFraction: 0.1,
  },
};

/** The profiles `redis-ha-lab sentinel --timing` offers. */
export const TIMING_PROFILES = { adaptive: ADAPTIVE_TIMING, fast: FAST_TIMING, redis: REDIS_TIMING } as const;
export type TimingProfileName = keyof typeof TIMING_PROFILES;
export const DEFAULT_TIMING_PROFILE: TimingProfileName = 'adaptive';
