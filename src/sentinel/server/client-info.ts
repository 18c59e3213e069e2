// catClientInfoString() of networking.c: the one-line description of a client that CLIENT LIST, CLIENT INFO
// and the ACL log show. Fields that describe Redis memory internals (qbuf-free, rbs, rbp, tot-mem) have no
// exact counterpart here and carry the nearest meaningful figure.

import type { CompatProfile } from '../compat/compat-profile.js';
import type { ClientConnection } from './client-connection.js';

/** Redis's default reply buffer size (PROTO_REPLY_CHUNK_BYTES), shown as rbs/rbp. */
const REPLY_BUFFER_SIZE = 16 * 1024;

/** The flag letters of catClientInfoString(), in its order; "N" when none applies. */
function flagLetters(c: ClientConnection): string {
  let flags = '';
  if (c.isPubSub) flags += 'P';
  if (c.tracking) flags += 't';
  if (c.tracking?.bcast) flags += 'B';
  if (c.closeAfterReply) flags += 'c';
  if (c.noEvict) flags += 'e';
  return flags || 'N';
}

/** Redis 7.2 added lib-name and lib-ver; Valkey 8.0 added watch, tot-net-in, tot-net-out and tot-cmds. */
export function clientInfoString(c: ClientConnection, compat: CompatProfile, now = Date.now()): string {
  const qbuf = c.queryBufferLength;
  // Unsent replies: the first 16 KiB count as Redis's static buffer (obl), the rest as its reply list.
  const pending = c.outputBufferLength;
  const obl = Math.min(pending, REPLY_BUFFER_SIZE);
  const omem = pending - obl;
  const fields: Array<[string, string | number]> = [
    ['id', c.id],
    ['addr', c.addr],
    ['laddr', c.laddr],
    ['fd', c.fd],
    ['name', c.name ?? ''],
    ['age', Math.floor((now - c.createdAt) / 1000)],
    ['idle', Math.floor((now - c.lastInteraction) / 1000)],
    ['flags', flagLetters(c)],
    ['db', 0],
    ['sub', c.channels.size],
    ['psub', c.patterns.size],
    ['ssub', 0],
    ['multi', -1],
    ...(compat.valkeyInfo ? [['watch', 0] as [string, number]] : []),
    ['qbuf', qbuf],
    ['qbuf-free', 0],
    ['argv-mem', 0],
    ['multi-mem', 0],
    ['rbs', REPLY_BUFFER_SIZE],
    ['rbp', REPLY_BUFFER_SIZE],
    ['obl', obl],
    ['oll', omem > 0 ? 1 : 0],
    ['omem', omem],
    ['tot-mem', REPLY_BUFFER_SIZE + qbuf + omem],
    ['events', omem > 0 ? 'rw' : 'r'],
    ['cmd', c.lastCommand],
    ['user', c.user.name],
    ['redir', c.tracking ? c.tracking.redirect : -1],
    ['resp', c.proto],
  ];
  if (compat.clientSetInfo) fields.push(['lib-name', c.libName ?? ''], ['lib-ver', c.libVer ?? '']);
  if (compat.valkeyInfo) fields.push(['tot-net-in', c.netInputBytes], ['tot-net-out', c.netOutputBytes], ['tot-cmds', c.commandsProcessed]);
  return fields.map(([k, v]) => `${k}=${v}`).join(' ');
}

/** getClientType(): the TYPE of CLIENT LIST / CLIENT KILL. This server has no replica or master links. */
export function clientType(c: ClientConnection): 'normal' | 'pubsub' {
  return c.isPubSub ? 'pubsub' : 'normal';
}

/** getClientTypeByName(): null for an unknown name. */
export function clientTypeByName(name: string): 'normal' | 'slave' | 'pubsub' | 'master' | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'slave';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}
