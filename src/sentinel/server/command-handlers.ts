// The proc of every command and subcommand of command-table.ts, by full name. Containers whose
// subcommands share one proc in Redis (CLIENT, ACL, COMMAND) share it here too.

import { aclCommand } from './acl-command.js';
import { clientCommand } from './client-command.js';
import { commandCommand } from './command-command.js';
import { allCommands, type CommandTable } from './command-table.js';
import { authCommand, helloCommand, pingCommand, roleCommand, shutdownCommand } from './connection-commands.js';
import { infoCommand } from './info-command.js';
import { psubscribeCommand, publishCommand, punsubscribeCommand, subscribeCommand, unsubscribeCommand } from './pubsub-commands.js';
import { helpReply } from './reply-helpers.js';
import {
  failoverCommand,
  flushconfigCommand,
  monitorCommand,
  removeCommand,
  resetCommand,
  simulateFailureCommand,
} from './sentinel-admin-commands.js';
import { configCommand, debugCommand } from './sentinel-config-command.js';
import {
  ckquorumCommand,
  getMasterAddrByNameCommand,
  infoCacheCommand,
  isMasterDownByAddrCommand,
  masterCommand,
  mastersCommand,
  myidCommand,
  pendingScriptsCommand,
  replicasCommand,
  sentinelsCommand,
} from './sentinel-query-commands.js';
import { setCommand } from './sentinel-set-command.js';
import type { CompatProfile } from '../compat/compat-profile.js';
import type { CommandCall, CommandHandler } from './server-context.js';

const SENTINEL_HELP = [
  'CKQUORUM <master-name>',
  '    Whether enough sentinels are reachable for the quorum and for a majority.',
  'CONFIG SET <param> <value>',
  '    Change a global sentinel parameter.',
  'CONFIG GET <param>',
  '    Read global sentinel parameters (a glob pattern).',
  'DEBUG [<param> <value> ...]',
  '    Show the timing parameters (milliseconds), or change some of them.',
  'GET-MASTER-ADDR-BY-NAME <master-name>',
  '    The address and port of the named master.',
  'FAILOVER <master-name>',
  '    Fail the master over now, without asking other sentinels.',
  'FLUSHCONFIG',
  '    Rewrite the configuration file with the current state.',
  'INFO-CACHE <master-name>',
  '    The last INFO replies of the master and its replicas.',
  'IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>',
  '    Whether this sentinel sees the master at ip:port down (and its vote).',
  'MASTER <master-name>',
  '    State of the named master.',
  'MASTERS',
  '    State of every monitored master.',
  'MONITOR <name> <ip> <port> <quorum>',
  '    Start monitoring a master.',
  'MYID',
  "    This sentinel's id.",
  'PENDING-SCRIPTS',
  '    Scripts waiting to run.',
  'REMOVE <master-name>',
  '    Stop monitoring a master.',
  'REPLICAS <master-name>',
  '    State of the replicas of a master.',
  'RESET <pattern>',
  '    Reset the state of the masters whose name matches.',
  'SENTINELS <master-name>',
  '    State of the other sentinels watching a master.',
  'SET <master-name> <option> <value> [<option> <value> ...]',
  '    Change settings of a master.',
  'SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]',
  '    Make this sentinel exit at a chosen point of a failover.',
];

/** SENTINEL HELP of a release: 7.2 takes several CONFIG parameters; Valkey 8 speaks of primaries. */
export function sentinelHelp(compat: CompatProfile): string[] {
  let lines = SENTINEL_HELP;
  if (compat.configMultiParams) {
    lines = lines.map((line) =>
      line === 'CONFIG SET <param> <value>'
        ? 'CONFIG SET <param> <value> [<param> <value> ...]'
        : line === 'CONFIG GET <param>'
          ? 'CONFIG GET <param> [<param> ...]'
          : line.replace('Change a global sentinel parameter.', 'Change global sentinel parameters (loglevel among them).'),
    );
  }
  if (compat.primaryNames) {
    lines = lines.map((line) =>
      line
        .replace(/MASTERS/g, 'PRIMARIES')
        .replace(/MASTER/g, 'PRIMARY')
        .replace(/masters/g, 'primaries')
        .replace(/master/g, 'primary'),
    );
  }
  return lines;
}

const handlers: Record<string, CommandHandler> = {
  ping: pingCommand,
  auth: authCommand,
  hello: helloCommand,
  role: roleCommand,
  shutdown: shutdownCommand,
  info: infoCommand,
  subscribe: subscribeCommand,
  unsubscribe: unsubscribeCommand,
  psubscribe: psubscribeCommand,
  punsubscribe: punsubscribeCommand,
  publish: publishCommand,
  command: commandCommand,
  'sentinel|help': ({ ctx, client, argv }: CommandCall) => client.reply(helpReply(argv[0]!, sentinelHelp(ctx.compat))),
  'sentinel|masters': mastersCommand,
  'sentinel|master': masterCommand,
  // Valkey 8.0's names for the same procs.
  'sentinel|primaries': mastersCommand,
  'sentinel|primary': masterCommand,
  'sentinel|is-primary-down-by-addr': isMasterDownByAddrCommand,
  'sentinel|get-primary-addr-by-name': getMasterAddrByNameCommand,
  'sentinel|replicas': replicasCommand,
  'sentinel|slaves': replicasCommand,
  'sentinel|sentinels': sentinelsCommand,
  'sentinel|myid': myidCommand,
  'sentinel|is-master-down-by-addr': isMasterDownByAddrCommand,
  'sentinel|reset': resetCommand,
  'sentinel|get-master-addr-by-name': getMasterAddrByNameCommand,
  'sentinel|failover': failoverCommand,
  'sentinel|pending-scripts': pendingScriptsCommand,
  'sentinel|monitor': monitorCommand,
  'sentinel|flushconfig': flushconfigCommand,
  'sentinel|remove': removeCommand,
  'sentinel|ckquorum': ckquorumCommand,
  'sentinel|set': setCommand,
  'sentinel|config': configCommand,
  'sentinel|info-cache': infoCacheCommand,
  'sentinel|simulate-failure': simulateFailureCommand,
  'sentinel|debug': debugCommand,
};

/** Handlers for every entry of the table; throws at start-up when one is missing, not at run time. */
export function buildHandlers(table: CommandTable): Map<string, CommandHandler> {
  const out = new Map<string, CommandHandler>();
  for (const spec of allCommands(table)) {
    const root = spec.fullname.split('|')[0]!;
    const handler =
      handlers[spec.fullname] ??
      (root === 'client' ? clientCommand : root === 'acl' ? aclCommand : root === 'command' ? commandCommand : undefined);
    // Containers reached with no subcommand fail the arity check first (COMMAND alone is the exception).
    if (!handler && spec.subcommands) continue;
    if (!handler) throw new Error(`no handler for command '${spec.fullname}'`);
    out.set(spec.fullname, handler);
  }
  return out;
}
