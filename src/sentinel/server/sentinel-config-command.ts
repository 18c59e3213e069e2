// SENTINEL CONFIG GET/SET (sentinelConfigGetCommand, sentinelConfigSetCommand of 7.0 and 7.2) and SENTINEL DEBUG
// (addReplySentinelDebugInfo, sentinelSetDebugConfigParameters) of sentinel.c.

import type { Timing } from '../constants.js';
import { bulk, errorReply, map, ok, type Reply } from '../resp/reply.js';
import { is, parseLongLong, yesNo } from './arg-parsing.js';
import { flushConfigAndReply } from './config-flush.js';
import { dropSentinelConnections } from './master-admin.js';
import { logLevelNames } from '../config/parse-server-directive.js';
import type { ServerLogLevel } from '../config/sentinel-config.js';
import type { CommandCall, ServerContext } from './server-context.js';
import { stringMatch } from '../string-match.js';

const USAGE_7_0 = 'ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.';
const USAGE_7_2 = 'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...]/ SET <param> <value> [<param> <value> ...] are supported.';
// Valkey 8.0 put a space before the slash.
const USAGE_VALKEY_8 =
  'ERR Only SENTINEL CONFIG GET <param> [<param> <param> ...] / SET <param> <value> [<param> <value> ...] are supported.';

/**
 * SENTINEL CONFIG (GET <pattern> | SET <option> <value>); since Redis 7.2 GET takes several patterns and SET
 * several pairs (sentinelCommand's "config" branch).
 */
export function configCommand(call: CommandCall): void | Promise<void> {
  const { ctx, client, argv } = call;
  const { compat } = ctx;
  if (!compat.configMultiParams) {
    if (is(argv[2], 'set') && argv.length === 5) return configSet(call);
    if (is(argv[2], 'get') && argv.length === 4) return configGet(call);
    return client.reply(errorReply(USAGE_7_0));
  }
  if (is(argv[2], 'set') && argv.length >= 5) return configSet(call);
  if (is(argv[2], 'get') && argv.length >= 4) return configGet(call);
  client.reply(errorReply(compat.primaryNames ? USAGE_VALKEY_8 : USAGE_7_2));
}

/** The global parameters in sentinelConfigGetCommand's order; loglevel since Redis 7.2. */
function globalParams({ ctx }: CommandCall): Array<[string, string]> {
  const s = ctx.engine.state;
  const params: Array<[string, string]> = [
    ['resolve-hostnames', s.resolveHostnames ? 'yes' : 'no'],
    ['announce-hostnames', s.announceHostnames ? 'yes' : 'no'],
    ['announce-ip', s.announceIp ?? ''],
    ['announce-port', String(s.announcePort)],
    ['sentinel-user', s.sentinelAuthUser ?? ''],
    ['sentinel-pass', s.sentinelAuthPass ?? ''],
  ];
  if (ctx.compat.configMultiParams) params.push(['loglevel', currentLogLevel(ctx)]);
  return params;
}

/** Each pattern matched against the names ignoring case; a parameter appears once, at its first match. */
function configGet(call: CommandCall): void {
  const params = globalParams(call);
  const shown = new Set<string>();
  const out: Array<[Reply, Reply]> = [];
  for (const pattern of call.argv.slice(3)) {
    for (const [name, value] of params) {
      if (shown.has(name) || !stringMatch(pattern, name, true)) continue;
      shown.add(name);
      out.push([bulk(name), bulk(value)]);
    }
  }
  call.client.reply(map(out));
}

const SETTABLE = ['announce-ip', 'sentinel-user', 'sentinel-pass', 'resolve-hostnames', 'announce-port', 'announce-hostnames'];

/**
 * sentinelConfigSetCommand(): every pair is checked before any is applied (7.2: unknown or repeated names, a
 * missing value, a bad value), so a refused command changes nothing.
 */
