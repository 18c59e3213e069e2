// The commands a redis-sentinel 7.0 process knows, and below what 7.2 and Valkey 8 changed. In 7.0 the table
// is built by populateCommandStructure() (server.c) from src/commands/*.json, keeping only the commands and subcommands flagged SENTINEL; that is
// these 15 commands (COMMAND COUNT says 15). QUIT and RESET are not flagged SENTINEL in 7.0.15, so a real
// sentinel answers them with "unknown command"; we do the same.
//
// Each row: full name, arity, command flags, explicit ACL categories, group, since, tips, deprecated since.
// Flags and categories are spelt as in the JSON files; the reply forms are derived in command-spec.ts.

import { compatProfile, type CompatProfile } from '../compat/compat-profile.js';

type Row = [
  fullname: string,
  arity: number,
  flags: string,
  categories: string,
  group: string,
  since: string,
  tips: string,
  deprecatedSince?: string,
];

const ROWS: Row[] = [
  ['ping', -1, 'FAST', 'CONNECTION', 'connection', '1.0.0', 'request_policy:all_shards response_policy:all_succeeded'],
  ['role', 1, 'NOSCRIPT LOADING STALE FAST', 'ADMIN DANGEROUS', 'server', '2.8.12', ''],
  ['hello', -1, 'NOSCRIPT LOADING STALE FAST NO_AUTH ALLOW_BUSY', 'CONNECTION', 'connection', '6.0.0', ''],
  ['shutdown', -1, 'ADMIN NOSCRIPT LOADING STALE NO_MULTI ALLOW_BUSY', '', 'server', '1.0.0', ''],
  ['punsubscribe', -1, 'PUBSUB NOSCRIPT LOADING STALE', '', 'pubsub', '2.0.0', ''],
  ['acl', -2, '', '', 'server', '6.0.0', ''],
  ['acl|cat', -2, 'NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|deluser', -3, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|dryrun', -4, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '7.0.0', ''],
  ['acl|genpass', -2, 'NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|getuser', 3, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|help', 2, 'LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|list', 2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|load', 2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|log', -2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|save', 2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|setuser', -3, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|users', 2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['acl|whoami', 2, 'NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ''],
  ['subscribe', -2, 'PUBSUB NOSCRIPT LOADING STALE', '', 'pubsub', '2.0.0', ''],
  ['command', -1, 'LOADING STALE', 'CONNECTION', 'server', '2.8.13', 'nondeterministic_output_order'],
  ['command|count', 2, 'LOADING STALE', 'CONNECTION', 'server', '2.8.13', ''],
  ['command|docs', -2, 'LOADING STALE', 'CONNECTION', 'server', '7.0.0', 'nondeterministic_output_order'],
  ['command|getkeys', -4, 'LOADING STALE', 'CONNECTION', 'server', '2.8.13', ''],
  ['command|getkeysandflags', -4, 'LOADING STALE', 'CONNECTION', 'server', '7.0.0', ''],
  ['command|help', 2, 'LOADING STALE', 'CONNECTION', 'server', '5.0.0', ''],
  ['command|info', -2, 'LOADING STALE', 'CONNECTION', 'server', '2.8.13', 'nondeterministic_output_order'],
  ['command|list', -2, 'LOADING STALE', 'CONNECTION', 'server', '7.0.0', 'nondeterministic_output_order'],
  [
    'info',
    -1,
    'LOADING STALE',
    'DANGEROUS',
    'server',
    '1.0.0',
    'nondeterministic_output request_policy:all_shards response_policy:special',
  ],
  ['client', -2, '', '', 'connection', '2.4.0', ''],
  ['client|caching', 3, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.0.0', ''],
  ['client|getname', 2, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.6.9', ''],
  ['client|getredir', 2, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.0.0', ''],
  ['client|help', 2, 'LOADING STALE', 'CONNECTION', 'connection', '5.0.0', ''],
  ['client|id', 2, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '5.0.0', ''],
  ['client|info', 2, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.2.0', 'nondeterministic_output'],
  ['client|kill', -3, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.4.0', ''],
  ['client|list', -2, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.4.0', 'nondeterministic_output'],
  ['client|no-evict', 3, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '7.0.0', ''],
  ['client|pause', -3, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.9.50', ''],
  ['client|reply', 3, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '3.2.0', ''],
  ['client|setname', 3, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.6.9', ''],
  ['client|tracking', -3, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.0.0', ''],
  ['client|trackinginfo', 2, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.2.0', ''],
  ['client|unblock', -3, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '5.0.0', ''],
  ['client|unpause', 2, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '6.2.0', ''],
  ['publish', 3, 'PUBSUB LOADING STALE FAST MAY_REPLICATE', '', 'pubsub', '2.0.0', ''],
  ['unsubscribe', -1, 'PUBSUB NOSCRIPT LOADING STALE', '', 'pubsub', '2.0.0', ''],
  ['auth', -2, 'NOSCRIPT LOADING STALE FAST NO_AUTH ALLOW_BUSY', 'CONNECTION', 'connection', '1.0.0', ''],
  ['psubscribe', -2, 'PUBSUB NOSCRIPT LOADING STALE', '', 'pubsub', '2.0.0', ''],
  ['sentinel', -2, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|ckquorum', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|config', -3, 'ADMIN', '', 'sentinel', '6.2.0', ''],
  ['sentinel|debug', -2, 'ADMIN', '', 'sentinel', '7.0.0', ''],
  ['sentinel|failover', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|flushconfig', 2, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|get-master-addr-by-name', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|help', 2, 'LOADING STALE', '', 'sentinel', '6.2.0', ''],
  ['sentinel|info-cache', -3, 'ADMIN', '', 'sentinel', '3.2.0', ''],
  ['sentinel|is-master-down-by-addr', 6, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|master', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|masters', 2, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|monitor', 6, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|myid', 2, 'ADMIN', '', 'sentinel', '6.2.0', ''],
  ['sentinel|pending-scripts', 2, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|remove', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|replicas', 3, 'ADMIN', '', 'sentinel', '5.0.0', ''],
  ['sentinel|reset', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|sentinels', 3, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|set', -5, 'ADMIN', '', 'sentinel', '2.8.4', ''],
  ['sentinel|simulate-failure', -3, 'ADMIN', '', 'sentinel', '3.2.0', ''],
  ['sentinel|slaves', 3, 'ADMIN', '', 'sentinel', '2.8.0', '', '5.0.0'],
];

const ALL_NODES = 'request_policy:all_nodes response_policy:all_succeeded';

// Redis 7.2.0's src/commands/*.json, for the SENTINEL-flagged rows that changed: CLIENT SETINFO is new, some
// rows gained cluster tips, CLIENT PAUSE's "since" was corrected, COMMAND GETKEYS* and SENTINEL CONFIG arities.
const CHANGED_IN_7_2: Row[] = [
  ['acl|deluser', -3, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ALL_NODES],
  ['acl|save', 2, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ALL_NODES],
  ['acl|setuser', -3, 'ADMIN NOSCRIPT LOADING STALE', '', 'server', '6.0.0', ALL_NODES],
  ['client|pause', -3, 'ADMIN NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '3.0.0', ''],
  ['client|setinfo', 4, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '7.2.0', ALL_NODES],
  ['client|setname', 3, 'NOSCRIPT LOADING STALE', 'CONNECTION', 'connection', '2.6.9', ALL_NODES],
  ['command|getkeys', -3, 'LOADING STALE', 'CONNECTION', 'server', '2.8.13', ''],
  ['command|getkeysandflags', -3, 'LOADING STALE', 'CONNECTION', 'server', '7.0.0', ''],
  ['sentinel|config', -4, 'ADMIN', '', 'sentinel', '6.2.0', ''],
];

// Valkey 8.0: the primary names, and the master names they replace marked deprecated.
const CHANGED_IN_VALKEY_8: Row[] = [
  ['sentinel|get-master-addr-by-name', 3, 'ADMIN', '', 'sentinel', '2.8.4', '', '8.0.0'],
  ['sentinel|get-primary-addr-by-name', 3, 'ADMIN', '', 'sentinel', '8.0.0', ''],
  ['sentinel|is-master-down-by-addr', 6, 'ADMIN', '', 'sentinel', '2.8.4', '', '8.0.0'],
  ['sentinel|is-primary-down-by-addr', 6, 'ADMIN', '', 'sentinel', '8.0.0', ''],
  ['sentinel|master', 3, 'ADMIN', '', 'sentinel', '2.8.4', '', '8.0.0'],
  ['sentinel|masters', 2, 'ADMIN', '', 'sentinel', '2.8.4', '', '8.0.0'],
  ['sentinel|primaries', 2, 'ADMIN', '', 'sentinel', '8.0.0', ''],
  ['sentinel|primary', 3, 'ADMIN', '', 'sentinel', '8.0.0', ''],
];

/** The rows of a release: a changed row replaces the one of the same name, a new one joins its container's subcommands in name order. */
function rowsFor(compat: CompatProfile): Row[] {
  let rows = ROWS;
  if (compat.clientSetInfo) rows = patchRows(rows, CHANGED_IN_7_2);
  if (compat.primaryNames) rows = patchRows(rows, CHANGED_IN_VALKEY_8);
  return rows;
}

function patchRows(rows: readonly Row[], changes: readonly Row[]): Row[] {
  const out = [...rows];
  for (const row of changes) {
    const at = out.findIndex((r) => r[0] === row[0]);
    if (at >= 0) {
      out[at] = row;
      continue;
    }
    const parent = row[0].split('|')[0]!;
    const siblings = out.map((r, i) => [r[0], i] as const).filter(([name]) => name.startsWith(`${parent}|`));
    const next = siblings.find(([name]) => name > row[0]);
    const index = next ? next[1] : siblings[siblings.length - 1]![1] + 1;
    out.splice(index, 0, row);
  }
  return out;
}

/** One command or subcommand (struct redisCommand, the parts the server uses). */
export interface CommandSpec {
  /** "ping", "client|kill": what COMMAND and error messages print (c->cmd->fullname). */
  fullname: string;
  /** The name inside its container ("kill"), or the command name. */
  name: string;
  arity: number;
  flags: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  group: string;
  since: string;
  tips: string[];
  deprecatedSince?: string;
  subcommands?: Map<string, CommandSpec>;
}

export type CommandTable = ReadonlyMap<string, CommandSpec>;

function words(text: string): string[] {
  return text.split(' ').filter((w) => w !== '');
}

/** setImplicitACLCategories() */
function categoriesOf(flags: Set<string>, explicit: string[]): Set<string> {
  const cats = new Set(explicit.map((c) => c.toLowerCase()));
  if (flags.has('WRITE')) cats.add('write');
  if (flags.has('READONLY') && !cats.has('scripting')) cats.add('read');
  if (flags.has('ADMIN')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (flags.has('PUBSUB')) cats.add('pubsub');
  if (flags.has('FAST')) cats.add('fast');
  if (flags.has('BLOCKING')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return cats;
}

/** populateCommandTable(): the sentinel-mode table of a release, keyed by lower-case name. */
export function buildCommandTable(compat: CompatProfile = compatProfile()): CommandTable {
  const table = new Map<string, CommandSpec>();
  for (const [fullname, arity, flagText, catText, group, since, tipText, deprecatedSince] of rowsFor(compat)) {
    const flags = new Set(words(flagText));
    const [parent, sub] = fullname.split('|') as [string, string | undefined];
    const spec: CommandSpec = {
      fullname,
      name: sub ?? parent,
      arity,
      flags,
      categories: categoriesOf(flags, words(catText)),
      group,
      since,
      tips: words(tipText),
      deprecatedSince,
    };
    if (sub === undefined) {
      table.set(parent, spec);
      continue;
    }
    const container = table.get(parent)!;
    container.subcommands ??= new Map();
    container.subcommands.set(sub, spec);
  }
  return table;
}

/**
 * lookupCommandLogic(): argv[0] names the command; for a container with more than one argument, argv[1]
 * names the subcommand (undefined when it does not exist). Names are case-insensitive.
 */
export function lookupCommand(table: CommandTable, argv: readonly string[]): CommandSpec | undefined {
  const base = table.get(argv[0]!.toLowerCase());
  if (!base || argv.length === 1 || !base.subcommands) return base;
  return base.subcommands.get(argv[1]!.toLowerCase());
}

/** lookupCommandBySds(): "client|kill" style names, for COMMAND INFO / DOCS. */
export function lookupCommandByFullname(table: CommandTable, name: string): CommandSpec | undefined {
  const parts = name.split('|');
  if (parts.length > 2) return undefined;
  const base = table.get(parts[0]!.toLowerCase());
  if (parts.length === 1) return base;
  return base?.subcommands?.get(parts[1]!.toLowerCase());
}

/** commandCheckArity() */
export function arityMatches(spec: CommandSpec, argc: number): boolean {
  return !((spec.arity > 0 && spec.arity !== argc) || argc < -spec.arity);
}

/** Every command and subcommand, containers first, as COMMAND LIST walks them. */
export function allCommands(table: CommandTable): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const spec of table.values()) {
    out.push(spec);
    if (spec.subcommands) out.push(...spec.subcommands.values());
  }
  return out;
}
