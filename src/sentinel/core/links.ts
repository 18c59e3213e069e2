// Connecting to instances and the commands Sentinel sends on its own schedule (sentinel.c:
// sentinelReconnectInstance, sentinelSendPeriodicCommands, sentinelSendPing, sentinelPingReplyCallback,
// sentinelSendSlaveOf, sentinelSendHello).

import {
  SENTINEL_HELLO_CHANNEL,
  SENTINEL_MAX_PENDING_COMMANDS,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_MASTER,
  SRI_MASTER_REBOOT,
  SRI_O_DOWN,
  SRI_S_DOWN,
  SRI_SCRIPT_KILL_SENT,
  SRI_SENTINEL,
  SRI_SLAVE,
} from '../constants.js';
import { RespError } from '../resp/reply-parser.js';
import type { Engine } from './engine-state.js';
import { LINK_CLOSED, type LinkKind, type LinkSetup, type ReplyOrClosed } from './engine-io.js';
import { noteRoundTrip, periodsFor } from './haste.js';
import { formatHello, currentMasterAddress } from './hello.js';
import { refreshInstanceInfo } from './info-refresh.js';
import type { Instance } from './instance.js';
import { mapCommand } from './instance-registry.js';
import { announceHost, createAddr, type Addr } from './sentinel-addr.js';

/** sentinelSendAuthIfNeeded(): which credentials an instance gets. */
function credentials(e: Engine, ri: Instance): LinkSetup['auth'] {
  let pass: string | null;
  let user: string | null;
  if (ri.has(SRI_MASTER)) [pass, user] = [ri.authPass, ri.authUser];
  else if (ri.has(SRI_SLAVE)) [pass, user] = [ri.master!.authPass, ri.master!.authUser];
  else if (e.state.sentinelAuthPass) [pass, user] = [e.state.sentinelAuthPass, e.state.sentinelAuthUser];
  else [pass, user] = [e.state.requirePass, null]; // old configs: requirepass works both ways
  return pass ? { user, pass } : null;
}

function setupFor(e: Engine, ri: Instance, kind: LinkKind): LinkSetup {
  return {
    auth: credentials(e, ri),
    clientName: `sentinel-${e.state.myid.slice(0, 8)}-${kind === 'cc' ? 'cmd' : 'pubsub'}`, // sentinelSetClientName
    subscribe: kind === 'pc' ? SENTINEL_HELLO_CHANNEL : undefined,
    rename: (command) => mapCommand(ri, command),
  };
}

/** sentinelReconnectInstance() */
export function reconnectInstance(e: Engine, ri: Instance): void {
  const link = ri.link;
  if (!link.disconnected) return;
  if (ri.addr.port === 0) return; // port 0 marks an address known to be invalid
  const now = e.io.now();
  if (now - link.lastReconnTime < periodsFor(e, ri).ping) return;
  link.lastReconnTime = now;
  if (!link.cc) {
    // With resolve-hostnames the hostname is resolved again at every reconnection: the instance may not have
    // resolved when it was added, or may have come back at another IP. The io connects to addr.ip.
    if (e.state.resolveHostnames) {
      const fresh = createAddr(e, ri.addr.host, ri.addr.port, false);
      if (fresh) ri.addr = fresh;
    }
    link.generation++;
    link.cc = true;
    link.pendingCommands = 0;
    link.ccConnTime = now;
    e.io.connect(ri, 'cc', setupFor(e, ri, 'cc'));
    sendPing(e, ri); // Send a PING as soon as we reconnect.
  }
  if (ri.has(SRI_MASTER | SRI_SLAVE) && !link.pc) {
    link.pc = true;
    link.pcConnTime = now;
    link.pcLastActivity = now;
    e.io.connect(ri, 'pc', setupFor(e, ri, 'pc'));
  }
  if (link.cc && (ri.has(SRI_SENTINEL) || link.pc)) link.disconnected = false;
}

/** instanceLinkConnectionError() / sentinelDisconnectCallback(): the io reports a closed link. */
export function linkClosed(ri: Instance, kind: LinkKind): void {
  if (kind === 'pc') ri.link.pc = false;
  else {
    ri.link.cc = false;
    ri.link.pendingCommands = 0;
    ri.link.generation++;
  }
  ri.link.disconnected = true;
}

/** instanceLinkCloseConnection() */
export function closeLink(e: Engine, ri: Instance, kind: LinkKind): void {
  if (kind === 'cc' ? !ri.link.cc : !ri.link.pc) return;
  e.io.close(ri, kind);
  linkClosed(ri, kind);
}

/** Send a command on the command link, counting it as pending until its reply (or the link's end) arrives. */
export function sendCommand(
  e: Engine,
  ri: Instance,
  args: string[],
  onReply?: (reply: Exclude<ReplyOrClosed, typeof LINK_CLOSED>) => void,
): boolean {
  if (!ri.link.cc) return false;
  const generation = ri.link.generation;
  const queued = e.io.send(ri, [mapCommand(ri, args[0]!), ...args.slice(1)], (reply) => {
    if (reply === LINK_CLOSED || ri.link.generation !== generation) return;
    ri.link.pendingCommands--;
    onReply?.(reply);
  });
  if (queued) ri.link.pendingCommands++;
  return queued;
}

