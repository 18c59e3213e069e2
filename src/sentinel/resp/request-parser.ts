// Server side: turns the bytes a client sends into argument vectors, following
// processInputBuffer, processInlineBuffer and processMultibulkBuffer in Redis 7.0
// networking.c step by step, so that limits, error strings and the odd corners (an embedded
// NUL stalls a header, the two bytes after a bulk are skipped unchecked) match Redis.

import { ByteQueue } from './byte-queue.js';
import { ProtocolError } from './protocol-error.js';
import { splitArgs } from './split-args.js';
import { stringToLongLong } from './string-to-ll.js';

export { ProtocolError } from './protocol-error.js';

/** PROTO_INLINE_MAX_SIZE (server.h): longest inline line or header line kept waiting. */
export const PROTO_INLINE_MAX_SIZE = 1024 * 64;
/** Redis 7.0 rejects a multibulk count above INT_MAX (6.x used 1024*1024). */
export const MAX_MULTIBULK_LENGTH = 2147483647;
/** Default proto-max-bulk-len. */
export const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;

export interface RequestParserOptions {
  /** Largest accepted *<count>; default MAX_MULTIBULK_LENGTH (INT_MAX, as Redis 7.0). */
  maxMultibulkLength?: number;
  /** Largest accepted $<len> (proto-max-bulk-len); default 512 MiB. */
  maxBulkLength?: number;
  /**
   * authRequired(c) of networking.c: while it answers true, *<count> above 10 and
   * $<len> above 16384 are refused. Asked while parsing, so the server should run each
   * command before asking next() for the following one (as Redis does).
   */
  authRequired?: () => boolean;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const STAR = 0x2a;
const DOLLAR = 0x24;

const enum RequestType {
  Unknown,
  Inline,
  Multibulk,
}

// 'more' = wait for data; 'done' = argv is complete (maybe empty, then it is skipped).
type Step = 'more' | 'done';

export class RequestParser {
  private readonly queue = new ByteQueue();
  private readonly maxMultibulkLength: number;
  private readonly maxBulkLength: number;
  private readonly authRequired: () => boolean;
  private error: ProtocolError | undefined;
  private reqType = RequestType.Unknown;
  private multibulkLength = 0; // arguments still to read (c->multibulklen)
  private bulkLength = -1; // length of the argument being read, -1 = header not read yet
  private argv: string[] = [];
  // Bytes [0, scanned) of the queue hold no byte the current header search looks for;
  // kept so that a line arriving a byte at a time is not rescanned from the start.
  private scanned = 0;

  constructor(options: RequestParserOptions = {}) {
    this.maxMultibulkLength = options.maxMultibulkLength ?? MAX_MULTIBULK_LENGTH;
    this.maxBulkLength = options.maxBulkLength ?? PROTO_MAX_BULK_LEN;
    this.authRequired = options.authRequired ?? (() => false);
  }

  /**
   * Appends received bytes; ignored once a protocol error was found. Drain next() after
   * every push: the size limits are checked there, as Redis checks them after every read.
   */
  push(chunk: Buffer): void {
    if (this.error === undefined) this.queue.push(chunk);
  }

  /** Bytes received and not yet consumed by a complete or partial command. */
  get buffered(): number {
    return this.queue.length;
  }

  /**
   * The next command, undefined when more data is needed, or the protocol error (then the
   * same error on every later call: Redis stops reading a client flagged
   * CLIENT_CLOSE_AFTER_REPLY).
   */
  next(): string[] | ProtocolError | undefined {
    // processInputBuffer: loop while there is unread input.
    while (this.error === undefined && this.queue.length > 0) {
      if (this.reqType === RequestType.Unknown) {
        this.reqType = this.queue.byteAt(0) === STAR ? RequestType.Multibulk : RequestType.Inline;
      }
      const step = this.reqType === RequestType.Inline ? this.processInline() : this.processMultibulk();
      if (step === 'more') break;
      const argv = this.argv;
      this.resetCommand();
      // "Multibulk processing could see a <= 0 length", and empty inline lines give no
      // arguments: both are dropped by resetClient without running anything.
      if (argv.length > 0) return argv;
    }
    return this.error;
  }

