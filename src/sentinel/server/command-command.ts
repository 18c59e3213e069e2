// COMMAND and its subcommands (server.c commandCommand, commandInfoCommand, commandDocsCommand, ...),
// describing only the commands this server has. Docs carry the facts of the table (group, since,
// deprecation) but not Redis's prose (summaries, complexity, argument lists).

import { array, bulk, bulkArray, errorReply, int, map, status, type Reply } from '../resp/reply.js';
import { is, subcommandSyntaxError, SYNTAX_ERROR } from './arg-parsing.js';
import { allCommands, lookupCommand, lookupCommandByFullname, type CommandSpec } from './command-table.js';
import { ACL_CATEGORIES } from './acl-rules.js';
import { helpReply, setReply } from './reply-helpers.js';
import type { CommandCall } from './server-context.js';
import { stringMatch } from '../string-match.js';

/** addReplyFlagsForCommand(): the flags COMMAND shows, in its order (sentinel, only_sentinel, may_replicate are hidden). */
const SHOWN_FLAGS: Array<[string, string]> = [
  ['WRITE', 'write'],
  ['READONLY', 'readonly'],
  ['DENYOOM', 'denyoom'],
  ['MODULE', 'module'],
  ['ADMIN', 'admin'],
  ['PUBSUB', 'pubsub'],
  ['NOSCRIPT', 'noscript'],
  ['BLOCKING', 'blocking'],
  ['LOADING', 'loading'],
  ['STALE', 'stale'],
  ['SKIP_MONITOR', 'skip_monitor'],
  ['SKIP_SLOWLOG', 'skip_slowlog'],
  ['ASKING', 'asking'],
  ['FAST', 'fast'],
  ['NO_AUTH', 'no_auth'],
  ['NO_MANDATORY_KEYS', 'no_mandatory_keys'],
  ['NO_ASYNC_LOADING', 'no_async_loading'],
  ['NO_MULTI', 'no_multi'],
  ['MOVABLE_KEYS', 'movablekeys'],
  ['ALLOW_BUSY', 'allow_busy'],
];

// replaced_by of the deprecated rows (the master names only in Valkey 8.0, where they are deprecated).
const REPLACED_BY: Record<string, string> = {
  'sentinel|slaves': '`SENTINEL REPLICAS`',
  'sentinel|master': '`SENTINEL PRIMARY`',
  'sentinel|masters': '`SENTINEL PRIMARIES`',
  'sentinel|get-master-addr-by-name': '`SENTINEL GET-PRIMARY-ADDR-BY-NAME`',
  'sentinel|is-master-down-by-addr': '`SENTINEL IS-PRIMARY-DOWN-BY-ADDR`',
};

const HELP = [
  '(no subcommand)',
  '    Details of every command of this server.',
  'COUNT',
  '    How many commands this server has.',
  'LIST',
  '    The names of every command and subcommand.',
  'INFO [<command-name> ...]',
  '    Details of the named commands, or of all of them.',
  'DOCS [<command-name> ...]',
  '    Documentation of the named commands, or of all of them.',
  'GETKEYS <full-command>',
  '    The keys of a full command.',
  'GETKEYSANDFLAGS <full-command>',
  '    The keys of a full command and how it uses them.',
];

/** addReplyCommandInfo(): the 10-element description; null for an unknown name. */
export function commandInfo(spec: CommandSpec | undefined, proto: 2 | 3): Reply {
  if (!spec) return bulk(null);
  const flags = SHOWN_FLAGS.filter(([flag]) => spec.flags.has(flag)).map(([, name]) => status(name));
  const categories = ACL_CATEGORIES.filter((c) => spec.categories.has(c)).map((c) => status(`@${c}`));
  const subcommands = spec.subcommands ? array([...spec.subcommands.values()].map((s) => commandInfo(s, proto))) : setReply([], proto);
  return array([
    bulk(spec.fullname),
    int(spec.arity),
    setReply(flags, proto),
    int(0), // first key: no sentinel command takes keys
    int(0),
    int(0),
    setReply(categories, proto),
    setReply(
      spec.tips.map((t) => bulk(t)),
      proto,
    ),
    setReply([], proto), // key specs
    subcommands,
  ]);
}

/** addReplyCommandDocs(), without the prose fields. */
function commandDocs(spec: CommandSpec, proto: 2 | 3): Reply {
  const entries: Array<[Reply, Reply]> = [
    [bulk('since'), bulk(spec.since)],
    [bulk('group'), bulk(spec.group)],
  ];
  if (spec.deprecatedSince) {
    entries.push([bulk('doc_flags'), setReply([status('deprecated')], proto)]);
    entries.push([bulk('deprecated_since'), bulk(spec.deprecatedSince)]);
  }
  const replacedBy = spec.deprecatedSince ? REPLACED_BY[spec.fullname] : undefined;
  if (replacedBy) entries.push([bulk('replaced_by'), bulk(replacedBy)]);
  if (spec.subcommands) {
    entries.push([
      bulk('subcommands'),
      map([...spec.subcommands.values()].map((s): [Reply, Reply] => [bulk(s.fullname), commandDocs(s, proto)])),
    ]);
  }
  return map(entries);
}

export function commandCommand(call: CommandCall): void {
  const { ctx, client, argv } = call;
  const table = ctx.commands;
  const proto = client.proto;
  const reply = (r: Reply): void => client.reply(r);
  if (argv.length === 1) return reply(array([...table.values()].map((s) => commandInfo(s, proto))));
  const sub = argv[1]!.toLowerCase();
  switch (sub) {
    case 'count':
      return reply(int(table.size));
    case 'info': {
      const specs = argv.length === 2 ? [...table.values()] : argv.slice(2).map((n) => lookupCommandByFullname(table, n));
      return reply(array(specs.map((s) => commandInfo(s, proto))));
    }
    case 'docs': {
      const specs =
        argv.length === 2
          ? [...table.values()]
          : argv
              .slice(2)
              .map((n) => lookupCommandByFullname(table, n))
              .filter((s) => s !== undefined);
      return reply(map(specs.map((s): [Reply, Reply] => [bulk(s!.fullname), commandDocs(s!, proto)])));
    }
    case 'list':
      return commandList(call);
    case 'getkeys':
    case 'getkeysandflags': {
      if (!lookupCommand(table, argv.slice(2))) return reply(errorReply('ERR Invalid command specified'));
      return reply(errorReply('ERR The command has no key arguments'));
    }
    case 'help':
      return reply(helpReply(argv[0]!, HELP));
    default:
      return reply(errorReply(subcommandSyntaxError(argv)));
  }
}

/** COMMAND LIST [FILTERBY (MODULE name | ACLCAT category | PATTERN pattern)] */
function commandList({ ctx, client, argv }: CommandCall): void {
  let filter: ((s: CommandSpec) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (!is(argv[i], 'filterby') || more !== 2) return client.reply(errorReply(SYNTAX_ERROR));
    const kind = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (kind === 'module')
      filter = () => false; // no modules here
    else if (kind === 'aclcat') filter = (s) => s.categories.has(arg.toLowerCase());
    else if (kind === 'pattern') filter = (s) => stringMatch(arg, s.fullname, true);
    else return client.reply(errorReply(SYNTAX_ERROR));
    i += 2;
  }
  const names = allCommands(ctx.commands)
    .filter((s) => filter === null || filter(s))
    .map((s) => s.fullname);
  client.reply(bulkArray(names));
}
