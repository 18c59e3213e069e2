// One "sentinel ..." line applied to the model, following sentinelHandleConfiguration() in
// sentinel.c: same argument counts, same checks in the same order, same error texts, and the same
// lenient atoi()/strtoull() number reading (so "abc" is 0 where Redis reads 0).
// Redis checks neither master names (any bytes, spaces included) nor the length of a known-sentinel
// run id, so neither is checked here.

import type { CompatProfile } from '../compat/compat-profile.js';
import { RUN_ID_SIZE } from '../constants.js';
import { cAtoi, cStrtoull, yesNo } from './c-number-parsing.js';
import { normalizeNumericHost } from './numeric-host.js';
import { createMasterConfig } from './sentinel-config-defaults.js';
import type { MasterConfig, SentinelConfig } from './sentinel-config.js';

export interface SentinelDirectiveContext {
  config: SentinelConfig;
  /** access(path, X_OK) for notification-script / client-reconfig-script; no check when absent. */
  isExecutable?: (path: string) => boolean;
  /** The release followed; per-master option names depend on it. */
  compat: CompatProfile;
}

const NO_SUCH_MASTER = 'No such master with specified name.';
const UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';

/** Applies `args` (the words after "sentinel") and returns Redis's error text, or undefined. */
export function applySentinelDirective(ctx: SentinelDirectiveContext, args: string[]): string | undefined {
  const { config } = ctx;
  const option = args[0]!.toLowerCase();
  const argc = args.length;
  const master = (): MasterConfig | undefined => config.masters.find((m) => m.name === args[1]);

  if (option === 'monitor' && argc === 5) return addMaster(config, args);

  if (argc === 3) {
    // Valkey 8.0 reads primary-reboot-down-after-period too (sentinelHandleConfiguration).
    const name = ctx.compat.primaryNames && option === 'primary-reboot-down-after-period' ? 'master-reboot-down-after-period' : option;
    const perMaster = PER_MASTER_OPTIONS.get(name);
    if (perMaster) {
      const m = master();
      return m ? perMaster(m, args[2]!, ctx) : NO_SUCH_MASTER;
    }
  }

  if ((option === 'known-slave' || option === 'known-replica') && argc === 4) {
    const m = master();
    if (!m) return NO_SUCH_MASTER;
    const addr = instanceAddress(config, args[2]!, cAtoi(args[3]!));
    if (typeof addr === 'string') return addr;
    if (m.knownReplicas.some((r) => r.host === addr.host && r.port === addr.port)) return 'Duplicate hostname and port for replica.';
    m.knownReplicas.push(addr);
    return undefined;
  }

  if (option === 'known-sentinel' && (argc === 4 || argc === 5)) {
    if (argc === 4) return undefined; // the old form without run id is ignored
    const m = master();
    if (!m) return NO_SUCH_MASTER;
    const addr = instanceAddress(config, args[2]!, cAtoi(args[3]!));
    if (typeof addr === 'string') return addr;
    const runId = args[4]!;
    if (m.knownSentinels.some((s) => s.runId === runId)) return 'Duplicate runid for sentinel.';
    m.knownSentinels.push({ ...addr, runId });
    return undefined;
  }

  if (option === 'rename-command' && argc === 4) {
    const m = master();
    if (!m) return NO_SUCH_MASTER;
    const from = args[2]!;
    // renamedCommandsDictType compares command names case-insensitively.
    if (m.renamedCommands.some(([old]) => old.toLowerCase() === from.toLowerCase())) {
      return 'Same command renamed multiple times with rename-command.';
    }
    m.renamedCommands.push([from, args[3]!]);
    return undefined;
  }

  if (argc === 2) return applyGlobalOption(config, option, args[1]!);
  return UNRECOGNIZED;
}

function addMaster(config: SentinelConfig, args: string[]): string | undefined {
  const quorum = cAtoi(args[4]!);
  if (quorum <= 0) return 'Quorum must be 1 or greater.';
  const addr = instanceAddress(config, args[2]!, cAtoi(args[3]!));
  if (typeof addr === 'string') return addr;
  // instancesDictType: master names are compared byte for byte.
  if (config.masters.some((m) => m.name === args[1])) return 'Duplicate master name.';
  config.masters.push(createMasterConfig(args[1]!, addr.host, addr.port, quorum));
  return undefined;
}

