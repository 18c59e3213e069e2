// The C number parsers Redis applies to config values, reproduced so that odd input is read the
// same way. sentinelHandleConfiguration() (sentinel.c) uses the lenient atoi()/strtoull(): "abc"
// reads as 0 and "12abc" as 12, which is why "sentinel monitor m 10.0.0.1 abc 2" is accepted with
// port 0. Standard options (port, ...) use the strict string2ll() and string2d() from util.c.

import { stringToLongLong } from '../resp/string-to-ll.js';

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const ULLONG_MAX = (1n << 64n) - 1n;

// isspace() in the C locale.
function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** Leading blanks, an optional sign, then the longest run of decimal digits, as strtol() scans. */
function scanDecimal(text: string): { negative: boolean; digits: string } {
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  return { negative, digits: text.slice(start, i) };
}

/** atoi(): (int)strtol(s, NULL, 10) on an LP64 glibc system: saturate to long, then keep 32 bits. */
export function cAtoi(text: string): number {
  const { negative, digits } = scanDecimal(text);
  if (digits === '') return 0;
  let value = BigInt(digits);
  if (negative) value = -value;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return Number(BigInt.asIntN(32, value));
}

/** strtoull(s, NULL, 10): saturates at ULLONG_MAX, and a '-' sign negates modulo 2^64. */
export function cStrtoull(text: string): number {
  const { negative, digits } = scanDecimal(text);
  if (digits === '') return 0;
  const magnitude = BigInt(digits);
  if (magnitude > ULLONG_MAX) return Number(ULLONG_MAX);
  return Number(negative ? BigInt.asUintN(64, -magnitude) : magnitude);
}

/** string2ll(): strict decimal, no '+', no leading zeros or blanks, within a signed 64-bit integer. */
export function strictLongLong(text: string): number | undefined {
  const bytes = Buffer.from(text, 'utf8');
  return stringToLongLong(bytes, 0, bytes.length);
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/**
 * string2d(): the whole text must be a strtod() number with no leading blank and no NaN.
 * (Hexadecimal floats, which strtod also takes, are not recognised here.)
 */
export function strictDouble(text: string): number | undefined {
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (!DECIMAL_FLOAT.test(text)) return undefined;
  const value = Number(text);
  // ERANGE on overflow (HUGE_VAL) or on underflow to zero of a non-zero literal.
  if (!Number.isFinite(value)) return undefined;
  if (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0]!)) return undefined;
  return value;
}

/** yesnotoi(): "yes" / "no" in any case, otherwise undefined. */
export function yesNo(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'yes') return true;
  if (lower === 'no') return false;
  return undefined;
}
