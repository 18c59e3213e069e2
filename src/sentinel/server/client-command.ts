// CLIENT and its subcommands (networking.c clientCommand), as far as they mean something for a sentinel.
// Tracking is accepted and reported but never sends invalidations: a sentinel has no keys.

import { array, bulk, errorReply, int, map, ok, verbatim, type Reply } from '../resp/reply.js';
import { is, NOT_AN_INTEGER, parseLongLong, subcommandSyntaxError, SYNTAX_ERROR } from './arg-parsing.js';
import type { ClientConnection, TrackingState } from './client-connection.js';
import { clientInfoString, clientType, clientTypeByName } from './client-info.js';
import { BAD_CLIENT_NAME, setClientName } from './connection-commands.js';
import { helpReply, setReply } from './reply-helpers.js';
import type { CommandCall, ServerContext } from './server-context.js';

const HELP = [
  'CACHING (YES|NO)',
  '    In OPTIN/OPTOUT tracking mode, whether the next command is tracked.',
  'GETREDIR',
  "    The id of the client receiving this connection's invalidations, or -1.",
  'GETNAME',
  '    The name of this connection.',
  'ID',
  '    The id of this connection.',
  'INFO',
  '    A line describing this connection.',
  'KILL <ip:port>',
  '    Close the connection from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Close the connections matching every option: ADDR <ip:port>, LADDR <ip:port>,',
  '    ID <id>, TYPE (NORMAL|MASTER|REPLICA|PUBSUB), USER <username>, SKIPME (YES|NO).',
  'LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> ...]',
  '    One line per connection.',
  'UNPAUSE',
  '    End a pause started with CLIENT PAUSE.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Hold back commands of all clients (or only writes) for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Switch the replies to this connection on or off, or skip the next one.',
  'SETNAME <name>',
  '    Name this connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Release a blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Client side caching support.',
  'TRACKINGINFO',
  '    The tracking settings of this connection.',
  'NO-EVICT (ON|OFF)',
  '    Exempt this connection from client eviction.',
];

// Redis 7.2 documents CLIENT SETINFO after SETNAME.
const HELP_7_2 = HELP.flatMap((line) =>
  line === '    Name this connection.'
    ? [line, 'SETINFO <option> <value>', '    Name the client library (LIB-NAME) or its version (LIB-VER) of this connection.']
    : [line],
);

/** clientSetinfoCommand() (Redis 7.2): an empty value unsets the attribute. */
function clientSetInfo({ client, argv }: CommandCall): void {
  const attr = argv[2]!;
  const value = argv[3]!;
  const which = attr.toLowerCase() === 'lib-name' ? 'libName' : attr.toLowerCase() === 'lib-ver' ? 'libVer' : null;
  if (which === null) return client.reply(errorReply(`ERR Unrecognized option '${attr}'`));
  // validateClientAttr(): CLIENT LIST would break on spaces or newlines, so only '!'..'~' are allowed.
  if (![...value].every((ch) => ch >= '!' && ch <= '~')) {
    return client.reply(errorReply(`ERR ${attr} cannot contain spaces, newlines or special characters.`));
  }
  client[which] = value === '' ? null : value;
  client.reply(ok());
}

function findClient(ctx: ServerContext, id: number): ClientConnection | undefined {
  return ctx.clients.get(id);
}

