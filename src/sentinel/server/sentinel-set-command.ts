// SENTINEL SET <master> <option> <value> [<option> <value> ...] (sentinelSetCommand in sentinel.c).
// Options apply one by one: each valid one takes effect at once and is announced with a +set event; the
// first invalid one stops the command with an error, keeping (and saving) the changes made before it.

import { accessSync, constants as fsConstants } from 'node:fs';
import { LogLevel } from '../constants.js';
import { emitEvent } from '../core/events.js';
import type { Instance } from '../core/instance.js';
import { propagateDownAfterPeriod } from '../core/instance-registry.js';
import { errorReply } from '../resp/reply.js';
import { parseLongLong } from './arg-parsing.js';
import { flushConfig, flushConfigAndReply } from './config-flush.js';
import { dropInstanceConnections } from './master-admin.js';
import { masterOrReplyError } from './sentinel-query-commands.js';
import type { CommandCall, ServerContext } from './server-context.js';

const SCRIPTS_DENIED =
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration';

/** access(path, X_OK) */
function executable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

type Step = { kind: 'ok'; redacted?: boolean } | { kind: 'badarg'; index: number } | { kind: 'error'; message: string };

/** One option at argv[j]; `take` consumes its value(s). */
function applyOption(ctx: ServerContext, ri: Instance, argv: readonly string[], j: number): { step: Step; next: number } {
  const option = argv[j]!.toLowerCase();
  const more = argv.length - 1 - j;
  const e = ctx.engine;
  // The numeric options: getLongLongFromObject, then a lower bound.
  const numeric = (min: number, set: (n: number) => void): { step: Step; next: number } => {
    const n = parseLongLong(argv[j + 1]!);
    if (n === undefined || n < min) return { step: { kind: 'badarg', index: j + 1 }, next: j + 1 };
    set(n);
    return { step: { kind: 'ok' }, next: j + 1 };
  };
  const script = (kind: 'notification' | 'client-reconfig'): { step: Step; next: number } => {
    const value = argv[j + 1]!;
    if (e.state.denyScriptsReconfig) return { step: { kind: 'error', message: SCRIPTS_DENIED }, next: j + 1 };
    if (value !== '' && !executable(value)) {
      const what = kind === 'notification' ? 'Notification script' : 'Client reconfiguration script';
      return { step: { kind: 'error', message: `ERR ${what} seems non existing or non executable` }, next: j + 1 };
    }
    if (kind === 'notification') ri.notificationScript = value || null;
    else ri.clientReconfigScript = value || null;
    return { step: { kind: 'ok' }, next: j + 1 };
  };
  if (option === 'down-after-milliseconds' && more > 0) {
    return numeric(1, (n) => {
      ri.downAfterPeriod = n;
      propagateDownAfterPeriod(ri);
    });
  }
  if (option === 'failover-timeout' && more > 0) return numeric(1, (n) => (ri.failoverTimeout = n));
  if (option === 'parallel-syncs' && more > 0) return numeric(1, (n) => (ri.parallelSyncs = n));
  if (option === 'notification-script' && more > 0) return script('notification');
  if (option === 'client-reconfig-script' && more > 0) return script('client-reconfig');
  if ((option === 'auth-pass' || option === 'auth-user') && more > 0) {
    const value = argv[j + 1]!;
    if (option === 'auth-pass') ri.authPass = value || null;
    else ri.authUser = value || null;
    dropInstanceConnections(e, ri);
    return { step: { kind: 'ok', redacted: option === 'auth-pass' }, next: j + 1 };
  }
  if (option === 'quorum' && more > 0) return numeric(1, (n) => (ri.quorum = n));
  if (option === 'rename-command' && more > 1) {
    const from = argv[j + 1]!;
    const to = argv[j + 2]!;
    if (from === '' || to === '') return { step: { kind: 'badarg', index: to !== '' ? j + 1 : j + 2 }, next: j + 2 };
    ri.renamedCommands.delete(from.toLowerCase());
    // A command renamed to its own name needs no entry.
    if (from.toLowerCase() !== to.toLowerCase()) ri.renamedCommands.set(from.toLowerCase(), to);
    return { step: { kind: 'ok' }, next: j + 2 };
  }
  // Valkey 8.0 takes primary-reboot-down-after-period as well (sentinelSetCommand).
  const rebootPeriod =
    option === 'master-reboot-down-after-period' || (ctx.compat.primaryNames && option === 'primary-reboot-down-after-period');
  if (rebootPeriod && more > 0) return numeric(0, (n) => (ri.masterRebootDownAfterPeriod = n));
  return { step: { kind: 'error', message: `ERR Unknown option or number of arguments for SENTINEL SET '${argv[j]}'` }, next: j };
}

export async function setCommand(call: CommandCall): Promise<void> {
  const { ctx, client, argv } = call;
  const ri = masterOrReplyError(call, argv[2]!);
  if (!ri) return;
  let changes = 0;
  for (let j = 3; j < argv.length; j++) {
    const start = j;
    const { step, next } = applyOption(ctx, ri, argv, j);
    j = next;
    if (step.kind !== 'ok') {
      const message =
        step.kind === 'badarg' ? `ERR Invalid argument '${argv[step.index]}' for SENTINEL SET '${argv[start]}'` : step.message;
      client.reply(errorReply(message));
      if (changes) await flushConfig(ctx);
      return;
    }
    changes++;
    // "%@ <option> <value...>" with the option as the client wrote it, and auth-pass hidden.
    const values = argv.slice(start + 1, j + 1).map((v) => (step.redacted ? '******' : v));
    emitEvent(ctx.engine, LogLevel.WARNING, '+set', ri, [argv[start]!, ...values].join(' '));
  }
  if (changes) await flushConfigAndReply(ctx, client);
}
