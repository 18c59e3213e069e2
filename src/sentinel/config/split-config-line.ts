// Tokenising and quoting sentinel.conf text the way Redis does.
//
// - Lines: loadServerConfigFromString() and rewriteConfigReadOldFile() (config.c) split the file on
//   "\n" only (sdssplitlen) and trim " \t\r\n" from both ends of every line (sdstrim), so CRLF files
//   and indented lines work, and a final "\n" yields one last empty line.
// - Arguments: sdssplitargs() (sds.c). The byte-level rules live in ../resp/split-args.ts, which the
//   inline protocol shares; here the line is handled as UTF-8 bytes so "\xHH" escapes produce bytes,
//   and each argument is decoded back from UTF-8 (latin1 when the bytes are not valid UTF-8).
// - Quoting: sdscatrepr() (sds.c), which Redis uses when it writes string options (dir, logfile,
//   requirepass, pidfile, sentinel announce-ip): always double quotes, \\ \" \n \r \t \a \b escaped,
//   bytes outside isprint() written as \xHH.

import { splitArgs } from '../resp/split-args.js';

const LINE_TRIM = new Set([' ', '\t', '\r', '\n']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The lines of a config file, split on "\n" and trimmed like sdstrim(line, " \t\r\n"). */
export function splitConfigText(text: string): string[] {
  return text.split('\n').map(trimConfigLine);
}

/** sdstrim(line, " \t\r\n"). */
export function trimConfigLine(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && LINE_TRIM.has(line[start]!)) start++;
  while (end > start && LINE_TRIM.has(line[end - 1]!)) end--;
  return line.slice(start, end);
}

/** The arguments of one config line as sdssplitargs() reads them, or null for unbalanced quotes. */
export function splitConfigLine(line: string): string[] | null {
  const args = splitArgs(Buffer.from(line, 'utf8'));
  return args === null ? null : args.map(decodeArg);
}

function decodeArg(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** sdscatrepr(): the value in double quotes with C-style escapes, as Redis writes string options. */
export function reprConfigString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    switch (byte) {
      case 0x5c: // backslash
      case 0x22: // double quote
        out += `\\${String.fromCharCode(byte)}`;
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        // isprint() in the C locale: 0x20..0x7e.
        out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}
