import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { encodeCommand } from '../../src/sentinel/resp/encode-command.js';
import { encodeReply } from '../../src/sentinel/resp/encode-reply.js';
import { formatDouble } from '../../src/sentinel/resp/format-double.js';
import { ReplyParser, ReplyProtocolError, RespError } from '../../src/sentinel/resp/reply-parser.js';
import type { RespValue } from '../../src/sentinel/resp/reply-parser.js';
import {
  array,
  bulk,
  bulkArray,
  doubleReply,
  errorReply,
  int,
  map,
  mapFromPairs,
  ok,
  push,
  raw,
  status,
  verbatim,
} from '../../src/sentinel/resp/reply.js';
import type { Reply } from '../../src/sentinel/resp/reply.js';
import { ProtocolError, RequestParser } from '../../src/sentinel/resp/request-parser.js';
import type { RequestParserOptions } from '../../src/sentinel/resp/request-parser.js';
import { RespClient } from '../../src/sentinel/resp/resp-client.js';

type Parsed = string[] | ProtocolError;

/** Feeds the chunks one by one, draining next() after each, and stops at the first error. */
function parseChunks(chunks: Buffer[], options?: RequestParserOptions): Parsed[] {
  const parser = new RequestParser(options);
  const out: Parsed[] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    for (;;) {
      const item = parser.next();
      if (item === undefined) break;
      out.push(item);
      if (item instanceof ProtocolError) return out;
    }
  }
  return out;
}

function parse(input: string | Buffer, options?: RequestParserOptions): Parsed[] {
  return parseChunks([typeof input === 'string' ? Buffer.from(input, 'latin1') : input], options);
}

function errorOf(input: string | Buffer, options?: RequestParserOptions): string {
  const out = parse(input, options);
  const last = out[out.length - 1];
  assert.ok(last instanceof ProtocolError, `expected a protocol error, got ${JSON.stringify(out)}`);
  return last.message;
}

function splits(buf: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[...buf].map((b) => Buffer.from([b]))];
  for (let i = 0; i <= buf.length; i++) ways.push([buf.subarray(0, i), buf.subarray(i)]);
  return ways;
}

describe('RequestParser: inline commands (processInlineBuffer, sdssplitargs)', () => {
  test('words, quotes and escapes', () => {
    assert.deepEqual(parse('PING\r\n'), [['PING']]);
    assert.deepEqual(parse('set  k\t"a b"\n'), [['set', 'k', 'a b']]);
    assert.deepEqual(parse('echo "\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\"\\q"\r\n'), [['echo', 'AJ\n\r\t\b\x07\\"q']]);
    assert.deepEqual(parse("echo 'it\\'s' 'a\\nb' \"x'y\"\n"), [['echo', "it's", 'a\\nb', "x'y"]]);
    assert.deepEqual(parse('echo foo"bar" "" \'\'\n'), [['echo', 'foobar', '', '']]);
    assert.deepEqual(parse('echo "\\xzz" "\\x4"\n'), [['echo', 'xzz', 'x4']]);
    assert.deepEqual(parse('a\vb\f c\r\n'), [['a\vb\f', 'c']]); // \v \f end no word, only lead blanks
    assert.deepEqual(parse('echo a\rb\r\n'), [['echo', 'a', 'b']]);
    assert.deepEqual(parse(Buffer.from('echo "\\xc3\\xa9" é\n')), [['echo', 'é', 'é']]);
  });

  test('unbalanced quotes', () => {
    for (const line of ['echo "abc\n', "echo 'abc\n", 'echo "a"b\n', "echo 'a'b\n", 'echo "abc\\"\n', 'echo "a\\\n']) {
      assert.equal(errorOf(line), 'Protocol error: unbalanced quotes in request', line);
    }
  });

  test('empty and blank lines are skipped; a line waits for its newline', () => {
    assert.deepEqual(parse('\r\n\n   \r\n\t\nPING\r\n\n'), [['PING']]);
    assert.deepEqual(parse('PING'), []);
    assert.deepEqual(parse('PING\r'), []);
  });

  test('too big inline request only past PROTO_INLINE_MAX_SIZE bytes without a newline', () => {
    assert.deepEqual(parse('x'.repeat(64 * 1024)), []);
    assert.equal(errorOf('x'.repeat(64 * 1024 + 1)), 'Protocol error: too big inline request');
    const long = `echo ${'y'.repeat(60000)}\n`;
    assert.deepEqual(parse(long), [['echo', 'y'.repeat(60000)]]);
  });

  test('an embedded NUL stops the newline search as strchr does', () => {
    assert.deepEqual(parse('PI\0NG\r\nPING\r\n'), []);
    assert.equal(errorOf(`PI\0NG\r\n${'x'.repeat(65536)}`), 'Protocol error: too big inline request');
  });
});