  private resetCommand(): void {
    this.reqType = RequestType.Unknown;
    this.multibulkLength = 0;
    this.bulkLength = -1;
    this.argv = [];
  }

  private fail(message: string): Step {
    this.error = new ProtocolError(message);
    this.queue.clear();
    return 'more';
  }

  // strchr(c->querybuf + c->qb_pos, target): index of target, or -1 when it is absent or
  // an embedded NUL comes first (strchr stops there, so Redis keeps waiting).
  private findInHeader(target: number): number {
    const hit = this.queue.scan(target, this.scanned, true);
    if (hit === -1) {
      this.scanned = this.queue.length;
      return -1;
    }
    this.scanned = hit; // a NUL hit stays where it is: every later search stops there too
    return this.queue.byteAt(hit) === target ? hit : -1;
  }

  private consume(n: number): Buffer {
    this.scanned = 0;
    return this.queue.take(n);
  }

  private processInline(): Step {
    let newline = this.findInHeader(NEWLINE);
    if (newline === -1) {
      if (this.queue.length > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big inline request');
      return 'more';
    }
    let linefeedChars = 1;
    if (newline > 0 && this.queue.byteAt(newline - 1) === CR) {
      newline--;
      linefeedChars++;
    }
    const line = this.consume(newline);
    this.consume(linefeedChars);
    const args = splitArgs(line);
    if (args === null) return this.fail('Protocol error: unbalanced quotes in request');
    this.argv = args.map((arg) => arg.toString('utf8'));
    return 'done';
  }

  // Reads a "<type><number>\r" header line the way processMultibulkBuffer does: the line
  // ends at the first \r, which must not be the last buffered byte; the byte after it is
  // skipped without checking that it is \n.
  // Returns the index of that \r, or -1 to wait (or after failing with tooBig).
  private headerEnd(tooBig: string): number {
    const cr = this.findInHeader(CR);
    if (cr === -1) {
      if (this.queue.length > PROTO_INLINE_MAX_SIZE) this.fail(tooBig);
      return -1;
    }
    return cr > this.queue.length - 2 ? -1 : cr;
  }

  private processMultibulk(): Step {
    if (this.multibulkLength === 0) {
      const cr = this.headerEnd('Protocol error: too big mbulk count string');
      if (cr === -1) return 'more';
      const line = this.consume(cr + 2);
      const count = stringToLongLong(line, 1, cr);
      if (count === undefined || count > this.maxMultibulkLength) {
        return this.fail('Protocol error: invalid multibulk length');
      }
      if (count > 10 && this.authRequired()) {
        return this.fail('Protocol error: unauthenticated multibulk length');
      }
      if (count <= 0) return 'done';
      this.multibulkLength = count;
    }

    while (this.multibulkLength > 0) {
      if (this.bulkLength === -1) {
        const cr = this.headerEnd('Protocol error: too big bulk count string');
        if (cr === -1) return 'more';
        const first = this.queue.byteAt(0);
        if (first !== DOLLAR) {
          // addReplyErrorFormat maps \r and \n to spaces so the reply stays one line.
          const shown = first === CR || first === NEWLINE ? ' ' : String.fromCharCode(first);
          return this.fail(`Protocol error: expected '$', got '${shown}'`);
        }
        const line = this.consume(cr + 2);
        const length = stringToLongLong(line, 1, cr);
        if (length === undefined || length < 0 || length > this.maxBulkLength) {
          return this.fail('Protocol error: invalid bulk length');
        }
        if (length > 16384 && this.authRequired()) {
          return this.fail('Protocol error: unauthenticated bulk length');
        }
        this.bulkLength = length;
      }
      // The argument plus the two bytes after it, which Redis skips without looking.
      if (this.queue.length < this.bulkLength + 2) return 'more';
      const bytes = this.consume(this.bulkLength);
      this.consume(2);
      let arg: string;
      try {
        arg = bytes.toString('utf8');
      } catch {
        // Only V8's string length limit (about 2^29 characters) can get here.
        return this.fail('Protocol error: invalid bulk length');
      }
      this.argv.push(arg);
      this.bulkLength = -1;
      this.multibulkLength--;
    }
    return 'done';
  }
}
