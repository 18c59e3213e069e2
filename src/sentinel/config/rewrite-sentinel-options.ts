// The "sentinel ..." part of CONFIG REWRITE: rewriteConfigSentinelOption() in sentinel.c, line for
// line and in its order. Notes on what Redis 7.0.15 does, kept here on purpose:
// - values are printed raw with "%s" (auth-pass, auth-user, scripts, master names, sentinel-user,
//   sentinel-pass), so a password with a space is written unquoted and the next start rejects the
//   line; only announce-ip goes through sdscatrepr() and is always double-quoted;
// - masters, replicas and sentinels come out in Redis's hash-table order, which is arbitrary; here
//   they come out in the order of the model's arrays;
// - "sentinel known-slave" lines of an old file are neither reused nor removed by 7.0 (only known-replica
//   is handled), so a file that had them lists those replicas twice afterwards; 7.2 reuses them first;
// - Valkey 8.0 writes "sentinel primary-reboot-down-after-period", and leaves an old file's
//   master-reboot-down-after-period lines where they are (it only marks its own name as processed).

import { SENTINEL_DEFAULT_DOWN_AFTER, SENTINEL_DEFAULT_FAILOVER_TIMEOUT, SENTINEL_DEFAULT_PARALLEL_SYNCS } from '../constants.js';
import type { CompatProfile } from '../compat/compat-profile.js';
import type { RewriteState } from './rewrite-state.js';
import {
  SENTINEL_DEFAULT_ANNOUNCE_HOSTNAMES,
  SENTINEL_DEFAULT_DENY_SCRIPTS_RECONFIG,
  SENTINEL_DEFAULT_RESOLVE_HOSTNAMES,
} from './sentinel-config-defaults.js';
import type { MasterConfig, SentinelConfig } from './sentinel-config.js';
import { reprConfigString } from './split-config-line.js';

// Per-master options whose old lines go away when no master writes them any more.
const PER_MASTER_OPTIONS = [
  'monitor',
  'down-after-milliseconds',
  'failover-timeout',
  'parallel-syncs',
  'notification-script',
  'client-reconfig-script',
  'auth-pass',
  'auth-user',
  'config-epoch',
  'leader-epoch',
  'known-replica',
  'known-sentinel',
  'rename-command',
  'master-reboot-down-after-period',
];

export function rewriteSentinelOptions(state: RewriteState, config: SentinelConfig, compat: CompatProfile): void {
  const write = (option: string, line: string, force = true): void => {
    state.rewriteLine(`sentinel ${option}`, line, force);
  };
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

  // Redis always has an id by now (sentinelIsRunning() makes one); without one nothing is written.
  if (config.myid !== undefined) write('myid', `sentinel myid ${config.myid}`);
  else state.markProcessed('sentinel myid');

  write(
    'deny-scripts-reconfig',
    `sentinel deny-scripts-reconfig ${yesNo(config.denyScriptsReconfig)}`,
    config.denyScriptsReconfig !== SENTINEL_DEFAULT_DENY_SCRIPTS_RECONFIG,
  );
  // Early in the file so that it is in effect when the addresses below are read.
  write(
    'resolve-hostnames',
    `sentinel resolve-hostnames ${yesNo(config.resolveHostnames)}`,
    config.resolveHostnames !== SENTINEL_DEFAULT_RESOLVE_HOSTNAMES,
  );
  write(
    'announce-hostnames',
    `sentinel announce-hostnames ${yesNo(config.announceHostnames)}`,
    config.announceHostnames !== SENTINEL_DEFAULT_ANNOUNCE_HOSTNAMES,
  );

  for (const master of config.masters) rewriteMaster(state, write, master, compat);

  write('current-epoch', `sentinel current-epoch ${config.currentEpoch}`);

  if (config.announceIp) write('announce-ip', `sentinel announce-ip ${reprConfigString(config.announceIp)}`);
  else state.markProcessed('sentinel announce-ip');
  if (config.announcePort) write('announce-port', `sentinel announce-port ${config.announcePort}`);
  else state.markProcessed('sentinel announce-port');
  if (config.sentinelUser) write('sentinel-user', `sentinel sentinel-user ${config.sentinelUser}`);
  else state.markProcessed('sentinel sentinel-user');
  if (config.sentinelPass) write('sentinel-pass', `sentinel sentinel-pass ${config.sentinelPass}`);
  else state.markProcessed('sentinel sentinel-pass');

  for (const option of PER_MASTER_OPTIONS) state.markProcessed(`sentinel ${option === REBOOT_PERIOD ? rebootOption(compat) : option}`);
}

const REBOOT_PERIOD = 'master-reboot-down-after-period';

/** Valkey 8.0 renamed it (sentinel.c rewriteConfigSentinelOption). */
function rebootOption(compat: CompatProfile): string {
  return compat.primaryNames ? 'primary-reboot-down-after-period' : REBOOT_PERIOD;
}

function rewriteMaster(state: RewriteState, write: (option: string, line: string) => void, m: MasterConfig, compat: CompatProfile): void {
  const name = m.name;
  write('monitor', `sentinel monitor ${name} ${m.host} ${m.port} ${m.quorum}`);
  if (m.downAfterMs !== SENTINEL_DEFAULT_DOWN_AFTER) {
    write('down-after-milliseconds', `sentinel down-after-milliseconds ${name} ${m.downAfterMs}`);
  }
  if (m.failoverTimeoutMs !== SENTINEL_DEFAULT_FAILOVER_TIMEOUT) {
    write('failover-timeout', `sentinel failover-timeout ${name} ${m.failoverTimeoutMs}`);
  }
  if (m.parallelSyncs !== SENTINEL_DEFAULT_PARALLEL_SYNCS) {
    write('parallel-syncs', `sentinel parallel-syncs ${name} ${m.parallelSyncs}`);
  }
  if (m.notificationScript !== undefined) {
    write('notification-script', `sentinel notification-script ${name} ${m.notificationScript}`);
  }
  if (m.clientReconfigScript !== undefined) {
    write('client-reconfig-script', `sentinel client-reconfig-script ${name} ${m.clientReconfigScript}`);
  }
  if (m.authPass !== undefined) write('auth-pass', `sentinel auth-pass ${name} ${m.authPass}`);
  if (m.authUser !== undefined) write('auth-user', `sentinel auth-user ${name} ${m.authUser}`);
  if (m.masterRebootDownAfterPeriodMs !== 0) {
    const option = rebootOption(compat);
    write(option, `sentinel ${option} ${name} ${m.masterRebootDownAfterPeriodMs}`);
  }
  write('config-epoch', `sentinel config-epoch ${name} ${m.configEpoch}`);
  write('leader-epoch', `sentinel leader-epoch ${name} ${m.leaderEpoch}`);
  // The caller puts the address to write in the model: during a failover Redis writes the promoted
  // replica in the monitor line and the old master among the replicas (sentinelGetCurrentMasterAddress()).
  for (const r of m.knownReplicas) {
    const line = `sentinel known-replica ${name} ${r.host} ${r.port}`;
    // Redis 7.2 first tries an old known-slave line, and only then a known-replica one (forced).
    if (compat.rewriteReusesKnownSlave && state.rewriteLine('sentinel known-slave', line, false)) continue;
    write('known-replica', line);
  }
  for (const s of m.knownSentinels) write('known-sentinel', `sentinel known-sentinel ${name} ${s.host} ${s.port} ${s.runId}`);
  for (const [from, to] of m.renamedCommands) write('rename-command', `sentinel rename-command ${name} ${from} ${to}`);
}
