// SENTINEL subcommands that change what is monitored or force actions (branches of sentinelCommand in
// sentinel.c): MONITOR, REMOVE, RESET, FAILOVER, FLUSHCONFIG, SIMULATE-FAILURE.

import { lookup } from 'node:dns/promises';
import { normalizeNumericHost } from '../config/numeric-host.js';
import {
  LogLevel,
  SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION,
  SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_FORCE_FAILOVER,
} from '../constants.js';
import type { Engine } from '../core/engine-state.js';
import { emitEvent } from '../core/events.js';
import { startFailover } from '../core/failover.js';
import { RESET_GENERATE_EVENT, resetMastersByPattern } from '../core/instance-registry.js';
import { selectReplica } from '../core/replica-selection.js';
import { bulkArray, errorReply, int, ok } from '../resp/reply.js';
import { is, parseLongLong } from './arg-parsing.js';
import { flushConfigAndReply } from './config-flush.js';
import { monitorMaster, removeMaster } from './master-admin.js';
import { masterOrReplyError } from './sentinel-query-commands.js';
import type { CommandCall } from './server-context.js';

/**
 * anetResolve(): an IP literal (as getaddrinfo() reads them with AI_NUMERICHOST, "127.1" included), or with
 * resolve-hostnames any name the resolver knows. The name is looked up without blocking, through the io when it
 * can (its answer is then cached for createInstance, which resolves the name again as createSentinelAddr does).
 */
async function addressIsValid(e: Engine, host: string): Promise<boolean> {
  if (normalizeNumericHost(host) !== undefined && !host.includes('%')) return true;
  if (!e.state.resolveHostnames) return false;
  if (e.io.lookupHost) return (await e.io.lookupHost(host)) !== null;
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
}

/** SENTINEL MONITOR <name> <ip> <port> <quorum> */
export async function monitorCommand({ ctx, client, argv }: CommandCall): Promise<void> {
  const e = ctx.engine;
  const quorum = parseLongLong(argv[5]!);
  if (quorum === undefined) return client.reply(errorReply('ERR Invalid quorum'));
  const port = parseLongLong(argv[4]!);
  if (port === undefined) return client.reply(errorReply('ERR Invalid port'));
  if (quorum <= 0) return client.reply(errorReply('ERR Quorum must be 1 or greater.'));
  if (!(await addressIsValid(e, argv[3]!))) {
    return client.reply(errorReply('ERR Invalid IP address or hostname specified'));
  }
  const result = monitorMaster(e, argv[2]!, argv[3]!, port, quorum);
  if (!result.ok) return client.reply(errorReply(`ERR ${result.error}`));
  await flushConfigAndReply(ctx, client);
  emitEvent(e, LogLevel.WARNING, '+monitor', result.master, `quorum ${result.master.quorum}`);
}

/** SENTINEL REMOVE <name> */
export async function removeCommand(call: CommandCall): Promise<void> {
  const master = masterOrReplyError(call, call.argv[2]!);
  if (!master) return;
  removeMaster(call.ctx.engine, master);
  await flushConfigAndReply(call.ctx, call.client);
}

/** SENTINEL RESET <pattern>: how many masters matched (each is reset with a +reset-master event). */
export function resetCommand({ ctx, client, argv }: CommandCall): void {
  client.reply(int(resetMastersByPattern(ctx.engine, argv[2]!, RESET_GENERATE_EVENT)));
}

/** SENTINEL FAILOVER <name>: start a failover now, without agreement, if some replica can be promoted. */
export function failoverCommand(call: CommandCall): void {
  const { ctx, client } = call;
  const master = masterOrReplyError(call, call.argv[2]!);
  if (!master) return;
  if (master.has(SRI_FAILOVER_IN_PROGRESS)) return client.reply(errorReply('INPROG Failover already in progress'));
  const e = ctx.engine;
  const t = e.state.timing;
  if (selectReplica(master, { now: e.io.now(), pingPeriod: t.pingPeriod, infoPeriod: t.infoPeriod }).chosen === null) {
    return client.reply(errorReply('NOGOODSLAVE No suitable replica to promote'));
  }
  ctx.hooks.log(LogLevel.WARNING, `Executing user requested FAILOVER of '${master.name}'`);
  startFailover(e, master);
  master.flags |= SRI_FORCE_FAILOVER;
  client.reply(ok());
}

/** SENTINEL FLUSHCONFIG */
export function flushconfigCommand({ ctx, client }: CommandCall): Promise<void> {
  return flushConfigAndReply(ctx, client);
}

/**
 * SENTINEL SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]: the flags are cleared
 * first and set one argument at a time, so an error or HELP leaves those seen before it set, as in sentinel.c.
 */
export function simulateFailureCommand({ ctx, client, argv }: CommandCall): void {
  const state = ctx.engine.state;
  state.simFailureFlags = 0;
  for (const arg of argv.slice(2)) {
    if (is(arg, 'crash-after-election')) {
      state.simFailureFlags |= SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION;
      ctx.hooks.log(LogLevel.WARNING, 'Failure simulation: exiting once elected failover leader');
    } else if (is(arg, 'crash-after-promotion')) {
      state.simFailureFlags |= SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION;
      ctx.hooks.log(LogLevel.WARNING, 'Failure simulation: exiting once the selected replica is promoted');
    } else if (is(arg, 'help')) {
      return client.reply(bulkArray(['crash-after-election', 'crash-after-promotion']));
    } else {
      return client.reply(errorReply('ERR Unknown failure simulation specified'));
    }
  }
  client.reply(ok());
}
