// ACL and its subcommands (acl.c aclCommand) over the user model of acl-users.ts. Enough for what the
// sentinel test suite does (09-acl-support: SETUSER, DELUSER, WHOAMI, AUTH as another user, CLIENT KILL USER)
// and for the read-only subcommands tools call.

import { randomBytes } from 'node:crypto';
import { array, bulk, bulkArray, doubleReply, errorReply, int, map, ok, type Reply } from '../resp/reply.js';
import { ACL_CATEGORIES } from './acl-rules.js';
import { userKeysAndChannels } from './acl-users.js';
import { arityError, is, parseLongLong, subcommandSyntaxError } from './arg-parsing.js';
import { arityMatches, lookupCommand } from './command-table.js';
import { helpReply, setReply } from './reply-helpers.js';
import type { CommandCall } from './server-context.js';

const HELP = [
  'CAT [<category>]',
  '    The command categories, or the commands of one category.',
  'DELUSER <username> [<username> ...]',
  '    Remove users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Whether the user could run the command, without running it.',
  'GETUSER <username>',
  '    The rules of a user.',
  'GENPASS [<bits>]',
  '    A random password of 256 bits, or of <bits> bits.',
  'LIST',
  '    Every user, as a config file line.',
  'LOAD',
  '    Load users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Recent authentication and permission failures.',
  'SAVE',
  '    Save users to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or change a user.',
  'USERS',
  '    The names of all users.',
  'WHOAMI',
  '    The user of this connection.',
];

const GENPASS_MAX_BITS = 4096;

export function aclCommand(call: CommandCall): void {
  const { ctx, client, argv } = call;
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  const reply = (r: Reply): void => client.reply(r);
  if (sub === 'setuser' && argc >= 3) {
    const name = argv[2]!;
    if (/[\s\0]/.test(name)) return reply(errorReply("ERR Usernames can't contain spaces or null characters"));
    const error = ctx.acl.setUser(name, argv.slice(3));
    return reply(error === null ? ok() : errorReply(`ERR ${error}`));
  }
  if (sub === 'deluser' && argc >= 3) {
    if (argv.slice(2).includes('default')) return reply(errorReply("ERR The 'default' user cannot be removed"));
    let deleted = 0;
    for (const name of argv.slice(2)) {
      const user = ctx.acl.deleteUser(name);
      if (!user) continue;
      deleted++;
      // ACLFreeUserAndKillClients(): its clients fall back to the default user, unauthenticated, and go
      // (the caller itself once it got this reply).
      for (const c of [...ctx.clients.values()]) {
        if (c.user !== user) continue;
        c.user = ctx.acl.defaultUser;
        c.authenticated = false;
        if (c === client) c.closeAfterReplies();
        else c.close();
      }
    }
    return reply(int(deleted));
  }
  if (sub === 'getuser' && argc === 3) {
    const u = ctx.acl.get(argv[2]!);
    if (!u) return reply(bulk(null));
    const flags = [u.enabled ? 'on' : 'off', ...(u.nopass ? ['nopass'] : []), ...(u.sanitize !== 'unset' ? [u.sanitize] : [])];
    const { keys, channels } = userKeysAndChannels(u);
    return reply(
      map([
        [
          bulk('flags'),
          setReply(
            flags.map((f) => bulk(f)),
            client.proto,
          ),
        ],
        [bulk('passwords'), bulkArray(u.passwords)],
        [bulk('commands'), bulk(u.commands.join(' '))],
        [bulk('keys'), bulk(keys)],
        [bulk('channels'), bulk(channels)],
        [bulk('selectors'), array([])],
      ]),
    );
  }
  if ((sub === 'list' || sub === 'users') && argc === 2) {
    const users = ctx.acl.list();
    return reply(bulkArray(users.map((u) => (sub === 'users' ? u.name : `user ${u.name} ${ctx.acl.describe(u)}`))));
  }
  if (sub === 'whoami' && argc === 2) return reply(bulk(client.user.name));
  if (sub === 'load' || sub === 'save') {
    // No aclfile directive in a sentinel config: the same answer as a Redis started without one.
    return reply(
      errorReply(
        'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
      ),
    );
  }
  if (sub === 'cat' && argc === 2) return reply(bulkArray(ACL_CATEGORIES));
  if (sub === 'cat' && argc === 3) {
    const category = argv[2]!.toLowerCase();
    if (!ACL_CATEGORIES.includes(category)) return reply(errorReply(`ERR Unknown category '${argv[2]!.slice(0, 128)}'`));
    return reply(bulkArray(ctx.acl.commandsInCategory(category)));
  }
  if (sub === 'genpass' && (argc === 2 || argc === 3)) {
    let bits = 256;
    if (argc === 3) {
      const n = parseLongLong(argv[2]!);
      if (n === undefined) return reply(errorReply('ERR value is not an integer or out of range'));
      bits = n;
    }
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      return reply(
        errorReply(
          `ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`,
        ),
      );
    }
    const chars = Math.floor((bits + 3) / 4);
    return reply(
      bulk(
        randomBytes(Math.ceil(chars / 2))
          .toString('hex')
          .slice(0, chars),
      ),
    );
  }
  if (sub === 'log' && (argc === 2 || argc === 3)) return aclLog(call);
  if (sub === 'dryrun' && argc >= 4) {
    if (!ctx.acl.get(argv[2]!)) return reply(errorReply(`ERR User '${argv[2]}' not found`));
    const target = lookupCommand(ctx.commands, argv.slice(3));
    if (!target) return reply(errorReply(`ERR Command '${argv[3]}' not found`));
    if (!arityMatches(target, argc - 3)) return reply(errorReply(arityError(target.fullname)));
    return reply(ok()); // permissions are not enforced (see acl-users.ts)
  }
  if (sub === 'help' && argc === 2) return reply(helpReply(argv[0]!, HELP));
  reply(errorReply(subcommandSyntaxError(argv)));
}

/** ACL LOG [count | RESET] */
function aclLog({ ctx, client, argv }: CommandCall): void {
  let count = 10;
  if (argv.length === 3) {
    if (is(argv[2], 'reset')) {
      ctx.acl.log.length = 0;
      return client.reply(ok());
    }
    const n = parseLongLong(argv[2]!);
    if (n === undefined) return client.reply(errorReply('ERR value is not an integer or out of range'));
    count = Math.max(0, n);
  }
  const now = Date.now();
  const entries = ctx.acl.log.slice(0, count).map((e) =>
    map([
      [bulk('count'), int(e.count)],
      [bulk('reason'), bulk(e.reason)],
      [bulk('context'), bulk(e.context)],
      [bulk('object'), bulk(e.object)],
      [bulk('username'), bulk(e.username)],
      [bulk('age-seconds'), doubleReply((now - e.ctime) / 1000)],
      [bulk('client-info'), bulk(e.clientInfo)],
    ]),
  );
  client.reply(array(entries));
}
