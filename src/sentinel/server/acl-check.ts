// Whether a user may run a command (ACLCheckAllUserCommandPerm / ACLSelectorCheckCmd of acl.c, for the
// root selector): command rules are replayed in order over the command's name and categories, and the
// channels of PUBLISH / SUBSCRIBE / PSUBSCRIBE are checked against the user's channel patterns.
// Commands flagged NO_AUTH (AUTH, HELLO) are always allowed. Sentinel commands take no keys.

import type { AclUser } from './acl-users.js';
import type { CommandSpec } from './command-table.js';
import { stringMatch } from '../string-match.js';

export type AclVerdict = { ok: true } | { ok: false; reason: 'command' | 'channel'; object: string };

/** Replays the user's command rules ("+@all", "-@admin", "+client|id", ...) for one command. */
export function commandAllowed(u: AclUser, spec: CommandSpec, argv: readonly string[]): boolean {
  const root = spec.fullname.split('|')[0]!;
  let allowed = false;
  for (const rule of u.commands) {
    const grant = rule[0] === '+';
    const name = rule.slice(1);
    if (name === '@all') allowed = grant;
    else if (name.startsWith('@')) {
      if (spec.categories.has(name.slice(1))) allowed = grant;
    } else if (name.includes('|')) {
      const [base, arg] = name.split('|') as [string, string];
      // "container|sub" names a subcommand; "command|first-arg" allows a plain command with that first argument.
      if (name === spec.fullname) allowed = grant;
      else if (grant && base === root && spec.fullname === root && argv[1]?.toLowerCase() === arg) allowed = true;
    } else if (name === root) allowed = grant;
  }
  return allowed;
}

/** ACLCheckChannelAgainstList(): a literal channel matches a pattern; a pattern must equal one literally. */
function channelAllowed(u: AclUser, channel: string, isPattern: boolean): boolean {
  if (u.allChannels) return true;
  return u.channels.some((rule) => {
    const pattern = rule.slice(1); // drop the '&'
    return isPattern ? pattern === channel : stringMatch(pattern, channel);
  });
}

/** The channels a command names, and whether they are patterns (getChannelsFromCommand). */
function channelsOf(spec: CommandSpec, argv: readonly string[]): { names: readonly string[]; patterns: boolean } {
  switch (spec.fullname) {
    case 'publish':
      return { names: argv.slice(1, 2), patterns: false };
    case 'subscribe':
      return { names: argv.slice(1), patterns: false };
    case 'psubscribe':
      return { names: argv.slice(1), patterns: true };
    default:
      return { names: [], patterns: false };
  }
}

/** ACLCheckAllUserCommandPerm() */
export function checkPermissions(u: AclUser, spec: CommandSpec, argv: readonly string[]): AclVerdict {
  if (!spec.flags.has('NO_AUTH') && !commandAllowed(u, spec, argv)) return { ok: false, reason: 'command', object: spec.fullname };
  const { names, patterns } = channelsOf(spec, argv);
  for (const channel of names) {
    if (!channelAllowed(u, channel, patterns)) return { ok: false, reason: 'channel', object: channel };
  }
  return { ok: true };
}
