// SENTINEL subcommands that report state (branches of sentinelCommand in sentinel.c): MASTERS, MASTER,
// REPLICAS/SLAVES, SENTINELS, GET-MASTER-ADDR-BY-NAME, MYID, CKQUORUM, INFO-CACHE, PENDING-SCRIPTS, and
// IS-MASTER-DOWN-BY-ADDR, the question other sentinels ask (which may cast our vote).

import type { Instance } from '../core/instance.js';
import { currentMasterAddress } from '../core/hello.js';
import { answerIsMasterDown } from '../core/is-master-down.js';
import { announceHost } from '../core/sentinel-addr.js';
import { array, bulk, errorReply, int, status, type Reply } from '../resp/reply.js';
import { NOT_AN_INTEGER, parseLongLong } from './arg-parsing.js';
import { isQuorumReachable, QUORUM_NOAUTH, QUORUM_NOQUORUM, QUORUM_OK } from './master-admin.js';
import { instanceReply, instancesReply } from './sentinel-instance-reply.js';
import type { CommandCall } from './server-context.js';

/** sentinelGetMasterByNameOrReplyError() */
export function masterOrReplyError({ ctx, client }: CommandCall, name: string): Instance | null {
  const master = ctx.engine.state.masters.get(name);
  if (!master) client.reply(errorReply('ERR No such master with that name'));
  return master ?? null;
}

export function mastersCommand({ ctx, client }: CommandCall): void {
  client.reply(instancesReply(ctx.engine, ctx.engine.state.masters.values(), ctx.compat));
}

export function masterCommand(call: CommandCall): void {
  const master = masterOrReplyError(call, call.argv[2]!);
  if (master) call.client.reply(instanceReply(call.ctx.engine, master, call.ctx.compat));
}

export function replicasCommand(call: CommandCall): void {
  const master = masterOrReplyError(call, call.argv[2]!);
  if (master) call.client.reply(instancesReply(call.ctx.engine, master.slaves.values(), call.ctx.compat));
}

export function sentinelsCommand(call: CommandCall): void {
  const master = masterOrReplyError(call, call.argv[2]!);
  if (master) call.client.reply(instancesReply(call.ctx.engine, master.sentinels.values(), call.ctx.compat));
}

/**
 * The address clients should use: the promoted replica's once it took the new role (sentinelGetCurrentMasterAddress),
 * as announced (the hostname with announce-hostnames).
 */
export function getMasterAddrByNameCommand({ ctx, client, argv }: CommandCall): void {
  const master = ctx.engine.state.masters.get(argv[2]!);
  if (!master) return client.reply(array(null));
  // Lab fault stale-master (not in sentinel.c): the address of the moment the fault began.
  const addr = ctx.engine.state.labFaults.staleMaster(master.name, ctx.engine.io.now()) ?? currentMasterAddress(master);
  client.reply(array([bulk(announceHost(ctx.engine.state, addr)), bulk(String(addr.port))]));
}

export function myidCommand({ ctx, client }: CommandCall): void {
  client.reply(bulk(ctx.engine.state.myid));
}

/** SENTINEL CKQUORUM: a status line when both quorum and majority are reachable, else a NOQUORUM error. */
export function ckquorumCommand(call: CommandCall): void {
  const master = masterOrReplyError(call, call.argv[2]!);
  if (!master) return;
  const { result, usable } = isQuorumReachable(master);
  if (result === QUORUM_OK) {
    return call.client.reply(status(`OK ${usable} usable Sentinels. Quorum and failover authorization can be reached`));
  }
  let text = `NOQUORUM ${usable} usable Sentinels. `;
  if (result & QUORUM_NOQUORUM) text += 'Not enough available Sentinels to reach the specified quorum for this master';
  if (result & QUORUM_NOAUTH) {
    if (result & QUORUM_NOQUORUM) text += '. ';
    text += 'Not enough available Sentinels to reach the majority and authorize a failover';
  }
  call.client.reply(errorReply(text));
}

/**
 * SENTINEL INFO-CACHE [name ...]: for each master, [name, [[age, info] of the master, then of each replica]].
 * Unknown names are skipped. Like sentinel.c, a replica's age is 0 whenever the master's INFO never came.
 */
export function infoCacheCommand({ ctx, client, argv }: CommandCall): void {
  const state = ctx.engine.state;
  let masters: Instance[] = [...state.masters.values()];
  if (argv.length > 2) {
    const picked = new Map<string, Instance>();
    for (const name of argv.slice(2)) {
      const m = state.masters.get(name);
      if (m) picked.set(m.name, m);
    }
    masters = [...picked.values()];
  }
  const now = ctx.engine.io.now();
  const items: Reply[] = [];
  for (const m of masters) {
    const entries: Reply[] = [array([int(m.infoRefresh ? now - m.infoRefresh : 0), bulk(m.info)])];
    for (const r of m.slaves.values()) entries.push(array([int(m.infoRefresh ? now - r.infoRefresh : 0), bulk(r.info)]));
    items.push(bulk(m.name), array(entries));
  }
  client.reply(array(items));
}

/** SENTINEL PENDING-SCRIPTS: scripts run as soon as they are scheduled here, so nothing is ever queued. */
export function pendingScriptsCommand({ client }: CommandCall): void {
  client.reply(array([]));
}

/** SENTINEL IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>: [down, leader or "*", leader epoch]. */
export function isMasterDownByAddrCommand({ ctx, client, argv }: CommandCall): void {
  const port = parseLongLong(argv[3]!);
  const epoch = port === undefined ? undefined : parseLongLong(argv[4]!);
  if (port === undefined || epoch === undefined) return client.reply(errorReply(NOT_AN_INTEGER));
  const answer = answerIsMasterDown(ctx.engine, argv[2]!, port, epoch, argv[5]!);
  client.reply(array([int(answer.down), bulk(answer.leader), int(answer.leaderEpoch)]));
}
