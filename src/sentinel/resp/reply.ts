// Replies the engine's server side sends, built as values and encoded per connection by
// encodeReply(), because the same reply is written differently to RESP2 and RESP3 clients
// (the addReply* family in networking.c switches on c->resp the same way).

export type Reply =
  | { kind: 'status'; value: string } // +OK
  | { kind: 'error'; message: string } // -ERR ...; message carries its code ("ERR ...", "NOAUTH ...")
  | { kind: 'int'; value: number }
  | { kind: 'bulk'; value: string | null } // null: RESP2 $-1, RESP3 _
  | { kind: 'array'; items: Reply[] | null } // null: RESP2 *-1, RESP3 _
  | { kind: 'map'; entries: Array<[Reply, Reply]> } // RESP3 %, RESP2 flat array of 2n
  | { kind: 'push'; items: Reply[] } // RESP3 >, RESP2 * (pub/sub messages)
  | { kind: 'double'; value: number } // RESP3 , ; RESP2 bulk string
  | { kind: 'verbatim'; value: string } // RESP3 =txt: ; RESP2 bulk
  | { kind: 'raw'; bytes: Buffer }; // already encoded, written as is

export function status(value: string): Reply {
  return { kind: 'status', value };
}

export function ok(): Reply {
  return { kind: 'status', value: 'OK' };
}

/** message with its error code, e.g. "ERR no such master with that name". */
export function errorReply(message: string): Reply {
  return { kind: 'error', message };
}

export function int(value: number): Reply {
  return { kind: 'int', value };
}

export function bulk(value: string | null): Reply {
  return { kind: 'bulk', value };
}

export function array(items: Reply[] | null): Reply {
  return { kind: 'array', items };
}

export function map(entries: Array<[Reply, Reply]>): Reply {
  return { kind: 'map', entries };
}

export function push(items: Reply[]): Reply {
  return { kind: 'push', items };
}

export function doubleReply(value: number): Reply {
  return { kind: 'double', value };
}

export function verbatim(value: string): Reply {
  return { kind: 'verbatim', value };
}

export function raw(bytes: Buffer): Reply {
  return { kind: 'raw', bytes };
}

/** An array of bulk strings (null items become null bulks). */
export function bulkArray(values: ReadonlyArray<string | null>): Reply {
  return array(values.map((value) => bulk(value)));
}

/**
 * A map whose keys and values are bulk strings (numbers written in decimal): what
 * SENTINEL MASTER / REPLICAS / SENTINELS send, a flat array of bulks to RESP2 clients
 * (addReplyMapLen followed by addReplyBulkCString pairs in sentinel.c).
 */
export function mapFromPairs(pairs: ReadonlyArray<readonly [string, string | number]>): Reply {
  return map(pairs.map(([key, value]) => [bulk(key), bulk(String(value))]));
}
