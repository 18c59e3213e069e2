// One top-level (non "sentinel ...") line of a sentinel.conf, following the loop of
// loadServerConfigFromString() in config.c: standard options first (single-argument ones need
// exactly one argument, list options given as one quoted string are split again), then the
// deprecated names Redis skips, then include / rename-command / user / loadmodule / module options.
// The options a Sentinel uses are validated with Redis's messages; the rest are accepted as Redis
// accepts them and kept in `otherDirectives` (their values are not checked).

import { strictDouble, strictLongLong, yesNo } from './c-number-parsing.js';
import type { CompatProfile } from '../compat/compat-profile.js';
import { ConfigDirectives, DEPRECATED_CONFIGS, MULTI_ARG_CONFIGS } from './redis-config-directives.js';
import type { SentinelConfig, ServerLogLevel } from './sentinel-config.js';
import { splitConfigLine } from './split-config-line.js';

export interface ServerDirectiveContext {
  config: SentinelConfig;
  /** chdir(dir): undefined on success, the strerror() text on failure. No check when absent. */
  changeDir?: (dir: string) => string | undefined;
  /** Hands a "sentinel <args>" line over to the sentinel queue (queueSentinelConfig()). */
  queueSentinel: (args: string[]) => void;
  /** Users declared so far (ACLAppendUserForLoading() refuses a second declaration). */
  users: Set<string>;
  /** Set while the last bind option listed no address. */
  bindsNowhere: boolean;
  /** The release followed: its config table and log levels. */
  compat: CompatProfile;
}

/** The loglevel enum of config.c; Redis 7.2 added "nothing". */
export function logLevelNames(compat: CompatProfile): readonly ServerLogLevel[] {
  return compat.logLevelNothing ? ['debug', 'verbose', 'notice', 'warning', 'nothing'] : ['debug', 'verbose', 'notice', 'warning'];
}
const BINDADDR_MAX = 16; // CONFIG_BINDADDR_MAX

/** Applies one split, non-empty line and returns Redis's error text, or undefined. */
export function applyServerDirective(ctx: ServerDirectiveContext, args: string[], line: number): string | undefined {
  const name = args[0]!.toLowerCase();
  const argc = args.length;
  const keep = (): undefined => {
    ctx.config.otherDirectives ??= [];
    ctx.config.otherDirectives.push({ name, args: args.slice(1), line });
    return undefined;
  };

  const directives = ConfigDirectives.of(ctx.compat.id);
  if (directives.isStandard(name)) {
    const primary = directives.primaryName(name);
    const multiArg = MULTI_ARG_CONFIGS.has(primary);
    if (!multiArg && argc !== 2) return 'wrong number of arguments';
    let values = args.slice(1);
    // `bind "127.0.0.1 ::1"` means two addresses (but `save ""` stays one empty argument).
    if (multiArg && argc === 2 && values[0] !== '') values = splitConfigLine(values[0]!) ?? [];
    const handler = STANDARD_OPTIONS.get(primary);
    if (handler) return handler(ctx, values);
    return LIST_OPTION_CHECKS.get(primary)?.(values) ?? keep();
  }

  const deprecated = DEPRECATED_CONFIGS.get(name);
  if (deprecated && argc >= deprecated[0] && argc <= deprecated[1]) return undefined;

  if (name === 'include' && argc === 2) {
    // Redis would read the named file(s) here; an engine given only this file's text cannot.
    return 'include is not supported by this Sentinel engine';
  }
  if (name === 'rename-command' && argc === 3) return keep();
  if (name === 'user' && argc >= 2) {
    const user = args[1]!;
    if (ctx.users.has(user)) {
      return `Error in user declaration '${user}': Duplicate user found. A user can only be defined once in config files`;
    }
    ctx.users.add(user);
    return keep();
  }
  if (name === 'loadmodule' && argc >= 2) return keep();
  if (name.includes('.')) return argc < 2 ? 'Module config specified without value' : keep();
  if (name === 'sentinel') {
    // A lone "sentinel" only selects Sentinel mode (handled before the file is read).
    if (argc !== 1) ctx.queueSentinel(args.slice(1));
    return undefined;
  }
  return 'Bad directive or wrong number of arguments';
}

type StandardOption = (ctx: ServerDirectiveContext, values: string[]) => string | undefined;

