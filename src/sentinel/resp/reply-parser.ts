// Client side: reads RESP2 and RESP3 replies from a Redis server or another Sentinel.
// Incremental (no re-parsing when a reply arrives in pieces): aggregates under
// construction are kept on an explicit stack, so nesting depth is not limited by the JS
// call stack. Type bytes as in the RESP3 spec and hiredis' read.c; RESP3 attributes ('|')
// are read and dropped, streamed ("$?") aggregates are not supported.

import { ByteQueue } from './byte-queue.js';
import { RespError, type RespValue } from './resp-value.js';

export { RespError, type RespValue } from './resp-value.js';

/** Malformed data from the server: the link can not be trusted any more. */
export class ReplyProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyProtocolError';
  }
}

/** Longest type line (status, error, number...) accepted before giving up. */
const MAX_LINE = 1024 * 1024;
/** Largest bulk accepted: Redis' own proto-max-bulk-len default. */
const MAX_BULK = 512 * 1024 * 1024;

const CR = 0x0d;
const LF = 0x0a;

interface Frame {
  items: RespValue[];
  expected: number;
  attribute: boolean; // a '|' map whose contents are dropped
}

export class ReplyParser {
  private readonly queue = new ByteQueue();
  private readonly stack: Frame[] = [];
  private bulk: { type: number; length: number } | undefined; // header read, payload awaited
  private failure: ReplyProtocolError | undefined;
  private scanned = 0; // bytes at the front already known to hold no '\n'

  push(chunk: Buffer): void {
    if (this.failure === undefined) this.queue.push(chunk);
  }

  /** The next complete reply, undefined if more data is needed; throws ReplyProtocolError. */
  next(): RespValue | undefined {
    if (this.failure !== undefined) throw this.failure;
    for (;;) {
      let value: RespValue | undefined;
      if (this.bulk !== undefined) {
        value = this.readBulkPayload(this.bulk.type, this.bulk.length);
      } else {
        const line = this.readLine();
        if (line === undefined) return undefined;
        value = this.startValue(line);
      }
      if (value === undefined) {
        if (this.bulk !== undefined && this.queue.length < this.bulk.length + 2) return undefined;
        continue; // an aggregate was opened, or a bulk header read
      }
      const done = this.complete(value);
      if (done.top) return done.value;
    }
  }

  private fail(message: string): never {
    this.failure = new ReplyProtocolError(message);
    this.queue.clear();
    throw this.failure;
  }

  // One "\r\n"-terminated line without its terminator, or undefined if not all here yet.
  private readLine(): Buffer | undefined {
    const lf = this.queue.scan(LF, this.scanned, false);
    if (lf === -1) {
      this.scanned = this.queue.length;
      if (this.queue.length > MAX_LINE) this.fail('Protocol error: reply line too long');
      return undefined;
    }
    if (lf === 0 || this.queue.byteAt(lf - 1) !== CR) this.fail('Protocol error: line not ended by CRLF');
    this.scanned = 0;
    const line = this.queue.take(lf - 1);
    this.queue.discard(2);
    return line;
  }

  // A value for a scalar line; undefined when an aggregate was pushed or a bulk announced.
  private startValue(line: Buffer): RespValue | undefined {
    if (line.length === 0) this.fail('Protocol error: empty reply line');
    const type = line[0]!;
    const text = line.toString('utf8', 1);
    switch (String.fromCharCode(type)) {
      case '+':
        return text;
      case '-':
        return new RespError(text);
      case ':':
        return this.integer(text);
      case '(':
        if (!/^-?\d+$/.test(text)) this.fail(`Protocol error: bad big number '${text}'`);
        return text;
      case ',':
        return this.double(text);
      case '#':
        if (text === 't') return 1;
        if (text === 'f') return 0;
        return this.fail(`Protocol error: bad boolean '${text}'`);
      case '_':
        if (text !== '') this.fail('Protocol error: bad null');
        return null;
      case '$':
      case '=':
      case '!': {
        const length = this.integer(text);
        if (length === -1 && type === 0x24) return null; // RESP2 null bulk
        if (length < 0 || length > MAX_BULK) this.fail(`Protocol error: bad bulk length ${text}`);
        this.bulk = { type, length };
        return undefined;
      }
      case '*':
      case '~':
      case '>':
      case '%':
      case '|': {
        const count = this.integer(text);
        if (count === -1 && type === 0x2a) return null; // RESP2 null array
        if (count < 0) this.fail(`Protocol error: bad aggregate length ${text}`);
        const pairs = type === 0x25 || type === 0x7c;
        const expected = pairs ? count * 2 : count;
        if (!Number.isSafeInteger(expected)) this.fail(`Protocol error: bad aggregate length ${text}`);
        if (expected === 0) return type === 0x7c ? undefined : []; // an empty attribute: nothing to drop
        this.stack.push({ items: [], expected, attribute: type === 0x7c });
        return undefined;
      }
      default:
        return this.fail(`Protocol error, got ${JSON.stringify(String.fromCharCode(type))} as reply type byte`);
    }
  }

  private integer(text: string): number {
    if (!/^[-+]?\d+$/.test(text)) this.fail(`Protocol error: bad integer '${text}'`);
    return Number(text);
  }

  private double(text: string): number {
    const lower = text.toLowerCase();
    if (lower === 'inf' || lower === '+inf') return Infinity;
    if (lower === '-inf') return -Infinity;
    if (lower === 'nan' || lower === '-nan') return NaN;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) this.fail(`Protocol error: bad double '${text}'`);
    return Number(text);
  }

  private readBulkPayload(type: number, length: number): RespValue | undefined {
    if (this.queue.length < length + 2) return undefined;
    const payload = this.queue.take(length);
    if (this.queue.byteAt(0) !== CR || this.queue.byteAt(1) !== LF) {
      this.fail('Protocol error: bulk string not ended by CRLF');
    }
    this.queue.discard(2);
    this.bulk = undefined;
    this.scanned = 0;
    const text = payload.toString('utf8');
    if (type === 0x21) return new RespError(text); // '!' blob error
    if (type === 0x3d) return length >= 4 && text[3] === ':' ? text.slice(4) : text; // '=' verbatim, drop "txt:"
    return text;
  }

  // Hands a finished value to the aggregate being built; closes every aggregate it fills.
  private complete(value: RespValue): { top: true; value: RespValue } | { top: false } {
    let current: RespValue = value;
    for (;;) {
      const frame = this.stack[this.stack.length - 1];
      if (frame === undefined) return { top: true, value: current };
      frame.items.push(current);
      if (frame.items.length < frame.expected) return { top: false };
      this.stack.pop();
      // A finished attribute is dropped: the value it describes follows it.
      if (frame.attribute) return { top: false };
      current = frame.items;
    }
  }
}
