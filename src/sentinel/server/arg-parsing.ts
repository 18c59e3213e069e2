// Argument conversions with the rules of Redis's object.c / util.c helpers, and the shared error texts
// that go with them (shared.syntaxerr, getLongLongFromObjectOrReply's default message).

import { stringToLongLong } from '../resp/string-to-ll.js';

/** shared.syntaxerr */
export const SYNTAX_ERROR = 'ERR syntax error';
/** The default message of getLongLongFromObjectOrReply() / getLongFromObjectOrReply(). */
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';

/** getLongLongFromObject(): string2ll() on the whole argument; undefined when it is not a valid integer. */
export function parseLongLong(text: string): number | undefined {
  const bytes = Buffer.from(text, 'utf8');
  return stringToLongLong(bytes, 0, bytes.length);
}

/** yesnotoi(): 1 for "yes", 0 for "no" (any case), -1 otherwise. */
export function yesNo(text: string): 1 | 0 | -1 {
  const lower = text.toLowerCase();
  if (lower === 'yes') return 1;
  if (lower === 'no') return 0;
  return -1;
}

/** The first `max` bytes of a UTF-8 string, as printf's "%.<max>s" takes them. */
export function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= max ? text : bytes.subarray(0, max).toString('utf8');
}

/** addReplySubcommandSyntaxError() */
export function subcommandSyntaxError(argv: readonly string[]): string {
  return `ERR unknown subcommand or wrong number of arguments for '${truncateBytes(argv[1] ?? '', 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`;
}

/** addReplyErrorArity() */
export function arityError(fullname: string): string {
  return `ERR wrong number of arguments for '${fullname}' command`;
}

/** Case-insensitive equality, as strcasecmp() == 0. */
export function is(text: string | undefined, word: string): boolean {
  return text !== undefined && text.toLowerCase() === word;
}