/** sentinelSendPing() */
export function sendPing(e: Engine, ri: Instance): boolean {
  const sentAt = e.io.now();
  const ok = sendCommand(e, ri, ['PING'], (reply) => pingReplied(e, ri, reply, sentAt));
  if (!ok) return false;
  ri.link.lastPingTime = sentAt;
  // Keep the time of the first unanswered ping: that is how long we have been waiting.
  if (ri.link.actPingTime === 0) ri.link.actPingTime = ri.link.lastPingTime;
  return true;
}

/** sentinelPingReplyCallback() */
function pingReplied(e: Engine, ri: Instance, reply: unknown, sentAt: number): void {
  const now = e.io.now();
  noteRoundTrip(ri.link.rtt, now - sentAt);
  const text = typeof reply === 'string' ? reply : reply instanceof RespError ? reply.message : null;
  if (text !== null) {
    if (text.startsWith('PONG') || text.startsWith('LOADING') || text.startsWith('MASTERDOWN')) {
      ri.link.lastAvailTime = now;
      ri.link.actPingTime = 0;
      if (ri.has(SRI_MASTER_REBOOT) && text.startsWith('PONG')) ri.flags &= ~SRI_MASTER_REBOOT;
    } else if (text.startsWith('BUSY') && ri.has(SRI_S_DOWN) && !ri.has(SRI_SCRIPT_KILL_SENT)) {
      // A busy script makes the instance look down: ask it to stop once.
      sendCommand(e, ri, ['SCRIPT', 'KILL']);
      ri.flags |= SRI_SCRIPT_KILL_SENT;
    }
  }
  ri.link.lastPongTime = now;
}

/** sentinelSendPeriodicCommands() */
export function sendPeriodicCommands(e: Engine, ri: Instance): void {
  const now = e.io.now();
  const t = e.state.timing;
  if (ri.link.disconnected) return;
  if (ri.link.pendingCommands >= SENTINEL_MAX_PENDING_COMMANDS) return;
  // Replicas of a master that is down or failing over, or that lost their master, are watched closely.
  const watched = ri.has(SRI_SLAVE) && (ri.master!.has(SRI_O_DOWN | SRI_FAILOVER_IN_PROGRESS) || ri.masterLinkDownTime !== 0);
  const periods = periodsFor(e, ri);
  const infoPeriod = watched ? periods.failoverInfo : t.infoPeriod;
  const pingPeriod = Math.min(ri.downAfterPeriod, periods.ping);
  if (!ri.has(SRI_SENTINEL) && (ri.infoRefresh === 0 || now - ri.infoRefresh > infoPeriod)) requestInfo(e, ri);
  if (now - ri.link.lastPongTime > pingPeriod && now - ri.link.lastPingTime > pingPeriod / 2) sendPing(e, ri);
  // Lab fault delay-hello (not in sentinel.c) stretches the hello period.
  if (now - ri.lastPubTime > (e.state.labFaults.helloPeriod(now) ?? t.publishPeriod)) sendHello(e, ri);
}

/** INFO with sentinelInfoReplyCallback(). Also used to look at a promoted replica at once (engine speed-up). */
export function requestInfo(e: Engine, ri: Instance): boolean {
  return sendCommand(e, ri, ['INFO'], (reply) => {
    if (typeof reply === 'string') refreshInstanceInfo(e, ri, reply);
  });
}

/** sentinelSendHello(): announce ourselves and our view of the master on the instance's hello channel. */
export function sendHello(e: Engine, ri: Instance): boolean {
  if (ri.link.disconnected) return false;
  const master = ri.has(SRI_MASTER) ? ri : ri.master!;
  const payload = formatHello(e.state, master, currentMasterAddress(master), announcedIp(e, ri));
  if (payload === null) return false;
  return sendCommand(e, ri, ['PUBLISH', SENTINEL_HELLO_CHANNEL, payload], (reply) => {
    // Only a published hello counts; on error we try again at the next tick.
    if (!(reply instanceof RespError)) ri.lastPubTime = e.io.now();
  });
}

/** The address to announce: announce-ip, else the local address of our link (anetFdToString FD_TO_SOCK_NAME). */
function announcedIp(e: Engine, ri: Instance): string | null {
  return e.state.announceIp ?? e.io.localAddress(ri);
}

/** sentinelForceHelloUpdateForMaster(): make the next tick publish hellos everywhere. */
export function forceHelloUpdate(e: Engine, master: Instance): void {
  const back = e.state.timing.publishPeriod + 1;
  for (const ri of [master, ...master.sentinels.values(), ...master.slaves.values()]) {
    if (ri.lastPubTime >= back) ri.lastPubTime -= back;
  }
}

/**
 * sentinelSendSlaveOf(): one transaction that reconfigures the instance, rewrites its config and disconnects
 * its clients so they ask Sentinel again. `addr` null means SLAVEOF NO ONE, else its announced form (the
 * hostname with announce-hostnames). Replies are ignored: the next INFO tells whether it worked.
 */
export function sendSlaveOf(e: Engine, ri: Instance, addr: Addr | null): boolean {
  const target = addr ? [announceHost(e.state, addr), String(addr.port)] : ['NO', 'ONE'];
  const commands = [
    ['MULTI'],
    ['SLAVEOF', ...target],
    ['CONFIG', 'REWRITE'],
    ['CLIENT', 'KILL', 'TYPE', 'normal'],
    ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
    ['EXEC'],
  ];
  for (const command of commands) if (!sendCommand(e, ri, command)) return false;
  return true;
}