export function clientCommand(call: CommandCall): void {
  const { ctx, client, argv } = call;
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  const reply = (r: Reply): void => client.reply(r);
  if (sub === 'help' && argc === 2) return reply(helpReply(argv[0]!, ctx.compat.clientSetInfo ? HELP_7_2 : HELP));
  if (sub === 'setinfo' && argc === 4) return clientSetInfo(call);
  if (sub === 'id' && argc === 2) return reply(int(client.id));
  if (sub === 'info' && argc === 2) return reply(verbatim(`${clientInfoString(client, ctx.compat)}\n`));
  if (sub === 'list') return clientList(call);
  if (sub === 'reply' && argc === 3) {
    if (is(argv[2], 'on')) {
      client.replyOff = client.replySkip = client.replySkipNext = false;
      return reply(ok());
    }
    if (is(argv[2], 'off')) client.replyOff = true;
    else if (is(argv[2], 'skip')) client.replySkipNext = !client.replyOff;
    else reply(errorReply(SYNTAX_ERROR));
    return;
  }
  if (sub === 'no-evict' && argc === 3) {
    if (is(argv[2], 'on')) client.noEvict = true;
    else if (is(argv[2], 'off')) client.noEvict = false;
    else return reply(errorReply(SYNTAX_ERROR));
    return reply(ok());
  }
  if (sub === 'kill') return clientKill(call);
  if (sub === 'unblock' && (argc === 3 || argc === 4)) {
    if (argc === 4 && !is(argv[3], 'timeout') && !is(argv[3], 'error')) {
      return reply(errorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
    }
    if (parseLongLong(argv[2]!) === undefined) return reply(errorReply(NOT_AN_INTEGER));
    return reply(int(0)); // nobody is ever blocked on a sentinel
  }
  if (sub === 'setname' && argc === 3) return reply(setClientName(client, argv[2]!) ? ok() : errorReply(BAD_CLIENT_NAME));
  if (sub === 'getname' && argc === 2) return reply(bulk(client.name));
  if (sub === 'unpause' && argc === 2) {
    ctx.pause.unpause();
    return reply(ok());
  }
  if (sub === 'pause' && (argc === 3 || argc === 4)) {
    let mode: 'all' | 'write' = 'all';
    if (argc === 4) {
      if (is(argv[3], 'write')) mode = 'write';
      else if (!is(argv[3], 'all')) return reply(errorReply('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    }
    const timeout = parseLongLong(argv[2]!);
    if (timeout === undefined) return reply(errorReply('ERR timeout is not an integer or out of range'));
    if (timeout < 0) return reply(errorReply('ERR timeout is negative'));
    ctx.pause.pause(timeout > 0 ? Date.now() + timeout : 0, mode);
    return reply(ok());
  }
  if (sub === 'tracking' && argc >= 3) return clientTracking(call);
  if (sub === 'caching' && argc >= 3) {
    const t = client.tracking;
    if (!t)
      return reply(
        errorReply('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled'),
      );
    if (is(argv[2], 'yes')) {
      if (!t.optin) return reply(errorReply('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.'));
    } else if (is(argv[2], 'no')) {
      if (!t.optout) return reply(errorReply('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.'));
    } else return reply(errorReply(SYNTAX_ERROR));
    t.caching = true;
    return reply(ok());
  }
  if (sub === 'getredir' && argc === 2) return reply(int(client.tracking ? client.tracking.redirect : -1));
  if (sub === 'trackinginfo' && argc === 2) return reply(trackingInfo(client));
  reply(errorReply(subcommandSyntaxError(argv)));
}

/** CLIENT LIST [TYPE type] | [ID id ...] */
function clientList({ ctx, client, argv }: CommandCall): void {
  let clients = [...ctx.clients.values()];
  if (argv.length === 4 && is(argv[2], 'type')) {
    const type = clientTypeByName(argv[3]!);
    if (type === null) return client.reply(errorReply(`ERR Unknown client type '${argv[3]}'`));
    clients = clients.filter((c) => clientType(c) === type);
  } else if (argv.length > 3 && is(argv[2], 'id')) {
    clients = [];
    for (const text of argv.slice(3)) {
      const id = parseLongLong(text);
      if (id === undefined) return client.reply(errorReply('ERR Invalid client ID'));
      const found = findClient(ctx, id);
      if (found) clients.push(found);
    }
  } else if (argv.length !== 2) {
    return client.reply(errorReply(SYNTAX_ERROR));
  }
  client.reply(verbatim(clients.map((c) => `${clientInfoString(c, ctx.compat)}\n`).join('')));
}

/** CLIENT KILL addr | CLIENT KILL <filter> <value> ... */
function clientKill({ ctx, client, argv }: CommandCall): void {
  let addr: string | null = null;
  let laddr: string | null = null;
  let type: string | null = null;
  let id = 0;
  let user: unknown = null;
  let skipMe = true;
  if (argv.length === 3) {
    addr = argv[2]!;
    skipMe = false; // the old form can kill the caller itself
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!;
      const value = argv[i + 1];
      if (value === undefined) return client.reply(errorReply(SYNTAX_ERROR));
      if (is(opt, 'id')) {
        const n = parseLongLong(value);
        if (n === undefined || n < 1) return client.reply(errorReply('ERR client-id should be greater than 0'));
        id = n;
      } else if (is(opt, 'type')) {
        type = clientTypeByName(value);
        if (type === null) return client.reply(errorReply(`ERR Unknown client type '${value}'`));
      } else if (is(opt, 'addr')) addr = value;
      else if (is(opt, 'laddr')) laddr = value;
      else if (is(opt, 'user')) {
        user = ctx.acl.get(value);
        if (!user) return client.reply(errorReply(`ERR No such user '${value}'`));
      } else if (is(opt, 'skipme')) {
        if (is(value, 'yes')) skipMe = true;
        else if (is(value, 'no')) skipMe = false;
        else return client.reply(errorReply(SYNTAX_ERROR));
      } else return client.reply(errorReply(SYNTAX_ERROR));
    }
  }
  let killed = 0;
  let killSelf = false;
  for (const c of [...ctx.clients.values()]) {
    if (addr !== null && c.addr !== addr) continue;
    if (laddr !== null && c.laddr !== laddr) continue;
    if (type !== null && clientType(c) !== type) continue;
    if (id !== 0 && c.id !== id) continue;
    if (user !== null && c.user !== user) continue;
    if (c === client && skipMe) continue;
    if (c === client) killSelf = true;
    else c.close();
    killed++;
  }
  if (argv.length === 3) client.reply(killed === 0 ? errorReply('ERR No such client') : ok());
  else client.reply(int(killed));
  if (killSelf) client.closeAfterReplies();
}

/** CLIENT TRACKING (ON|OFF) [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTracking({ ctx, client, argv }: CommandCall): void {
  const next: TrackingState = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, caching: false, prefixes: [] };
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (is(opt, 'redirect') && more > 0) {
      j++;
      if (next.redirect !== 0) return client.reply(errorReply('ERR A client can only redirect to a single other client'));
      const target = parseLongLong(argv[j]!);
      if (target === undefined) return client.reply(errorReply(NOT_AN_INTEGER));
      if (!findClient(ctx, target)) return client.reply(errorReply('ERR The client ID you want redirect to does not exist'));
      next.redirect = target;
    } else if (is(opt, 'bcast')) next.bcast = true;
    else if (is(opt, 'optin')) next.optin = true;
    else if (is(opt, 'optout')) next.optout = true;
    else if (is(opt, 'noloop')) next.noloop = true;
    else if (is(opt, 'prefix') && more > 0) next.prefixes.push(argv[++j]!);
    else return client.reply(errorReply(SYNTAX_ERROR));
  }
  if (is(argv[2], 'off')) {
    client.tracking = null;
    return client.reply(ok());
  }
  if (!is(argv[2], 'on')) return client.reply(errorReply(SYNTAX_ERROR));
  const cur = client.tracking;
  if (!next.bcast && next.prefixes.length) return client.reply(errorReply('ERR PREFIX option requires BCAST mode to be enabled'));
  if (cur && cur.bcast !== next.bcast) {
    return client.reply(
      errorReply(
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
      ),
    );
  }
  if (next.bcast && (next.optin || next.optout)) return client.reply(errorReply('ERR OPTIN and OPTOUT are not compatible with BCAST'));
  if (next.optin && next.optout) return client.reply(errorReply("ERR You can't specify both OPTIN mode and OPTOUT mode"));
  if (cur && ((next.optin && cur.optout) || (next.optout && cur.optin))) {
    return client.reply(
      errorReply(
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
      ),
    );
  }
  // enableTracking(): options add to those already on; prefixes accumulate.
  client.tracking = {
    ...next,
    bcast: next.bcast || (cur?.bcast ?? false),
    optin: next.optin || (cur?.optin ?? false),
    optout: next.optout || (cur?.optout ?? false),
    noloop: next.noloop || (cur?.noloop ?? false),
    prefixes: [...(cur?.prefixes ?? []), ...next.prefixes.filter((p) => !cur?.prefixes.includes(p))],
  };
  client.reply(ok());
}

function trackingInfo(client: ClientConnection): Reply {
  const t = client.tracking;
  const flags: string[] = [t ? 'on' : 'off'];
  if (t?.bcast) flags.push('bcast');
  if (t?.optin) flags.push('optin', ...(t.caching ? ['caching-yes'] : []));
  if (t?.optout) flags.push('optout', ...(t.caching ? ['caching-no'] : []));
  if (t?.noloop) flags.push('noloop');
  return map([
    [
      bulk('flags'),
      setReply(
        flags.map((f) => bulk(f)),
        client.proto,
      ),
    ],
    [bulk('redirect'), int(t ? t.redirect : -1)],
    [bulk('prefixes'), array([...(t?.prefixes ?? [])].sort().map((p) => bulk(p)))],
  ]);
}
