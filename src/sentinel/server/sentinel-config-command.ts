// SENTINEL CONFIG GET/SET (sentinelConfigGetCommand, sentinelConfigSetCommand) and SENTINEL DEBUG
// (addReplySentinelDebugInfo, sentinelSetDebugConfigParameters) of sentinel.c.

import type { Timing } from '../constants.js';
import { bulk, errorReply, map, ok, type Reply } from '../resp/reply.js';
import { is, parseLongLong, yesNo } from './arg-parsing.js';
import { flushConfigAndReply } from './config-flush.js';
import { dropSentinelConnections } from './master-admin.js';
import type { CommandCall } from './server-context.js';
import { stringMatch } from '../string-match.js';

/** SENTINEL CONFIG (GET <pattern> | SET <option> <value>) */
export function configCommand(call: CommandCall): void | Promise<void> {
  const { client, argv } = call;
  if (is(argv[2], 'set') && argv.length === 5) return configSet(call);
  if (is(argv[2], 'get') && argv.length === 4) return configGet(call);
  client.reply(errorReply('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.'));
}

/** The global parameters, matched against a glob ignoring case; a map of those that match. */
function configGet({ ctx, client, argv }: CommandCall): void {
  const s = ctx.engine.state;
  const params: Array<[string, string]> = [
    ['resolve-hostnames', s.resolveHostnames ? 'yes' : 'no'],
    ['announce-hostnames', s.announceHostnames ? 'yes' : 'no'],
    ['announce-ip', s.announceIp ?? ''],
    ['announce-port', String(s.announcePort)],
    ['sentinel-user', s.sentinelAuthUser ?? ''],
    ['sentinel-pass', s.sentinelAuthPass ?? ''],
  ];
  const pattern = argv[3]!;
  client.reply(map(params.filter(([name]) => stringMatch(pattern, name, true)).map(([k, v]): [Reply, Reply] => [bulk(k), bulk(v)])));
}

async function configSet({ ctx, client, argv }: CommandCall): Promise<void> {
  const s = ctx.engine.state;
  const option = argv[3]!;
  const value = argv[4]!;
  const badValue = (): void => client.reply(errorReply(`ERR Invalid value '${value}' to SENTINEL CONFIG SET '${option}'`));
  let dropConnections = false;
  switch (option.toLowerCase()) {
    case 'resolve-hostnames':
    case 'announce-hostnames': {
      const yes = yesNo(value);
      if (yes === -1) return badValue();
      if (option.toLowerCase() === 'resolve-hostnames') s.resolveHostnames = yes === 1;
      else s.announceHostnames = yes === 1;
      break;
    }
    case 'announce-ip':
      // Kept even when empty, as sentinel.c keeps an empty sds (hellos then announce an empty address).
      s.announceIp = value;
      break;
    case 'announce-port': {
      const n = parseLongLong(value);
      if (n === undefined || n < 0 || n > 65535) return badValue();
      s.announcePort = n;
      break;
    }
    case 'sentinel-user':
      s.sentinelAuthUser = value === '' ? null : value;
      dropConnections = true;
      break;
    case 'sentinel-pass':
      s.sentinelAuthPass = value === '' ? null : value;
      dropConnections = true;
      break;
    default:
      return client.reply(errorReply(`ERR Invalid argument '${option}' to SENTINEL CONFIG SET`));
  }
  // sentinel.c replies first and drops the connections after; both happen before anything else runs.
  const flushed = flushConfigAndReply(ctx, client);
  if (dropConnections) dropSentinelConnections(ctx.engine);
  await flushed;
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