/** The standard options a Sentinel interprets, with the checks their config types apply. */
const STANDARD_OPTIONS: ReadonlyMap<string, StandardOption> = new Map<string, StandardOption>([
  [
    'port',
    (ctx, [value]) => {
      const port = strictLongLong(value!);
      if (port === undefined) return "argument couldn't be parsed into an integer";
      if (port < 0 || port > 65535) return 'argument must be between 0 and 65535 inclusive';
      ctx.config.port = port;
      return undefined;
    },
  ],
  [
    'bind',
    (ctx, values) => {
      if (values.length > BINDADDR_MAX) return 'Too many bind addresses specified.';
      // A single empty argument means no address at all (Redis then refuses to start).
      const addresses = values.length === 1 && values[0] === '' ? [] : values;
      ctx.config.bind = addresses;
      ctx.bindsNowhere = addresses.length === 0;
      return undefined;
    },
  ],
  ['daemonize', (ctx, [value]) => setYesNo(value!, (v) => (ctx.config.daemonize = v))],
  ['protected-mode', (ctx, [value]) => setYesNo(value!, (v) => (ctx.config.protectedMode = v))],
  [
    'loglevel',
    (ctx, [value]) => {
      const names = logLevelNames(ctx.compat);
      const level = names.find((l) => l === value!.toLowerCase());
      if (!level) return `argument(s) must be one of the following: ${names.join(', ')}`;
      ctx.config.logLevel = level;
      return undefined;
    },
  ],
  [
    'logfile',
    (ctx, [value]) => {
      ctx.config.logfile = value!;
      return undefined;
    },
  ],
  [
    'pidfile',
    (ctx, [value]) => {
      ctx.config.pidfile = value === '' ? undefined : value; // EMPTY_STRING_IS_NULL
      return undefined;
    },
  ],
  [
    'requirepass',
    (ctx, [value]) => {
      ctx.config.requirePass = value === '' ? undefined : value; // EMPTY_STRING_IS_NULL
      return undefined;
    },
  ],
  [
    'dir',
    (ctx, [value]) => {
      const failure = ctx.changeDir?.(value!);
      if (failure !== undefined) return failure;
      ctx.config.dir = value;
      return undefined;
    },
  ],
  [
    'latency-tracking-info-percentiles',
    (ctx, values) => {
      const texts = values.length === 1 && values[0] === '' ? [] : values;
      const percentiles: number[] = [];
      for (const text of texts) {
        const value = strictDouble(text);
        if (value === undefined) return 'Invalid latency-tracking-info-percentiles parameters';
        if (value > 100 || value < 0) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
        percentiles.push(value);
      }
      ctx.config.latencyTrackingInfoPercentiles = percentiles;
      return undefined;
    },
  ],
]);

/** The argument checks of the list options a Sentinel does not use (their values are kept as is). */
type ListCheck = (values: string[]) => string | undefined;
const LIST_OPTION_CHECKS: ReadonlyMap<string, ListCheck> = new Map<string, ListCheck>([
  ['replicaof', (values) => (values.length !== 2 ? 'wrong number of arguments' : undefined)],
  ['oom-score-adj-values', (values) => (values.length !== 3 ? 'wrong number of arguments' : undefined)],
  [
    'client-output-buffer-limit',
    (values) => (values.length % 4 !== 0 ? 'Wrong number of arguments in buffer limit configuration.' : undefined),
  ],
  [
    'save',
    (values) => {
      // setConfigSaveOption(): pairs of <seconds >= 1> <changes >= 0>, or a single "".
      const pairs = values.length === 1 && values[0] === '' ? [] : values;
      const isNumber = (v: string): boolean => /^[ \t\n\v\f\r]*[+-]?\d+$/.test(v); // strtoll() up to the end
      const valid = pairs.length % 2 === 0 && pairs.every((v, i) => isNumber(v) && Number(v) >= (i % 2 === 0 ? 1 : 0));
      return valid ? undefined : 'Invalid save parameters';
    },
  ],
]);

function setYesNo(value: string, set: (v: boolean) => void): string | undefined {
  const parsed = yesNo(value);
  if (parsed === undefined) return "argument must be 'yes' or 'no'";
  set(parsed);
  return undefined;
}
