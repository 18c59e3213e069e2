// Connection-level commands: PING (server.c pingCommand), AUTH (acl.c authCommand), HELLO (networking.c
// helloCommand), ROLE (sentinelRoleCommand) and SHUTDOWN (db.c shutdownCommand).

import { LogLevel } from '../constants.js';
import { array, bulk, bulkArray, errorReply, int, map, ok, status } from '../resp/reply.js';
import { arityError, is, parseLongLong, SYNTAX_ERROR } from './arg-parsing.js';
import type { ClientConnection } from './client-connection.js';
import { clientInfoString } from './client-info.js';
import type { CommandCall, ServerContext } from './server-context.js';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

/** ACLAuthenticateUser(): on success the client becomes that user; a failure goes to the ACL log. */
export function authenticate(ctx: ServerContext, client: ClientConnection, username: string, password: string): boolean {
  ctx.acl.syncRequirePass(ctx.hooks.requirePass());
  const user = ctx.acl.checkCredentials(username, password);
  if (user) {
    client.user = user;
    client.authenticated = true;
    return true;
  }
  ctx.acl.logDenial('auth', 'auth', username, clientInfoString(client, ctx.compat), Date.now());
  return false;
}

/** clientSetName(): printable ASCII without spaces; "" removes the name. False when the name is refused. */
export function setClientName(client: ClientConnection, name: string): boolean {
  if (name === '') {
    client.name = null;
    return true;
  }
  for (const byte of Buffer.from(name, 'utf8')) if (byte < 0x21 || byte > 0x7e) return false;
  client.name = name;
  return true;
}

export const BAD_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

/** PING [message]; in RESP2 pub/sub mode the reply is the array ["pong", message]. */
export function pingCommand({ client, argv, spec }: CommandCall): void {
  if (argv.length > 2) return client.reply(errorReply(arityError(spec.fullname)));
  if (client.isPubSub && client.proto === 2) return client.reply(bulkArray(['pong', argv[1] ?? '']));
  client.reply(argv.length === 1 ? status('PONG') : bulk(argv[1]!));
}

/** AUTH [username] password */
export function authCommand({ ctx, client, argv }: CommandCall): void {
  if (argv.length > 3) return client.reply(errorReply(SYNTAX_ERROR));
  ctx.acl.syncRequirePass(ctx.hooks.requirePass());
  let username = 'default';
  let password = argv[1]!;
  if (argv.length === 2) {
    // The old one-argument form is an error when the default user has no password at all.
    if (ctx.acl.defaultUser.nopass) {
      return client.reply(
        errorReply(
          'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        ),
      );
    }
  } else {
    username = argv[1]!;
    password = argv[2]!;
  }
  client.reply(authenticate(ctx, client, username, password) ? ok() : errorReply(WRONGPASS));
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
export function helloCommand({ ctx, client, argv }: CommandCall): void {
  let version = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseLongLong(argv[next++]!);
    if (v === undefined) return client.reply(errorReply('ERR Protocol version is not an integer or out of range'));
    if (v < 2 || v > 3) return client.reply(errorReply('NOPROTO unsupported protocol version'));
    version = v;
  }
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (is(opt, 'auth') && more >= 2) {
      if (!authenticate(ctx, client, argv[j + 1]!, argv[j + 2]!)) return client.reply(errorReply(WRONGPASS));
      j += 2;
    } else if (is(opt, 'setname') && more > 0) {
      if (!setClientName(client, argv[j + 1]!)) return client.reply(errorReply(BAD_CLIENT_NAME));
      j++;
    } else {
      return client.reply(errorReply(`ERR Syntax error in HELLO option '${opt}'`));
    }
  }
  if (!client.authenticated) {
    return client.reply(
      errorReply(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
      ),
    );
  }
  if (version) client.proto = version as 2 | 3;
  // In sentinel mode the map has no "role" entry (6 fields instead of 7).
  client.reply(
    map([
      // Valkey 8.0 says "valkey" and its own version here, where INFO keeps redis_version.
      [bulk('server'), bulk(ctx.compat.product)],
      [bulk('version'), bulk(ctx.compat.version)],
      [bulk('proto'), int(client.proto)],
      [bulk('id'), int(client.id)],
      [bulk('mode'), bulk('sentinel')],
      [bulk('modules'), array([])],
    ]),
  );
}

/** ROLE: ["sentinel", [names of the monitored masters]] (sentinelRoleCommand). */
export function roleCommand({ ctx, client }: CommandCall): void {
  client.reply(array([bulk('sentinel'), bulkArray([...ctx.engine.state.masters.keys()])]));
}

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: options are checked, then the process is asked to stop. */
export function shutdownCommand({ ctx, client, argv }: CommandCall): void {
  let nosave = false;
  let save = false;
  let flagged = false;
  let abort = false;
  for (const arg of argv.slice(1)) {
    const a = arg.toLowerCase();
    if (a === 'nosave') nosave = flagged = true;
    else if (a === 'save') save = flagged = true;
    else if (a === 'now' || a === 'force') flagged = true;
    else if (a === 'abort') abort = true;
    else return client.reply(errorReply(SYNTAX_ERROR));
  }
  if ((abort && flagged) || (nosave && save)) return client.reply(errorReply(SYNTAX_ERROR));
  // A sentinel has no background save to wait for, so a shutdown is never "in progress" to abort.
  if (abort) return client.reply(errorReply('ERR No shutdown in progress.'));
  ctx.hooks.log(LogLevel.WARNING, 'User requested shutdown...');
  // Like Redis, no reply: the process exits and the connection closes.
  client.closeAfterReplies();
  ctx.hooks.shutdown();
}
