// The rules of ACL SETUSER, one at a time (ACLSetUser() in acl.c): flags, passwords, key and channel
// patterns, command rules and selectors, with the error texts of ACLSetUserStringError().

import { createHash } from 'node:crypto';
import type { AclUser } from './acl-users.js';
import { lookupCommandByFullname, type CommandTable } from './command-table.js';

/** ACLCommandCategories[], in the order ACL CAT and COMMAND INFO print them. */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

export function hashPassword(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

/** Why ACLSetUser() refused a rule: the texts of ACLSetUserStringError(). */
const RULE_ERRORS = {
  syntax: 'Syntax error',
  unknown: 'Unknown command or category name in ACL',
  afterAllKeys:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  afterAllChannels:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  badHash: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
} as const;

/** ACLSetUser() for one rule; returns the error text (ACLSetUserStringError) or null. */
export function applyAclRule(u: AclUser, rule: string, commands: CommandTable): string | null {
  const lower = rule.toLowerCase();
  switch (lower) {
    case 'on':
      u.enabled = true;
      return null;
    case 'off':
      u.enabled = false;
      return null;
    case 'skip-sanitize-payload':
    case 'sanitize-payload':
      u.sanitize = lower;
      return null;
    case 'nopass':
      u.nopass = true;
      u.passwords = [];
      return null;
    case 'resetpass':
      u.nopass = false;
      u.passwords = [];
      return null;
    case 'allkeys':
      u.allKeys = true;
      u.keys = [];
      return null;
    case 'resetkeys':
      u.allKeys = false;
      u.keys = [];
      return null;
    case 'allchannels':
      u.allChannels = true;
      u.channels = [];
      return null;
    case 'resetchannels':
      u.allChannels = false;
      u.channels = [];
      return null;
    case 'allcommands':
      u.commands = ['+@all'];
      return null;
    case 'nocommands':
      u.commands = ['-@all'];
      return null;
    case 'clearselectors':
      u.selectors = [];
      return null;
    case 'reset':
      Object.assign(u, {
        nopass: false,
        passwords: [],
        allKeys: false,
        keys: [],
        allChannels: false,
        channels: [],
        commands: ['-@all'],
        enabled: false,
        sanitize: 'sanitize-payload',
        selectors: [],
      });
      return null;
  }
  const first = rule[0];
  if (first === '>' || first === '<') {
    const digest = hashPassword(rule.slice(1));
    return first === '>' ? addPassword(u, digest) : removePassword(u, digest);
  }
  if (first === '#' || first === '!') {
    const digest = rule.slice(1);
    if (!/^[0-9a-f]{64}$/.test(digest)) return RULE_ERRORS.badHash;
    return first === '#' ? addPassword(u, digest) : removePassword(u, digest);
  }
  if (first === '~' || /^%(R|W|RW)~/i.test(rule)) {
    if (u.allKeys) return rule === '~*' ? null : RULE_ERRORS.afterAllKeys;
    if (rule === '~*') {
      u.allKeys = true;
      u.keys = [];
    } else if (!u.keys.includes(rule)) u.keys.push(rule);
    return null;
  }
  if (first === '%') return RULE_ERRORS.syntax;
  if (first === '&') {
    if (u.allChannels) return rule === '&*' ? null : RULE_ERRORS.afterAllChannels;
    if (rule === '&*') {
      u.allChannels = true;
      u.channels = [];
    } else if (!u.channels.includes(rule)) u.channels.push(rule);
    return null;
  }
  if (first === '(') {
    u.selectors.push(rule);
    return null;
  }
  if (first === '+' || first === '-') return applyCommandRule(u, rule, commands);
  return RULE_ERRORS.syntax;
}

function applyCommandRule(u: AclUser, rule: string, commands: CommandTable): string | null {
  const name = rule.slice(1).toLowerCase();
  if (name.startsWith('@')) {
    const category = name.slice(1);
    if (category === 'all') {
      u.commands = [rule[0] + '@all'];
      return null;
    }
    if (!ACL_CATEGORIES.includes(category)) return RULE_ERRORS.unknown;
  } else {
    const [base, sub] = name.split('|');
    const spec = lookupCommandByFullname(commands, base!);
    if (!spec) return RULE_ERRORS.unknown;
    // A subcommand of a container must exist; "cmd|first-arg" on a plain command is allowed (7.0).
    if (sub !== undefined && spec.subcommands && !lookupCommandByFullname(commands, name)) return RULE_ERRORS.unknown;
    if (sub !== undefined && rule[0] === '-' && !spec.subcommands) return RULE_ERRORS.syntax;
  }
  u.commands.push(rule[0] + name);
  return null;
}

function addPassword(u: AclUser, digest: string): null {
  if (!u.passwords.includes(digest)) u.passwords.push(digest);
  u.nopass = false;
  return null;
}

function removePassword(u: AclUser, digest: string): string | null {
  const i = u.passwords.indexOf(digest);
  if (i < 0) return RULE_ERRORS.noSuchPassword;
  u.passwords.splice(i, 1);
  u.nopass = false;
  return null;
}

/** ACLMergeSelectorArguments(): "(" ... ")" spread over several arguments becomes one rule; null when unmatched. */
export function mergeSelectors(rules: readonly string[]): Array<string | null> {
  const out: Array<string | null> = [];
  let open: string[] | null = null;
  for (const r of rules) {
    if (open) {
      open.push(r);
      if (r.endsWith(')')) {
        out.push(open.join(' '));
        open = null;
      }
    } else if (r.startsWith('(') && !r.endsWith(')')) open = [r];
    else out.push(r);
  }
  if (open) out.push(null);
  return out;
}