describe('RequestParser: multibulk (processMultibulkBuffer)', () => {
  test('commands, empty and null counts, UTF-8 lengths in bytes', () => {
    assert.deepEqual(parse('*1\r\n$4\r\nPING\r\n'), [['PING']]);
    assert.deepEqual(parse('*0\r\n*-1\r\n*-7\r\n*2\r\n$0\r\n\r\n$2\r\n\r\n\r\n'), [['', '\r\n']]);
    assert.deepEqual(parse(encodeCommand(['SET', 'clé', 'vàlue', 42])), [['SET', 'clé', 'vàlue', '42']]);
  });

  test('the byte after a header \\r and the two bytes after a bulk are skipped unchecked', () => {
    assert.deepEqual(parse('*1\rX$4\rXPINGxy*1\r\n$4\r\nPING\r\n'), [['PING'], ['PING']]);
  });

  test('a header waits while its \\r is the last byte or missing', () => {
    assert.deepEqual(parse('*1'), []);
    assert.deepEqual(parse('*1\r'), []);
    assert.deepEqual(parse('*1\r\n$4\r'), []);
    assert.deepEqual(parse('*1\r\n$4\r\nPING'), []);
    assert.deepEqual(parse('*1\r\n$4\r\nPING\r'), []);
  });

  test('error strings', () => {
    assert.equal(errorOf('*1\r\n+PING\r\n'), "Protocol error: expected '$', got '+'");
    assert.equal(errorOf('*1\r\n\r\n'), "Protocol error: expected '$', got ' '");
    for (const count of ['', 'x', '+1', '01', '-0', ' 1', '1 ', '2147483648', '99999999999999999999']) {
      assert.equal(errorOf(`*${count}\r\n`), 'Protocol error: invalid multibulk length', count);
    }
    for (const len of ['', '-1', '+3', '03', '3x', '536870913', '9223372036854775808']) {
      assert.equal(errorOf(`*1\r\n$${len}\r\n`), 'Protocol error: invalid bulk length', len);
    }
    assert.equal(errorOf(`*${'1'.repeat(65536)}`), 'Protocol error: too big mbulk count string');
    assert.equal(errorOf(`*1\r\n$${'1'.repeat(65536)}`), 'Protocol error: too big bulk count string');
  });

  test('limits: INT_MAX arguments and proto-max-bulk-len, both configurable', () => {
    assert.deepEqual(parse('*2147483647\r\n'), []);
    assert.deepEqual(parse('*1\r\n$536870912\r\n'), []);
    assert.deepEqual(parse('*-9223372036854775808\r\n*1\r\n$1\r\nx\r\n'), [['x']]);
    const small = { maxMultibulkLength: 1024 * 1024, maxBulkLength: 10 };
    assert.deepEqual(parse('*1048576\r\n', small), []);
    assert.equal(errorOf('*1048577\r\n', small), 'Protocol error: invalid multibulk length');
    assert.equal(errorOf('*1\r\n$11\r\n', small), 'Protocol error: invalid bulk length');
  });

  test('unauthenticated limits while authRequired() says so', () => {
    const auth = { authRequired: () => true };
    assert.deepEqual(parse('*10\r\n', auth), []);
    assert.equal(errorOf('*11\r\n', auth), 'Protocol error: unauthenticated multibulk length');
    assert.deepEqual(parse('*1\r\n$16384\r\n', auth), []);
    assert.equal(errorOf('*1\r\n$16385\r\n', auth), 'Protocol error: unauthenticated bulk length');
    assert.equal(errorOf('*x\r\n', auth), 'Protocol error: invalid multibulk length');
  });

  test('an error is final: the same error again, further input ignored', () => {
    const parser = new RequestParser();
    parser.push(Buffer.from('*1\r\n+x\r\nPING\r\n'));
    const first = parser.next();
    assert.ok(first instanceof ProtocolError);
    parser.push(Buffer.from('PING\r\n'));
    assert.equal(parser.next(), first);
    assert.equal(parser.buffered, 0);
  });

  test('pipelined mixed input gives the same commands at every split point', () => {
    const input = Buffer.concat([
      Buffer.from('PING\r\n\r\nset a "b\\x20c"\n*0\r\n'),
      encodeCommand(['SENTINEL', 'get-master-addr-by-name', 'mymaster']),
      Buffer.from("echo 'q' é\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n*1\r\n$3\r\nfoo"),
    ]);
    const expected = [['PING'], ['set', 'a', 'b c'], ['SENTINEL', 'get-master-addr-by-name', 'mymaster'], ['echo', 'q', 'é'], ['GET', '']];
    assert.deepEqual(parseChunks([input]), expected);
    for (const chunks of splits(input)) assert.deepEqual(parseChunks(chunks), expected);
    const broken = Buffer.from('PING\r\n\r\nset a "b\\x20c"\n*1\r\n$x\r\n');
    for (const chunks of splits(broken)) {
      const out = parseChunks(chunks);
      assert.deepEqual(out.slice(0, 2), expected.slice(0, 2));
      assert.equal((out[2] as ProtocolError).message, 'Protocol error: invalid bulk length');
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RequestParser: randomized input', () => {
  const random = mulberry32(0x5e471e1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const tokens = [
    '*',
    '$',
    '\r',
    '\n',
    '\r\n',
    '"',
    "'",
    '\\',
    '\\x',
    ' ',
    '\0',
    '-',
    '0',
    '1',
    '3',
    '9',
    'a',
    'PING',
    '*1\r\n',
    '$3\r\n',
    '*2147483647\r\n',
  ];
  function garbage(): Buffer {
    const kind = random();
    if (kind < 0.3) return Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
    if (kind < 0.7) return Buffer.from(Array.from({ length: Math.floor(random() * 60) }, () => pick(tokens)).join(''), 'latin1');
    // a valid pipeline with a few bytes flipped
    const valid = Buffer.concat(Array.from({ length: 3 }, () => encodeCommand(['SET', 'k', String(random())])));
    for (let i = 0; i < 3; i++) valid[Math.floor(random() * valid.length)] = Math.floor(random() * 256);
    return valid;
  }
  function randomChunks(buf: Buffer, maxSize = 16): Buffer[] {
    const chunks: Buffer[] = [];
    for (let at = 0; at < buf.length;) {
      const size = 1 + Math.floor(random() * maxSize);
      chunks.push(buf.subarray(at, at + size));
      at += size;
    }
    return chunks;
  }

  test('never throws, always terminates, and chunking does not change the result', () => {
    for (let i = 0; i < 4000; i++) {
      const input = garbage();
      const parser = new RequestParser();
      parser.push(input);
      const whole: Parsed[] = [];
      for (let steps = 0; ; steps++) {
        assert.ok(steps <= input.length + 1, 'next() must consume input');
        const item = parser.next();
        if (item === undefined) break;
        whole.push(item);
        if (item instanceof ProtocolError) break;
        assert.ok(item.every((arg) => typeof arg === 'string'));
      }
      assert.ok(parser.buffered <= input.length);
      assert.deepEqual(parseChunks(randomChunks(input)), whole);
    }
  });

  test('round-trips random commands', () => {
    for (let i = 0; i < 500; i++) {
      const args = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        String.fromCodePoint(...Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * 0x800))),
      );
      assert.deepEqual(parseChunks(randomChunks(encodeCommand(args))), [args]);
    }
  });

  test('large pipelines arriving in small and large chunks alike', () => {
    const commands = Array.from({ length: 40 }, (_, i) => ['SET', `k${i}`, 'v'.repeat(Math.floor(random() * 20000))]);
    const wire = Buffer.concat(commands.map((args) => encodeCommand(args)));
    for (const maxSize of [8, 5000, 70000]) assert.deepEqual(parseChunks(randomChunks(wire, maxSize)), commands);
  });
});

describe('encodeReply', () => {
  const both = (reply: Reply, resp2: string, resp3: string = resp2): void => {
    assert.equal(encodeReply(reply, 2).toString('utf8'), resp2);
    assert.equal(encodeReply(reply, 3).toString('utf8'), resp3);
  };

  test('status, error, integer', () => {
    both(ok(), '+OK\r\n');
    both(status('PONG'), '+PONG\r\n');
    both(errorReply('ERR no such master with that name'), '-ERR no such master with that name\r\n');
    both(errorReply('NOAUTH Authentication required.'), '-NOAUTH Authentication required.\r\n');
    both(errorReply('ERR bad\r\nthing\n'), '-ERR bad  thing \r\n');
    both(int(42), ':42\r\n');
    both(int(-1), ':-1\r\n');
    both(int(2 ** 53), ':9007199254740992\r\n');
  });

  test('bulk strings count bytes; nulls', () => {
    both(bulk('héllo'), '$6\r\nhéllo\r\n');
    both(bulk(''), '$0\r\n\r\n');
    both(bulk(null), '$-1\r\n', '_\r\n');
    both(array(null), '*-1\r\n', '_\r\n');
  });

  test('arrays, maps, pushes', () => {
    both(array([]), '*0\r\n');
    both(array([int(1), array([bulk('a'), bulk(null)])]), '*2\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n', '*2\r\n:1\r\n*2\r\n$1\r\na\r\n_\r\n');
    both(bulkArray(['a', 'bc']), '*2\r\n$1\r\na\r\n$2\r\nbc\r\n');
    both(
      mapFromPairs([
        ['name', 'mymaster'],
        ['port', 6379],
      ]),
      '*4\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6379\r\n',
      '%2\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$4\r\nport\r\n$4\r\n6379\r\n',
    );
    both(map([[status('k'), int(1)]]), '*2\r\n+k\r\n:1\r\n', '%1\r\n+k\r\n:1\r\n');
    both(
      push([bulk('message'), bulk('ch'), bulk('hi')]),
      '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
      '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
    );
  });

  test('doubles as %.17g, verbatim, raw', () => {
    both(doubleReply(1.5), '$3\r\n1.5\r\n', ',1.5\r\n');
    both(doubleReply(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n');
    both(doubleReply(Infinity), '$3\r\ninf\r\n', ',inf\r\n');
    both(doubleReply(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n');
    both(verbatim('a:b\r\n'), '$5\r\na:b\r\n\r\n', '=9\r\ntxt:a:b\r\n\r\n');
    both(raw(Buffer.from('+RAW\r\n')), '+RAW\r\n');
  });

  test('%.17g formatting matches glibc, ties rounded to even', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '-0'],
      [100, '100'],
      [-2.5, '-2.5'],
      [1e20, '1e+20'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [1e-5, '1.0000000000000001e-05'],
      [0.0001, '0.0001'],
      [1 / 3, '0.33333333333333331'],
      [123456789012345680, '1.2345678901234568e+17'],
      [5e-324, '4.9406564584124654e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [-982.1510314941406, '-982.15103149414062'],
      [1143989562988.28125, '1143989562988.2812'],
      [NaN, 'nan'],
    ];
    for (const [value, text] of cases) assert.equal(formatDouble(value), text, String(value));
  });
});

/** Feeds the chunks, collecting replies. */
function readReplies(chunks: Buffer[]): RespValue[] {
  const parser = new ReplyParser();
  const out: RespValue[] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    for (let value = parser.next(); value !== undefined; value = parser.next()) out.push(value);
  }
  return out;
}

describe('ReplyParser', () => {
  const wire = Buffer.from(
    [
      '+OK',
      '-ERR unknown command',
      ':-42',
      '$5\r\nhé\r\n',
      '$-1',
      '*-1',
      '*0',
      '*3\r\n:1\r\n*1\r\n+x\r\n$0\r\n',
      '%2\r\n+a\r\n:1\r\n+b\r\n_',
      '~2\r\n+x\r\n+y',
      '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi',
      '_',
      ',1.5',
      ',inf',
      ',-inf',
      '#t',
      '#f',
      '(12345678901234567890',
      '=8\r\ntxt:a\r\nb',
      '!10\r\nERR a\r\nb c',
      '|1\r\n+ttl\r\n:3\r\n:7',
      '*2\r\n|1\r\n+k\r\n+v\r\n:1\r\n:2',
      '',
    ].join('\r\n'),
  );
  const expected: RespValue[] = [
    'OK',
    new RespError('ERR unknown command'),
    -42,
    'hé\r\n',
    null,
    null,
    [],
    [1, ['x'], ''],
    ['a', 1, 'b', null],
    ['x', 'y'],
    ['message', 'ch', 'hi'],
    null,
    1.5,
    Infinity,
    -Infinity,
    1,
    0,
    '12345678901234567890',
    'a\r\nb',
    new RespError('ERR a\r\nb c'),
    7,
    [1, 2],
  ];

  test('all reply types', () => {
    assert.deepEqual(readReplies([wire]), expected);
    assert.ok((readReplies([Buffer.from('-ERR x\r\n')])[0] as RespError) instanceof RespError);
    assert.equal(String(new RespError('ERR x')), 'ERR x');
    assert.ok(Number.isNaN(readReplies([Buffer.from(',nan\r\n')])[0]));
  });

  test('same values at every split point', () => {
    for (const chunks of splits(wire)) assert.deepEqual(readReplies(chunks), expected);
  });

  test('deep nesting does not use the call stack', () => {
    const depth = 100000;
    let value = readReplies([Buffer.from(`${'*1\r\n'.repeat(depth)}:1\r\n`)])[0];
    for (let i = 0; i < depth; i++) value = (value as RespValue[])[0]!;
    assert.equal(value, 1);
  });

  test('malformed data throws ReplyProtocolError, and keeps throwing', () => {
    for (const bad of ['?x\r\n', ':1x\r\n', '$abc\r\n', '$3\r\nabcd\r\n', '+a\n', '*-2\r\n', ',1.2.3\r\n', '#x\r\n', '\r\n']) {
      const parser = new ReplyParser();
      parser.push(Buffer.from(bad));
      assert.throws(() => parser.next(), ReplyProtocolError, JSON.stringify(bad));
      parser.push(Buffer.from('+OK\r\n'));
      assert.throws(() => parser.next(), ReplyProtocolError);
    }
  });

  test('random garbage: a value, undefined or ReplyProtocolError, nothing else', () => {
    const random = mulberry32(42);
    const alphabet = '*$:+-%~>_,#=(!|\r\n0123456789-x';
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const parser = new ReplyParser();
      parser.push(Buffer.from(text));
      try {
        for (let n = 0; n <= text.length && parser.next() !== undefined; n++);
      } catch (err) {
        assert.ok(err instanceof ReplyProtocolError, String(err));
      }
    }
  });
});

interface FakeServer {
  port: number;
  close(): Promise<void>;
}

/** A RESP2 server on 127.0.0.1 whose commands are answered by `handle`. */
async function startServer(handle: (argv: string[], socket: net.Socket) => void): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const parser = new RequestParser();
    socket.on('data', (chunk) => {
      parser.push(chunk);
      for (let argv = parser.next(); argv !== undefined; argv = parser.next()) {
        if (argv instanceof ProtocolError) return void socket.end(`-ERR ${argv.message}\r\n`);
        handle(argv, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const send = (socket: net.Socket, reply: Reply): boolean => socket.write(encodeReply(reply, 2));
const connectTo = (server: FakeServer): Promise<RespClient> =>
  RespClient.connect({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 });

describe('RespClient', () => {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function setup(handle: (argv: string[], socket: net.Socket) => void): Promise<RespClient> {
    const server = await startServer(handle);
    cleanups.push(() => server.close());
    const client = await connectTo(server);
    cleanups.push(() => client.close());
    return client;
  }

  // A tiny pub/sub server: SUBSCRIBE (or its renamed MYSUB), PSUBSCRIBE, UNSUBSCRIBE, PING.
  function pubsubHandler(): (argv: string[], socket: net.Socket) => void {
    const subscribed: string[] = [];
    return (argv, socket) => {
      const name = argv[0]!.toUpperCase();
      if (name === 'SUBSCRIBE' || name === 'MYSUB' || name === 'PSUBSCRIBE') {
        for (const ch of argv.slice(1)) {
          subscribed.push(ch);
          send(socket, array([bulk(name === 'PSUBSCRIBE' ? 'psubscribe' : 'subscribe'), bulk(ch), int(subscribed.length)]));
        }
        send(socket, push([bulk('message'), bulk(argv[1]!), bulk('hello')]));
      } else if (name === 'UNSUBSCRIBE') {
        const all = subscribed.splice(0);
        all.forEach((ch, i) => send(socket, array([bulk('unsubscribe'), bulk(ch), int(all.length - i - 1)])));
      } else if (name === 'PING') {
        if (subscribed.length === 0) return void send(socket, status('PONG'));
        send(socket, push([bulk('pmessage'), bulk('*'), bulk('x'), bulk('during ping')]));
        send(socket, array([bulk('pong'), bulk('')]));
      } else if (name === 'LRANGE') {
        send(socket, bulkArray(['message', 'not', 'pubsub']));
      }
    };
  }

  test('calls, pipelining, error replies as values, pending count', async () => {
    let counter = 0;
    const client = await setup((argv, socket) => {
      const name = argv[0]!.toUpperCase();
      if (name === 'PING') send(socket, status('PONG'));
      else if (name === 'ECHO') send(socket, bulk(argv[1]!));
      else if (name === 'INCRBY') send(socket, int((counter += Number(argv[2]))));
      else send(socket, errorReply(`ERR unknown command '${argv[0]}'`));
    });
    assert.equal(client.localAddress, '127.0.0.1');
    const calls = [client.call(['PING']), client.call(['ECHO', 'héllo']), client.call(['NOPE']), client.call(['INCRBY', 'k', 5])];
    assert.equal(client.pending, 4);
    const [pong, echo, nope, incr] = await Promise.all(calls);
    assert.equal(pong, 'PONG');
    assert.equal(echo, 'héllo');
    assert.ok(nope instanceof RespError);
    assert.equal(nope.message, "ERR unknown command 'NOPE'");
    assert.equal(incr, 5);
    assert.equal(client.pending, 0);
    assert.equal(client.closed, false);
  });

  test('close() rejects pending calls and reports the close once', async () => {
    const client = await setup(() => {});
    const closes: Array<Error | undefined> = [];
    client.onClose((err) => closes.push(err));
    const hanging = client.call(['HANG']);
    client.close();
    client.close();
    await assert.rejects(hanging, { message: 'connection closed' });
    await assert.rejects(client.call(['PING']), { message: 'connection closed' });
    assert.equal(client.closed, true);
    assert.equal(client.pending, 0);
    assert.deepEqual(closes, [undefined]);
    const late = await new Promise((resolve) => client.onClose(resolve));
    assert.equal(late, undefined);
  });

  test('the server closing the link rejects what is still pending', async () => {
    const client = await setup((argv, socket) => {
      if (argv[0] === 'QUIT') socket.end('+OK\r\n');
    });
    const closed = new Promise<Error | undefined>((resolve) => client.onClose(resolve));
    const quit = client.call(['QUIT']);
    const after = client.call(['PING']);
    assert.equal(await quit, 'OK');
    await assert.rejects(after, { message: 'connection closed' });
    assert.equal(await closed, undefined);
    assert.equal(client.closed, true);
  });

  test('malformed replies close the link with the protocol error', async () => {
    const client = await setup((_argv, socket) => void socket.write('?what\r\n'));
    const closed = new Promise<Error | undefined>((resolve) => client.onClose(resolve));
    await assert.rejects(client.call(['PING']), { message: 'connection closed' });
    assert.ok((await closed) instanceof ReplyProtocolError);
  });

  test('subscribe mode: confirmations resolve calls, messages go to onMessage', async () => {
    const client = await setup(pubsubHandler());
    const messages: Array<[string, string, string | undefined]> = [];
    client.onMessage((channel, payload, pattern) => messages.push([channel, payload, pattern]));
    assert.deepEqual(await client.call(['LRANGE', 'l', 0, -1]), ['message', 'not', 'pubsub']);
    const subscribe = client.call(['SUBSCRIBE', 'a', 'b']);
    const ping = client.call(['PING']);
    assert.deepEqual(await subscribe, ['subscribe', 'a', 1]);
    assert.deepEqual(await ping, ['pong', '']);
    assert.deepEqual(messages, [
      ['a', 'hello', undefined],
      ['x', 'during ping', '*'],
    ]);
    assert.equal(client.pending, 0);
    // UNSUBSCRIBE with no channel: one confirmation per channel, then out of pub/sub context.
    assert.deepEqual(await client.call(['UNSUBSCRIBE']), ['unsubscribe', 'a', 1]);
    assert.equal(await client.call(['PING']), 'PONG');
    assert.deepEqual(await client.call(['LRANGE', 'l', 0, -1]), ['message', 'not', 'pubsub']);
    assert.equal(client.pending, 0);
  });

  test('a renamed SUBSCRIBE is recognised from its confirmation', async () => {
    const client = await setup(pubsubHandler());
    const messages: string[] = [];
    client.onMessage((channel, payload) => messages.push(`${channel}:${payload}`));
    assert.deepEqual(await client.call(['MYSUB', '__sentinel__:hello']), ['subscribe', '__sentinel__:hello', 1]);
    assert.deepEqual(await client.call(['PING']), ['pong', '']);
    assert.deepEqual(messages, ['__sentinel__:hello:hello', 'x:during ping']);
  });

  test('connect failures reject', async () => {
    const server = await startServer(() => {});
    await server.close();
    await assert.rejects(RespClient.connect({ host: '127.0.0.1', port: server.port, timeoutMs: 2000 }), Error);
    // TEST-NET-1 is never routed: either a timeout or an immediate network error.
    await assert.rejects(RespClient.connect({ host: '192.0.2.1', port: 6379, timeoutMs: 100 }), Error);
  });
});
