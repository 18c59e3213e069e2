// Numeric host addresses as createSentinelAddr() (sentinel.c) sees them when resolve-hostnames is
// off: anetResolve(..., ANET_IP_ONLY) calls getaddrinfo() with AI_NUMERICHOST, so only address
// literals pass, and the instance is stored under the address inet_ntop() prints back. glibc reads
// IPv4 with inet_aton() rules ("127.1" is 127.0.0.1, "010.0.0.1" is octal), and prints IPv6 in its
// compressed form ("::0001" becomes "::1", "::ffff:7f00:1" becomes "::ffff:127.0.0.1").

import { isIPv6 } from 'node:net';

/** The canonical text of an IPv4/IPv6 literal, or undefined when `host` is not one (a hostname). */
export function normalizeNumericHost(host: string): string | undefined {
  const v4 = parseInetAton(host);
  if (v4 !== undefined) return formatIPv4(v4);
  // getaddrinfo() accepts a "%zone" suffix on IPv6 literals; inet_ntop() does not print it.
  const address = host.includes('%') ? host.slice(0, host.indexOf('%')) : host;
  if (!isIPv6(address)) return undefined;
  const words = parseIPv6(address);
  return words && formatIPv6(words);
}

/** inet_aton() (exact variant): 1 to 4 parts in C notation, the last one filling the remaining bytes. */
function parseInetAton(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    const value = parseCUnsigned(part);
    if (value === undefined) return undefined;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 0xff)) return undefined;
  const lastBits = 8 * (4 - values.length);
  if (last >= 2 ** lastBits) return undefined;
  let address = 0;
  values.forEach((v, i) => (address += v * 2 ** (24 - 8 * i)));
  return address + last;
}

/** strtoul(part, &end, 0) that must consume the whole part and start with a digit. */
function parseCUnsigned(part: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]*$/.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return Number(part);
  return undefined;
}

function formatIPv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** Eight 16-bit words of an address that node:net already validated as IPv6. */
function parseIPv6(text: string): number[] | undefined {
  let head = text;
  let tail = '';
  const gap = text.indexOf('::');
  if (gap >= 0) {
    head = text.slice(0, gap);
    tail = text.slice(gap + 2);
  }
  const toWords = (chunk: string): number[] => {
    if (chunk === '') return [];
    const words: number[] = [];
    for (const piece of chunk.split(':')) {
      if (piece.includes('.')) {
        const bytes = piece.split('.').map(Number);
        words.push(bytes[0]! * 256 + bytes[1]!, bytes[2]! * 256 + bytes[3]!);
      } else {
        words.push(parseInt(piece, 16));
      }
    }
    return words;
  };
  const before = toWords(head);
  const after = toWords(tail);
  if (gap < 0) return before.length === 8 ? before : undefined;
  const zeros = 8 - before.length - after.length;
  return zeros < 0 ? undefined : [...before, ...new Array<number>(zeros).fill(0), ...after];
}

/** inet_ntop(AF_INET6): the longest (first) run of two or more zero words becomes "::". */
function formatIPv6(words: number[]): string {
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;

  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses end in dotted form.
    const embedsIPv4 =
      i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 7 && words[7] !== 1) || (bestLen === 5 && words[5] === 0xffff));
    if (embedsIPv4) {
      out += formatIPv4(words[6]! * 0x10000 + words[7]!);
      return out;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}
