// Users of this sentinel's own server, a small model of acl.c: the "default" user (whose password follows
// requirepass, ACLUpdateDefaultUserPassword), users made with ACL SETUSER, password checks (ACLCheckUserCredentials)
// and the ACL log. Command and channel rules are enforced by acl-check.ts; key patterns are only kept and
// described (no sentinel command takes keys), and selectors are kept as text without being evaluated.

import { createHash, timingSafeEqual } from 'node:crypto';
import { allCommands, lookupCommandByFullname, type CommandTable } from './command-table.js';

/** ACLCommandCategories[], in the order ACL CAT and COMMAND INFO print them. */
export const ACL_CATEGORIES = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'];

export interface AclUser {
  readonly name: string;
  enabled: boolean;
  nopass: boolean;
  sanitize: 'unset' | 'sanitize-payload' | 'skip-sanitize-payload';
  /** SHA-256 hex digests, in the order they were added. */
  passwords: string[];
  allKeys: boolean;
  keys: string[];
  allChannels: boolean;
  channels: string[];
  /** Command rules since the last +@all / -@all. */
  commands: string[];
  selectors: string[];
}

export interface AclLogEntry {
  count: number;
  reason: string;
  context: string;
  object: string;
  username: string;
  ctime: number;
  clientInfo: string;
}

/** Why ACLSetUser() refused a rule: the texts of ACLSetUserStringError(). */
const RULE_ERRORS = {
  syntax: 'Syntax error',
  unknown: 'Unknown command or category name in ACL',
  afterAllKeys: "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  afterAllChannels: "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  badHash: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
} as const;

const ACL_LOG_MAX_LEN = 128; // acllog-max-len default
const ACL_LOG_GROUPING_MS = 60_000; // ACL_LOG_GROUPING_MAX_TIME_DELTA

