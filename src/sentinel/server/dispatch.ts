// processCommand() of server.c for a sentinel: the checks every command passes before its proc runs, in
// Redis's order (HTTP-looking lines, existence, arity, authentication, ACL permissions, the RESP2 pub/sub
// context, client pause), with Redis's error texts.

import { LogLevel } from '../constants.js';
import { errorReply } from '../resp/reply.js';
import { checkPermissions } from './acl-check.js';
import { arityError, truncateBytes } from './arg-parsing.js';
import { clientInfoString } from './client-info.js';
import type { ClientConnection } from './client-connection.js';
import { arityMatches, lookupCommand } from './command-table.js';
import { labFaultCommand } from './lab-fault-command.js';
import type { CommandHandler, ServerContext } from './server-context.js';

/** shared.noautherr */
export const NOAUTH_ERROR = 'NOAUTH Authentication required.';

/** The procs a RESP2 client in pub/sub mode may still call (those that exist in sentinel mode). */
const PUBSUB_CONTEXT_COMMANDS = new Set(['ping', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe']);

/** commandCheckExistence(): the error for a command (or subcommand) that does not exist. */
export function unknownCommandError(ctx: ServerContext, argv: readonly string[]): string {
  const base = ctx.commands.get(argv[0]!.toLowerCase());
  if (base?.subcommands) {
    return `ERR unknown subcommand '${truncateBytes(argv[1]!, 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`;
  }
  // Quote arguments while the list is shorter than 128 bytes, each cut to what is left of the 128.
  let args = '';
  for (let i = 1; i < argv.length && Buffer.byteLength(args) < 128; i++) {
    args += `'${truncateBytes(argv[i]!, 128 - Buffer.byteLength(args))}' `;
  }
  return `ERR unknown command '${truncateBytes(argv[0]!, 128)}', with args beginning with: ${args}`;
}

/** A link from another sentinel: named sentinel-*, or naming itself so, or authenticating first. */
function isPeerLink(client: ClientConnection, argv: readonly string[]): boolean {
  if (client.name?.startsWith('sentinel-')) return true;
  const command = argv[0]!.toLowerCase();
  if (command === 'auth') return true;
  return command === 'client' && argv[1]?.toLowerCase() === 'setname' && (argv[2] ?? '').startsWith('sentinel-');
}

/** processCommand(): returns a promise when the command (or a client pause) makes the client wait. */
export function processCommand(
  ctx: ServerContext,
  handlers: ReadonlyMap<string, CommandHandler>,
  client: ClientConnection,
  argv: string[],
): void | Promise<void> {
  const first = argv[0]!.toLowerCase();
  if (first === 'host:' || first === 'post') {
    // securityWarningCommand(): an HTTP request sent to us, maybe by a browser tricked into it.
    ctx.hooks.log(
      LogLevel.WARNING,
      `Possible cross protocol scripting attack: client ${client.addr} sent an HTTP-looking '${argv[0]}' line. Connection aborted.`,
    );
    client.close();
    return;
  }
  if (ctx.hooks.labFaults) {
    // Lab faults (not in sentinel.c, see core/lab-faults.ts): LABFAULT itself, and mute-clients, under which
    // only the links of other sentinels (named sentinel-<id>-<type> by sentinelSetClientName) get replies.
    if (first === 'labfault') {
      if (client.authRequired()) return client.reply(errorReply(NOAUTH_ERROR));
      return labFaultCommand(ctx, client, argv);
    }
    if (ctx.engine.state.labFaults.mutesClients(ctx.engine.io.now()) && !isPeerLink(client, argv)) return;
  }
  const spec = lookupCommand(ctx.commands, argv);
  client.lastCommand = spec?.fullname ?? 'NULL';
  if (!spec) return client.reply(errorReply(unknownCommandError(ctx, argv)));
  if (!arityMatches(spec, argv.length)) return client.reply(errorReply(arityError(spec.fullname)));
  if (client.authRequired() && !spec.flags.has('NO_AUTH')) return client.reply(errorReply(NOAUTH_ERROR));
  const verdict = checkPermissions(client.user, spec, argv);
  if (!verdict.ok) {
    ctx.acl.logDenial(verdict.reason, verdict.object, client.user.name, clientInfoString(client, ctx.compat), Date.now());
    const what = verdict.reason === 'command' ? `run the '${spec.fullname}' command` : 'access one of the channels used as arguments';
    return client.reply(errorReply(`NOPERM this user has no permissions to ${what}`));
  }
  const root = spec.fullname.split('|')[0]!;
  if (client.isPubSub && client.proto === 2 && !PUBSUB_CONTEXT_COMMANDS.has(root)) {
    return client.reply(
      errorReply(
        `ERR Can't execute '${spec.fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      ),
    );
  }
  if (ctx.pause.holds(spec)) {
    // blockPostponeClient(): the command is processed again, checks included, when the pause ends.
    return ctx.pause.waitForEnd().then(() => processCommand(ctx, handlers, client, argv));
  }
  const handler = handlers.get(spec.fullname);
  if (!handler) throw new Error(`no handler for '${spec.fullname}'`);
  ctx.stats.commandsProcessed++;
  client.commandsProcessed++;
  return handler({ ctx, client, argv, spec });
}
