// A reply as the client side reads it. Errors are values, not exceptions: a "-ERR" reply
// is a normal answer to a command (hiredis gives REDIS_REPLY_ERROR the same way), while
// exceptions are kept for broken connections and broken protocol.

export class RespError {
  constructor(readonly message: string) {}

  toString(): string {
    return this.message;
  }
}

/**
 * string: simple, bulk and verbatim strings (and RESP3 big numbers, kept as their digits);
 * number: integers, doubles, RESP3 booleans (1 / 0); null: nil of any kind;
 * array: arrays, sets, pushes, and maps flattened to key, value, key, value...
 */
export type RespValue = string | number | null | RespError | RespValue[];