export function hashPassword(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

function newUser(name: string): AclUser {
  // ACLCreateUser(): off, no passwords, no keys, channels per acl-pubsub-default (resetchannels), -@all.
  return { name, enabled: false, nopass: false, sanitize: 'unset', passwords: [], allKeys: false, keys: [], allChannels: false, channels: [], commands: ['-@all'], selectors: [] };
}

function copyUser(u: AclUser): AclUser {
  return { ...u, passwords: [...u.passwords], keys: [...u.keys], channels: [...u.channels], commands: [...u.commands], selectors: [...u.selectors] };
}

export class AclStore {
  private readonly users = new Map<string, AclUser>();
  private requirePass: string | null | undefined;
  readonly log: AclLogEntry[] = [];

  constructor(private readonly commands: CommandTable) {
    // ACLCreateDefaultUser(): +@all ~* &* on nopass.
    const d = newUser('default');
    Object.assign(d, { enabled: true, nopass: true, allKeys: true, allChannels: true, commands: ['+@all'] });
    this.users.set('default', d);
  }

  get defaultUser(): AclUser {
    return this.users.get('default')!;
  }

  /** ACLUpdateDefaultUserPassword(), applied when requirepass changed since the last call. */
  syncRequirePass(pass: string | null): void {
    if (pass === this.requirePass) return;
    this.requirePass = pass;
    const d = this.defaultUser;
    d.passwords = [];
    d.nopass = false;
    if (pass) d.passwords.push(hashPassword(pass));
    else d.nopass = true;
  }

  get(name: string): AclUser | undefined {
    return this.users.get(name);
  }

  /** Users sorted by name, as the rax of acl.c iterates them. */
  list(): AclUser[] {
    return [...this.users.values()].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  }

  /** ACLCheckUserCredentials(): the user when it exists, is enabled and the password matches. */
  checkCredentials(name: string, password: string): AclUser | null {
    const u = this.users.get(name);
    if (!u || !u.enabled) return null;
    if (u.nopass) return u;
    const digest = Buffer.from(hashPassword(password), 'hex');
    return u.passwords.some((p) => timingSafeEqual(Buffer.from(p, 'hex'), digest)) ? u : null;
  }

  /** ACLStringSetUser(): apply every rule to a copy, keep it only when all are valid. Returns the error text or null. */
  setUser(name: string, rules: readonly string[]): string | null {
    const existing = this.users.get(name);
    const u = existing ? copyUser(existing) : newUser(name);
    for (const rule of mergeSelectors(rules)) {
      if (rule === null) return `Unmatched parenthesis in acl selector starting at '${rules.find((r) => r.startsWith('(')) ?? ''}'.`;
      const error = this.applyRule(u, rule);
      if (error) return `Error in ACL SETUSER modifier '${rule}': ${error}`;
    }
    this.users.set(name, u);
    return null;
  }

  /** Removes a user; the caller disconnects its clients (ACLFreeUserAndKillClients). */
  deleteUser(name: string): AclUser | undefined {
    const u = this.users.get(name);
    if (u) this.users.delete(name);
    return u;
  }

  /** ACLDescribeUser(): the rules that recreate the user, as ACL LIST prints them after "user <name>". */
  describe(u: AclUser): string {
    const parts = [u.enabled ? 'on' : 'off'];
    if (u.nopass) parts.push('nopass');
    if (u.sanitize !== 'unset') parts.push(u.sanitize);
    for (const p of u.passwords) parts.push(`#${p}`);
    const keys = describeKeys(u);
    if (keys) parts.push(keys);
    parts.push(describeChannels(u));
    parts.push(u.commands.join(' '));
    for (const s of u.selectors) parts.push(s);
    return parts.join(' ');
  }

  /** addACLLogEntry(): a failed authentication or a denied command/channel; repeats within a minute are grouped. */
  logDenial(reason: 'auth' | 'command' | 'channel', object: string, username: string, clientInfo: string, now: number): void {
    const same = this.log.findIndex((e) => e.reason === reason && e.context === 'toplevel' && e.object === object && e.username === username && now - e.ctime < ACL_LOG_GROUPING_MS);
    if (same >= 0) {
      const [entry] = this.log.splice(same, 1);
      entry!.count++;
      entry!.ctime = now;
      entry!.clientInfo = clientInfo;
      this.log.unshift(entry!);
      return;
    }
    this.log.unshift({ count: 1, reason, context: 'toplevel', object, username, ctime: now, clientInfo });
    if (this.log.length > ACL_LOG_MAX_LEN) this.log.length = ACL_LOG_MAX_LEN;
  }

  /** ACL CAT <category>: the commands in it. */
  commandsInCategory(category: string): string[] {
    return allCommands(this.commands).filter((c) => c.categories.has(category)).map((c) => c.fullname);
  }

  /** ACLSetUser() for one rule; returns the error text or null. */
  private applyRule(u: AclUser, rule: string): string | null {
    const lower = rule.toLowerCase();
    switch (lower) {
      case 'on': u.enabled = true; return null;
      case 'off': u.enabled = false; return null;
      case 'skip-sanitize-payload':
      case 'sanitize-payload': u.sanitize = lower; return null;
      case 'nopass': u.nopass = true; u.passwords = []; return null;
      case 'resetpass': u.nopass = false; u.passwords = []; return null;
      case 'allkeys': u.allKeys = true; u.keys = []; return null;
      case 'resetkeys': u.allKeys = false; u.keys = []; return null;
      case 'allchannels': u.allChannels = true; u.channels = []; return null;
      case 'resetchannels': u.allChannels = false; u.channels = []; return null;
      case 'allcommands': u.commands = ['+@all']; return null;
      case 'nocommands': u.commands = ['-@all']; return null;
      case 'clearselectors': u.selectors = []; return null;
      case 'reset':
        Object.assign(u, { nopass: false, passwords: [], allKeys: false, keys: [], allChannels: false, channels: [], commands: ['-@all'], enabled: false, sanitize: 'sanitize-payload', selectors: [] });
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
    if (first === '+' || first === '-') return this.applyCommandRule(u, rule);
    return RULE_ERRORS.syntax;
  }

  private applyCommandRule(u: AclUser, rule: string): string | null {
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
      const spec = lookupCommandByFullname(this.commands, base!);
      if (!spec) return RULE_ERRORS.unknown;
      // A subcommand of a container must exist; "cmd|first-arg" on a plain command is allowed (7.0).
      if (sub !== undefined && spec.subcommands && !lookupCommandByFullname(this.commands, name)) return RULE_ERRORS.unknown;
      if (sub !== undefined && rule[0] === '-' && !spec.subcommands) return RULE_ERRORS.syntax;
    }
    u.commands.push(rule[0] + name);
    return null;
  }
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

function describeKeys(u: AclUser): string {
  return u.allKeys ? '~*' : u.keys.join(' ');
}

function describeChannels(u: AclUser): string {
  return u.allChannels ? '&*' : ['resetchannels', ...u.channels].join(' ');
}

/** ACLMergeSelectorArguments(): "(" ... ")" spread over several arguments becomes one rule; null when unmatched. */
function mergeSelectors(rules: readonly string[]): Array<string | null> {
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

/** The text of a user's keys and channels, as ACL GETUSER reports them. */
export function userKeysAndChannels(u: AclUser): { keys: string; channels: string } {
  return { keys: describeKeys(u), channels: u.allChannels ? '&*' : u.channels.join(' ') };
}
