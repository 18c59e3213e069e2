// Strict decimal parsing with the rules of string2ll() in util.c: no sign other than a
// leading '-', no leading zeros, no spaces, no "-0", at most 20 characters, and the value
// must fit a signed 64-bit integer. Redis uses it for the *<count> and $<len> headers, so
// "*+1", "*01" and "$ 3" are protocol errors exactly as they are in Redis.

const LONG_STR_SIZE = 21; // util.h
const LLONG_MAX = 9223372036854775807n;

/**
 * The value of bytes [start, end) of buf, or undefined when string2ll() would fail.
 * Values beyond 2^53 come back rounded; callers only compare them with small limits.
 */
export function stringToLongLong(buf: Buffer, start: number, end: number): number | undefined {
  const len = end - start;
  if (len <= 0 || len >= LONG_STR_SIZE) return undefined;
  if (len === 1 && buf[start] === 0x30) return 0;
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) {
    p++;
    if (p === end) return undefined;
  }
  const firstDigit = buf[p]!;
  if (firstDigit < 0x31 || firstDigit > 0x39) return undefined;
  for (let i = p + 1; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const digits = buf.toString('latin1', p, end);
  const magnitude = BigInt(digits);
  if (negative ? magnitude > LLONG_MAX + 1n : magnitude > LLONG_MAX) return undefined;
  return negative ? -Number(magnitude) : Number(magnitude);
}
