// Default values of a sentinel.conf model: initSentinelConfig()/initSentinel() and
// createSentinelRedisInstance() in sentinel.c, plus the standard options a Sentinel overrides.

import {
  REDIS_SENTINEL_PORT,
  SENTINEL_DEFAULT_DOWN_AFTER,
  SENTINEL_DEFAULT_FAILOVER_TIMEOUT,
  SENTINEL_DEFAULT_PARALLEL_SYNCS,
} from '../constants.js';
import type { MasterConfig, SentinelConfig } from './sentinel-config.js';

export const DEFAULT_LOG_LEVEL = 'notice'; // loglevel: LL_NOTICE
export const DEFAULT_LATENCY_PERCENTILES: readonly number[] = [50, 99, 99.9]; // latency-tracking-info-percentiles
export const DEFAULT_BIND: readonly string[] = ['*', '-::*']; // CONFIG_DEFAULT_BINDADDR
export const SERVER_DEFAULT_PORT = 6379; // the port option's own default, which Sentinel overrides
export const SENTINEL_DEFAULT_DENY_SCRIPTS_RECONFIG = true;
export const SENTINEL_DEFAULT_RESOLVE_HOSTNAMES = false;
export const SENTINEL_DEFAULT_ANNOUNCE_HOSTNAMES = false;

/** The configuration of a Sentinel started with an empty sentinel.conf. */
export function createDefaultSentinelConfig(): SentinelConfig {
  return {
    port: REDIS_SENTINEL_PORT, // initSentinelConfig()
    bind: [],
    logfile: '',
    daemonize: false,
    protectedMode: false, // initSentinelConfig(): "Sentinel must be exposed."
    currentEpoch: 0,
    resolveHostnames: SENTINEL_DEFAULT_RESOLVE_HOSTNAMES,
    announceHostnames: SENTINEL_DEFAULT_ANNOUNCE_HOSTNAMES,
    denyScriptsReconfig: SENTINEL_DEFAULT_DENY_SCRIPTS_RECONFIG,
    masters: [],
    logLevel: DEFAULT_LOG_LEVEL,
    latencyTrackingInfoPercentiles: [...DEFAULT_LATENCY_PERCENTILES],
    otherDirectives: [],
  };
}

/** A master as "sentinel monitor" creates it, before any per-master option. */
export function createMasterConfig(name: string, host: string, port: number, quorum: number): MasterConfig {
  return {
    name,
    host,
    port,
    quorum,
    downAfterMs: SENTINEL_DEFAULT_DOWN_AFTER,
    failoverTimeoutMs: SENTINEL_DEFAULT_FAILOVER_TIMEOUT,
    parallelSyncs: SENTINEL_DEFAULT_PARALLEL_SYNCS,
    masterRebootDownAfterPeriodMs: 0,
    configEpoch: 0,
    leaderEpoch: 0,
    knownReplicas: [],
    knownSentinels: [],
    renamedCommands: [],
  };
}
