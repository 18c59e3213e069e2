// Users of this sentinel's own server, a small model of acl.c: the "default" user (whose password follows
// requirepass, ACLUpdateDefaultUserPassword), users made with ACL SETUSER, password checks (ACLCheckUserCredentials)
// and the ACL log. Command and channel rules are enforced by acl-check.ts; key patterns are only kept and
// described (no sentinel command takes keys), and selectors are kept as text without being evaluated.

import { timingSafeEqual } from 'node:crypto';
import { applyAclRule, hashPassword, mergeSelectors } from './acl-rules.js';
import { allCommands, type CommandTable } from './command-table.js';

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

const ACL_LOG_MAX_LEN = 128; // acllog-max-len default
const ACL_LOG_GROUPING_MS = 60_000; // ACL_LOG_GROUPING_MAX_TIME_DELTA

function newUser(name: string): AclUser {
  // ACLCreateUser(): off, no passwords, no keys, channels per acl-pubsub-default (resetchannels), -@all.
  return {
    name,
    enabled: false,
    nopass: false,
    sanitize: 'unset',
    passwords: [],
    allKeys: false,
    keys: [],
    allChannels: false,
    channels: [],
    commands: ['-@all'],
    selectors: [],
  };
}

function copyUser(u: AclUser): AclUser {
  return {
    ...u,
    passwords: [...u.passwords],
    keys: [...u.keys],
    channels: [...u.channels],
    commands: [...u.commands],
    selectors: [...u.selectors],
  };
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
      const error = applyAclRule(u, rule, this.commands);
      if (error) return `Error in ACL SETUSER modifier '${rule}': ${error}`;
    }
    // ACLCopyUser() back into the original: clients authenticated as this user see the change (e.g. "off").
    if (existing) Object.assign(existing, u);
    else this.users.set(name, u);
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
  /** stat_acl_access_denied_*: denials since start, by reason (INFO stats since Redis 7.2). */
  readonly denials = { auth: 0, command: 0, channel: 0 };

  logDenial(reason: 'auth' | 'command' | 'channel', object: string, username: string, clientInfo: string, now: number): void {
    this.denials[reason]++;
    const same = this.log.findIndex(
      (e) =>
        e.reason === reason &&
        e.context === 'toplevel' &&
        e.object === object &&
        e.username === username &&
        now - e.ctime < ACL_LOG_GROUPING_MS,
    );
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
    return allCommands(this.commands)
      .filter((c) => c.categories.has(category))
      .map((c) => c.fullname);
  }
}

function describeKeys(u: AclUser): string {
  return u.allKeys ? '~*' : u.keys.join(' ');
}

function describeChannels(u: AclUser): string {
  return u.allChannels ? '&*' : ['resetchannels', ...u.channels].join(' ');
}

/** The text of a user's keys and channels, as ACL GETUSER reports them. */
export function userKeysAndChannels(u: AclUser): { keys: string; channels: string } {
  return { keys: describeKeys(u), channels: u.allChannels ? '&*' : u.channels.join(' ') };
}