async function configSet({ ctx, client, argv }: CommandCall): Promise<void> {
  const s = ctx.engine.state;
  const settable = ctx.compat.configMultiParams ? [...SETTABLE, 'loglevel'] : SETTABLE;
  const pairs: Array<[string, string]> = [];
  for (let i = 3; i < argv.length; i += 2) {
    const option = argv[i]!;
    const lower = option.toLowerCase();
    if (!settable.includes(lower)) return client.reply(errorReply(`ERR Invalid argument '${option}' to SENTINEL CONFIG SET`));
    if (pairs.some(([seen]) => seen === lower))
      return client.reply(errorReply(`ERR Duplicate argument '${option}' to SENTINEL CONFIG SET`));
    if (i + 1 === argv.length) return client.reply(errorReply(`ERR Missing argument '${option}' value`));
    const value = argv[i + 1]!;
    if (!validValue(ctx, lower, value)) return client.reply(errorReply(`ERR Invalid value '${value}' to SENTINEL CONFIG SET '${option}'`));
    pairs.push([lower, value]);
  }
  let dropConnections = false;
  for (const [option, value] of pairs) {
    switch (option) {
      case 'resolve-hostnames':
        s.resolveHostnames = yesNo(value) === 1;
        break;
      case 'announce-hostnames':
        s.announceHostnames = yesNo(value) === 1;
        break;
      case 'announce-ip':
        // Kept even when empty, as sentinel.c keeps an empty sds (hellos then announce an empty address).
        s.announceIp = value;
        break;
      case 'announce-port':
        s.announcePort = parseLongLong(value)!;
        break;
      case 'sentinel-user':
        s.sentinelAuthUser = value === '' ? null : value;
        dropConnections = true;
        break;
      case 'sentinel-pass':
        s.sentinelAuthPass = value === '' ? null : value;
        dropConnections = true;
        break;
      case 'loglevel':
        setLogLevel(ctx, value.toLowerCase() as ServerLogLevel);
        break;
    }
  }
  // sentinel.c replies first and drops the connections after; both happen before anything else runs.
  const flushed = flushConfigAndReply(ctx, client);
  if (dropConnections) dropSentinelConnections(ctx.engine);
  await flushed;
}

function validValue(ctx: ServerContext, option: string, value: string): boolean {
  switch (option) {
    case 'resolve-hostnames':
    case 'announce-hostnames':
      return yesNo(value) !== -1;
    case 'announce-port': {
      const n = parseLongLong(value);
      return n !== undefined && n >= 0 && n <= 65535;
    }
    case 'loglevel':
      return (logLevelNames(ctx.compat) as readonly string[]).includes(value.toLowerCase());
    default:
      return true;
  }
}

/** getLogLevel(): the threshold the process logs at. Without a process around (tests), a value of the server's own. */
const fallbackLevels = new WeakMap<ServerContext, ServerLogLevel>();
function currentLogLevel(ctx: ServerContext): ServerLogLevel {
  return ctx.hooks.logLevel?.get() ?? fallbackLevels.get(ctx) ?? 'notice';
}

function setLogLevel(ctx: ServerContext, level: ServerLogLevel): void {
  if (ctx.hooks.logLevel) ctx.hooks.logLevel.set(level);
  else fallbackLevels.set(ctx, level);
}

/** The SENTINEL DEBUG names, in the order addReplySentinelDebugInfo() lists them. */
const DEBUG_PARAMS: Array<[string, keyof Timing]> = [
  ['info-period', 'infoPeriod'],
  ['ping-period', 'pingPeriod'],
  ['ask-period', 'askPeriod'],
  ['publish-period', 'publishPeriod'],
  ['default-down-after', 'defaultDownAfter'],
  ['default-failover-timeout', 'defaultFailoverTimeout'],
  ['tilt-trigger', 'tiltTrigger'],
  ['tilt-period', 'tiltPeriod'],
  ['slave-reconf-timeout', 'slaveReconfTimeout'],
  ['min-link-reconnect-period', 'minLinkReconnectPeriod'],
  ['election-timeout', 'electionTimeout'],
  ['script-max-runtime', 'scriptMaxRuntime'],
  ['script-retry-delay', 'scriptRetryDelay'],
];

/** SENTINEL DEBUG: show the periods, or set some (each must be a positive integer; earlier ones stay set on error). */
export function debugCommand({ ctx, client, argv }: CommandCall): void {
  const timing = ctx.engine.state.timing as unknown as Record<string, number>;
  if (argv.length === 2) {
    return client.reply(map(DEBUG_PARAMS.map(([name, key]): [Reply, Reply] => [bulk(name.toUpperCase()), bulk(String(timing[key]))])));
  }
  for (let j = 2; j < argv.length; j++) {
    const option = argv[j]!;
    const param = DEBUG_PARAMS.find(([name]) => name === option.toLowerCase());
    if (!param || argv.length - 1 - j === 0) {
      return client.reply(errorReply(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${option}'`));
    }
    const n = parseLongLong(argv[++j]!);
    if (n === undefined || n <= 0) return client.reply(errorReply(`ERR Invalid argument '${argv[j]}' for SENTINEL DEBUG '${option}'`));
    timing[param[1]] = n;
  }
  client.reply(ok());
}