/**
 * createSentinelAddr() with is_accept_unresolved: the port must fit 0..65535; without
 * resolve-hostnames the host must be an address literal (kept in inet_ntop() form), with it any name
 * is accepted (an unresolvable one too, as Redis does for configured instances).
 */
function instanceAddress(config: SentinelConfig, host: string, port: number): { host: string; port: number } | string {
  if (port < 0 || port > 65535) return 'Invalid port number.';
  const numeric = normalizeNumericHost(host);
  if (numeric !== undefined) return { host: numeric, port };
  if (!config.resolveHostnames) return "Can't resolve instance hostname.";
  return { host, port };
}

type PerMasterOption = (m: MasterConfig, value: string, ctx: SentinelDirectiveContext) => string | undefined;

/** The "<option> <master> <value>" statements. */
const PER_MASTER_OPTIONS: ReadonlyMap<string, PerMasterOption> = new Map(
  Object.entries({
    'down-after-milliseconds': (m, value) => {
      m.downAfterMs = cAtoi(value);
      return m.downAfterMs <= 0 ? 'negative or zero time parameter.' : undefined;
    },
    'failover-timeout': (m, value) => {
      m.failoverTimeoutMs = cAtoi(value);
      return m.failoverTimeoutMs <= 0 ? 'negative or zero time parameter.' : undefined;
    },
    'parallel-syncs': (m, value) => {
      m.parallelSyncs = cAtoi(value);
      return undefined;
    },
    'notification-script': (m, value, ctx) => {
      if (ctx.isExecutable && !ctx.isExecutable(value)) return 'Notification script seems non existing or non executable.';
      m.notificationScript = value;
      return undefined;
    },
    'client-reconfig-script': (m, value, ctx) => {
      if (ctx.isExecutable && !ctx.isExecutable(value)) {
        return 'Client reconfiguration script seems non existing or non executable.';
      }
      m.clientReconfigScript = value;
      return undefined;
    },
    'auth-pass': (m, value) => {
      m.authPass = value;
      return undefined;
    },
    'auth-user': (m, value) => {
      m.authUser = value;
      return undefined;
    },
    'config-epoch': (m, value, ctx) => {
      m.configEpoch = cStrtoull(value);
      // Redundant now that current-epoch is persisted, but Redis still does it.
      if (m.configEpoch > ctx.config.currentEpoch) ctx.config.currentEpoch = m.configEpoch;
      return undefined;
    },
    'leader-epoch': (m, value) => {
      m.leaderEpoch = cStrtoull(value);
      return undefined;
    },
    'master-reboot-down-after-period': (m, value) => {
      m.masterRebootDownAfterPeriodMs = cAtoi(value);
      return m.masterRebootDownAfterPeriodMs < 0 ? 'negative time parameter.' : undefined;
    },
  } satisfies Record<string, PerMasterOption>),
);

/** The "<option> <value>" statements about the Sentinel itself. */
function applyGlobalOption(config: SentinelConfig, option: string, value: string): string | undefined {
  switch (option) {
    case 'current-epoch': {
      const epoch = cStrtoull(value);
      if (epoch > config.currentEpoch) config.currentEpoch = epoch;
      return undefined;
    }
    case 'myid':
      if (Buffer.byteLength(value, 'utf8') !== RUN_ID_SIZE) return 'Malformed Sentinel id in myid option.';
      config.myid = value;
      return undefined;
    case 'announce-ip':
      if (value !== '') config.announceIp = value; // an empty value leaves an earlier one in place
      return undefined;
    case 'announce-port':
      config.announcePort = cAtoi(value);
      return undefined;
    case 'sentinel-user':
      if (value !== '') config.sentinelUser = value;
      return undefined;
    case 'sentinel-pass':
      if (value !== '') config.sentinelPass = value;
      return undefined;
    case 'deny-scripts-reconfig':
      return setYesNo(value, (v) => (config.denyScriptsReconfig = v), 'Please specify yes or no for the deny-scripts-reconfig options.');
    case 'resolve-hostnames':
      return setYesNo(value, (v) => (config.resolveHostnames = v), 'Please specify yes or no for the resolve-hostnames option.');
    case 'announce-hostnames':
      return setYesNo(value, (v) => (config.announceHostnames = v), 'Please specify yes or no for the announce-hostnames option.');
    default:
      return UNRECOGNIZED;
  }
}

function setYesNo(value: string, set: (v: boolean) => void, error: string): string | undefined {
  const parsed = yesNo(value);
  if (parsed === undefined) return error;
  set(parsed);
  return undefined;
}
