// Reply shapes that depend on the client's protocol in ways the Reply union does not model:
// RESP3 sets (addReplySetLen) and the HELP layout of addReplyHelp() (networking.c).

import { encodeReply } from '../resp/encode-reply.js';
import { array, raw, status, type Reply } from '../resp/reply.js';

/** addReplySetLen(): a '~' aggregate for RESP3 clients, a plain array for RESP2 ones. */
export function setReply(items: Reply[], proto: 2 | 3): Reply {
  if (proto === 2) return array(items);
  const parts = [Buffer.from(`~${items.length}\r\n`), ...items.map((item) => encodeReply(item, 3))];
  return raw(Buffer.concat(parts));
}

/**
 * addReplyHelp(): a header naming the command as the client typed it (upper-cased), the given lines,
 * and a closing entry for HELP itself; every line is a status reply.
 */
export function helpReply(command: string, lines: readonly string[]): Reply {
  return array([
    status(`${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`),
    ...lines.map((line) => status(line)),
    status('HELP'),
    status('    Prints this help.'),
  ]);
}
