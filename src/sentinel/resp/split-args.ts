// Splits one inline request line into arguments the way sdssplitargs() in sds.c does, so
// that "SENTINEL get-master-addr-by-name mymaster" typed into telnet/nc behaves as with Redis:
//   - blanks between arguments are whatever C isspace() accepts, but an unquoted argument
//     ends only at space, \n, \r, \t or NUL (so \v and \f inside a word are kept);
//   - "double quotes" know \xHH (two hex digits) and \n \r \t \b \a, any other escaped
//     character stands for itself;
//   - 'single quotes' only know \' ;
//   - a quote may open in the middle of a word (foo"bar" is foobar), but a closing quote
//     must be followed by a blank or the end of the line, otherwise the line is rejected;
//   - an unterminated quote rejects the line.

const NUL = 0x00;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

// isspace() in the C locale.
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function escapedByte(c: number): number {
  switch (c) {
    case 0x6e: // n
      return 0x0a;
    case 0x72: // r
      return 0x0d;
    case 0x74: // t
      return 0x09;
    case 0x62: // b
      return 0x08;
    case 0x61: // a
      return 0x07;
    default:
      return c;
  }
}

/**
 * The arguments of `line` as raw bytes, or null for unbalanced quotes or a closing quote
 * followed by something other than a blank. A NUL byte ends the line, as it ends the C string.
 */
export function splitArgs(line: Buffer): Buffer[] | null {
  // Reading past the end yields NUL, the C string terminator sdssplitargs relies on.
  const at = (i: number): number => (i < line.length ? line[i]! : NUL);
  const args: Buffer[] = [];
  let p = 0;
  for (;;) {
    while (at(p) !== NUL && isSpace(at(p))) p++;
    if (at(p) === NUL) return args;

    const current: number[] = [];
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = at(p);
      if (inDouble) {
        if (c === BACKSLASH && at(p + 1) === 0x78 && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
          current.push(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === BACKSLASH && at(p + 1) !== NUL) {
          p++;
          current.push(escapedByte(at(p)));
        } else if (c === DOUBLE_QUOTE) {
          if (at(p + 1) !== NUL && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === NUL) {
          return null; // unterminated quotes
        } else {
          current.push(c);
        }
      } else if (inSingle) {
        if (c === BACKSLASH && at(p + 1) === SINGLE_QUOTE) {
          p++;
          current.push(SINGLE_QUOTE);
        } else if (c === SINGLE_QUOTE) {
          if (at(p + 1) !== NUL && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === NUL) {
          return null; // unterminated quotes
        } else {
          current.push(c);
        }
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === NUL) {
        done = true;
      } else if (c === DOUBLE_QUOTE) {
        inDouble = true;
      } else if (c === SINGLE_QUOTE) {
        inSingle = true;
      } else {
        current.push(c);
      }
      if (at(p) !== NUL) p++;
    }
    args.push(Buffer.from(current));
  }
}
