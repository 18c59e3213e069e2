// Writes a Reply in RESP2 or RESP3, byte for byte as the matching addReply* function of
// networking.c writes it for a client with that c->resp.

import { formatDouble } from './format-double.js';
import type { Reply } from './reply.js';

const CRLF = '\r\n';

export function encodeReply(reply: Reply, proto: 2 | 3): Buffer {
  const parts: Array<string | Buffer> = [];
  write(reply, proto, parts);
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

// \r and \n would end the line early and desync the client; addReplyErrorFormat and
// addReplyErrorSdsSafe map them to spaces. Status lines get the same treatment.
function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

function bulkString(value: string, parts: Array<string | Buffer>): void {
  // addReplyBulk: the length counts bytes, not UTF-16 code units.
  parts.push(`$${Buffer.byteLength(value, 'utf8')}${CRLF}`, value, CRLF);
}

function integerText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`integer reply must be finite, got ${value}`);
  return BigInt(Math.trunc(value)).toString();
}

function write(reply: Reply, proto: 2 | 3, parts: Array<string | Buffer>): void {
  switch (reply.kind) {
    case 'status':
      parts.push(`+${oneLine(reply.value)}${CRLF}`);
      return;
    case 'error': {
      // addReplyErrorLength: the caller's text already carries the code; a leading '-'
      // (the "I give the code myself" marker in Redis) is not doubled.
      const message = reply.message.startsWith('-') ? reply.message.slice(1) : reply.message;
      parts.push(`-${oneLine(message)}${CRLF}`);
      return;
    }
    case 'int':
      parts.push(`:${integerText(reply.value)}${CRLF}`);
      return;
    case 'bulk':
      // addReplyNull
      if (reply.value === null) parts.push(proto === 2 ? `$-1${CRLF}` : `_${CRLF}`);
      else bulkString(reply.value, parts);
      return;
    case 'array':
      // addReplyNullArray
      if (reply.items === null) {
        parts.push(proto === 2 ? `*-1${CRLF}` : `_${CRLF}`);
        return;
      }
      parts.push(`*${reply.items.length}${CRLF}`);
      for (const item of reply.items) write(item, proto, parts);
      return;
    case 'map':
      // addReplyMapLen: RESP2 has no map, so a flat array of key, value, key, value...
      parts.push(proto === 2 ? `*${reply.entries.length * 2}${CRLF}` : `%${reply.entries.length}${CRLF}`);
      for (const [key, value] of reply.entries) {
        write(key, proto, parts);
        write(value, proto, parts);
      }
      return;
    case 'push':
      // addReplyPushLen: RESP2 pub/sub messages are plain arrays.
      parts.push(`${proto === 2 ? '*' : '>'}${reply.items.length}${CRLF}`);
      for (const item of reply.items) write(item, proto, parts);
      return;
    case 'double':
      // addReplyDouble
      if (proto === 2) bulkString(formatDouble(reply.value), parts);
      else parts.push(`,${formatDouble(reply.value)}${CRLF}`);
      return;
    case 'verbatim':
      // addReplyVerbatim with ext "txt": the length includes the 4 bytes of "txt:".
      if (proto === 2) bulkString(reply.value, parts);
      else parts.push(`=${Buffer.byteLength(reply.value, 'utf8') + 4}${CRLF}txt:`, reply.value, CRLF);
      return;
    case 'raw':
      parts.push(reply.bytes);
      return;
  }
}
