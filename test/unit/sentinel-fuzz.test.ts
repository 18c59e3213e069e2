import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { createDefaultSentinelConfig, createMasterConfig } from '../../src/sentinel/config/sentinel-config-defaults.js';
import { LogLevel } from '../../src/sentinel/constants.js';
import type { EngineIo } from '../../src/sentinel/core/engine-io.js';
import { SentinelEngine } from '../../src/sentinel/core/sentinel-engine.js';
import { SentinelServer } from '../../src/sentinel/server/sentinel-server.js';

// Seeded random abuse of the server: malformed RESP, truncated and oversized requests, garbage inline lines,
// and random (mostly wrong) commands, over many concurrent connections. Afterwards the server must still
// answer, have released every connection, not have logged a failing handler, and not have grown without bound.

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function resp(args: readonly string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

function randomBytes(r: Rand, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 0, 255);
  return b;
}

// Commands and subcommands a sentinel has; CLIENT PAUSE is left out (it would stall every other case).
const COMMANDS: string[][] = [
  ['PING'],
  ['AUTH'],
  ['HELLO'],
  ['ROLE'],
  ['INFO'],
  ['SHUTDOWN', 'ABORT'],
  ['SUBSCRIBE'],
  ['UNSUBSCRIBE'],
  ['PSUBSCRIBE'],
  ['PUNSUBSCRIBE'],
  ['PUBLISH'],
  ['COMMAND'],
  ['COMMAND', 'INFO'],
  ['COMMAND', 'DOCS'],
  ['COMMAND', 'LIST'],
  ['COMMAND', 'GETKEYS'],
  ['CLIENT', 'ID'],
  ['CLIENT', 'LIST'],
  ['CLIENT', 'INFO'],
  ['CLIENT', 'SETNAME'],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'REPLY'],
  ['CLIENT', 'TRACKING'],
  ['CLIENT', 'CACHING'],
  ['CLIENT', 'TRACKINGINFO'],
  ['CLIENT', 'KILL', 'ID'],
  ['CLIENT', 'UNBLOCK'],
  ['CLIENT', 'NO-EVICT'],
  ['CLIENT', 'HELP'],
  ['CLIENT', 'NOPE'],
  ['ACL', 'WHOAMI'],
  ['ACL', 'SETUSER', 'fuzzer'],
  ['ACL', 'DELUSER'],
  ['ACL', 'GETUSER'],
  ['ACL', 'LIST'],
  ['ACL', 'LOG'],
  ['ACL', 'CAT'],
  ['ACL', 'GENPASS'],
  ['ACL', 'DRYRUN'],
  ['SENTINEL', 'MASTERS'],
  ['SENTINEL', 'MASTER'],
  ['SENTINEL', 'REPLICAS'],
  ['SENTINEL', 'SENTINELS'],
  ['SENTINEL', 'MYID'],
  ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME'],
  ['SENTINEL', 'CKQUORUM'],
  ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR'],
  ['SENTINEL', 'SET', 'mymaster'],
  ['SENTINEL', 'CONFIG', 'GET'],
  ['SENTINEL', 'CONFIG', 'SET'],
  ['SENTINEL', 'DEBUG'],
  ['SENTINEL', 'INFO-CACHE'],
  ['SENTINEL', 'RESET'],
  ['SENTINEL', 'MONITOR'],
  ['SENTINEL', 'REMOVE'],
  ['SENTINEL', 'FAILOVER'],
  ['SENTINEL', 'FLUSHCONFIG'],
  ['SENTINEL', 'PENDING-SCRIPTS'],
  ['SENTINEL', 'SIMULATE-FAILURE'],
  ['SENTINEL', 'HELP'],
  ['SENTINEL', 'NOPE'],
  ['NOPE'],
];
const WORDS = [
  '',
  '0',
  '1',
  '-1',
  '2',
  '3',
  '70000',
  '9223372036854775808',
  'x',
  '*',
  'mymaster',
  'other',
  '127.0.0.1',
  '::1',
  'on',
  'off',
  'yes',
  'no',
  'skip',
  'quorum',
  'down-after-milliseconds',
  'parallel-syncs',
  'auth-pass',
  'rename-command',
  'info-period',
  'announce-ip',
  'announce-port',
  'ID',
  'TYPE',
  'normal',
  'pubsub',
  'USER',
  'SKIPME',
  'REDIRECT',
  'BCAST',
  'PREFIX',
  'OPTIN',
  '>pw',
  'nopass',
  '+@all',
  '-@all',
  '~*',
  '&*',
  'reset',
  '(',
  'a b',
  'é',
  '\0',
  'crash-after-election',
  'help',
  '[a-',
  '*a*a*a*a*a*a*b',
  '%R~k',
];

/** One abusive payload, as a list of chunks written one after the other. */
function makeCase(r: Rand): Buffer[] {
  const kind = int(r, 0, 10);
  let data: Buffer;
  switch (kind) {
    case 0: // random bytes
      data = randomBytes(r, int(r, 1, 300));
      break;
    case 1: {
      // a valid command cut short
      const full = resp(['SENTINEL', 'MASTER', 'mymaster']);
      data = Buffer.from(full.slice(0, int(r, 1, full.length - 1)));
      break;
    }
    case 2: // huge or invalid lengths
      data = Buffer.from(
        pick(r, [
          '*2147483648\r\n',
          '*9223372036854775807\r\n',
          '*1\r\n$536870913\r\n',
          '*1\r\n$536870912\r\n',
          '*1\r\n$-3\r\n',
          '*-9\r\nPING\r\n',
          '*+1\r\n',
          '*01\r\n',
          '*1\r\n$ 3\r\n',
          '*1\r\n$99999999999999999999\r\n',
          '*1000000\r\n$4\r\nPING\r\n',
        ]),
      );
      break;
    case 3: // a type byte other than '$' inside a multibulk
      data = Buffer.from(`*2\r\n$4\r\nPING\r\n${pick(r, ['X', ':', '*', '+', '-', '%', '\r', '\n'])}4\r\nPING\r\n`);
      break;
    case 4: // nested aggregates and RESP3 types sent as requests
      data = Buffer.from(
        pick(r, [
          '*2\r\n*1\r\n$1\r\na\r\n$1\r\nb\r\n',
          '%1\r\n$1\r\na\r\n$1\r\nb\r\n',
          '>1\r\n$4\r\nPING\r\n',
          '~1\r\n:1\r\n',
          '_\r\n',
          '#t\r\n',
          ',1.5\r\n',
        ]),
      );
      break;
    case 5: // inline lines with unbalanced or glued quotes
      data = Buffer.from(
        pick(r, [
          'PING "abc\r\n',
          "PING 'abc\r\n",
          'PING "a"b\r\n',
          "SENTINEL 'x'y\r\n",
          'PING "\\x4\r\n',
          'PING "\\\r\n',
          '"\r\n',
          'PING "ok" \'ok\'\r\n',
        ]),
      );
      break;
    case 6: // very long lines and headers
      data = Buffer.from(
        pick(r, ['A'.repeat(70_000), '*' + '1'.repeat(70_000), '*1\r\n$' + '2'.repeat(70_000), 'PING ' + 'x'.repeat(60_000) + '\r\n']),
      );
      break;
    case 7: // NUL bytes and stray line ends
      data = Buffer.from(
        pick(r, ['PI\0NG\r\n', '*1\r\n$4\0\r\nPING\r\n', '\r\n\r\n\n\n', '*1\r\n$4\r\nPING', '*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n']),
        'latin1',
      );
      break;
    default: {
      // random commands with random arguments, RESP or inline, sometimes pipelined
      const parts: string[] = [];
      for (let n = int(r, 1, 4); n > 0; n--) {
        const args = [...pick(r, COMMANDS)];
        for (let a = int(r, 0, 4); a > 0; a--) args.push(pick(r, WORDS));
        parts.push(r() < 0.8 ? resp(args) : args.map((a) => (a === '' || /[\s"']/.test(a) ? `"${a}"` : a)).join(' ') + '\r\n');
      }
      data = Buffer.from(parts.join(''));
    }
  }
  // Split into chunks at random points, as TCP may deliver it.
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const size = r() < 0.5 ? data.length - at : int(r, 1, Math.max(1, data.length - at));
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** Writes the chunks, then waits briefly for the server to answer or close, then drops the connection. */
function runCase(port: number, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let idle: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(idle);
      clearTimeout(cap);
      socket.destroy();
      resolve();
    };
    const cap = setTimeout(finish, 200);
    const settle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(finish, 10);
    };
    socket.on('error', () => {});
    socket.on('close', finish);
    socket.on('data', settle);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        await new Promise((r) => setImmediate(r));
      }
      settle();
    });
  });
}

/** Sends one request on a new connection and returns the first complete-looking answer. */
async function ask(port: number, request: string, complete: (text: string) => boolean = () => true): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply to ${JSON.stringify(request.slice(0, 40))}`));
    }, 2000);
    socket.on('data', (d) => {
      text += d.toString();
      if (!complete(text)) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    });
    socket.on('error', reject);
  });
}

/** A bulk reply is complete when its announced length arrived. */
function bulkComplete(text: string): boolean {
  const m = /^\$(\d+)\r\n/.exec(text);
  return m !== null && text.length >= m[0].length + Number(m[1]) + 2;
}

function fakeIo(server: () => SentinelServer | null): EngineIo {
  return {
    now: () => 1_700_000_000_000,
    random: seeded(1),
    connect: () => {},
    send: () => true,
    close: () => {},
    localAddress: () => '127.0.0.1',
    publish: (channel, message) => void server()?.publish(channel, message),
    log: () => {},
    explain: () => {},
    flushConfig: () => {},
    crash: () => {},
    runScript: () => {},
  };
}

async function startServer(log: (level: LogLevel, text: string) => void = () => {}): Promise<{ server: SentinelServer; port: number }> {
  let server: SentinelServer | null = null;
  const config = createDefaultSentinelConfig();
  config.masters.push(createMasterConfig('mymaster', '127.0.0.1', 1, 2));
  const engine = new SentinelEngine(
    config,
    fakeIo(() => server),
  );
  server = new SentinelServer(engine, {
    requirePass: () => null,
    flushConfig: async () => {},
    shutdown: () => {},
    log,
    startTime: Date.now(),
    port: 0,
    configFile: '/tmp/fuzz.conf',
    executable: '/usr/bin/redis-sentinel',
    processId: process.pid,
  });
  await server.listen(0, ['127.0.0.1']);
  return { server, port: server.address()!.port };
}

describe('SentinelServer under malformed input', () => {
  test('survives thousands of seeded malformed requests', { timeout: 60_000 }, async (t) => {
    const failures: string[] = [];
    const { server, port } = await startServer((level, text) => {
      if (level === LogLevel.WARNING && text.startsWith('Error executing')) failures.push(text);
    });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    const heapBefore = process.memoryUsage().heapUsed;
    const s = server;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, s.clientCount)), 5);
    try {
      const rand = seeded(0x5e9714e1);
      const CASES = 3000;
      const CONCURRENCY = 48;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < CASES) {
          next++;
          await runCase(port, makeCase(rand));
        }
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const elapsed = Date.now() - started;

      assert.equal(await ask(port, '*1\r\n$4\r\nPING\r\n'), '+PONG\r\n');
      // The cases did reach the command handlers, not only the parser.
      const stats = await ask(port, 'INFO stats\r\n', bulkComplete);
      const stat = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? 0);
      assert.ok(stat('total_commands_processed') > 1000, stats);
      assert.ok(stat('total_error_replies') > 1000, stats);
      for (let i = 0; i < 200 && s.clientCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(s.clientCount, 0, 'every connection was released');
      assert.ok(peak <= CONCURRENCY + 4, `at most ${CONCURRENCY} connections at once, saw ${peak}`);
      assert.deepEqual(failures, [], 'no handler failed');
      assert.deepEqual(uncaught, []);
      const growth = process.memoryUsage().heapUsed - heapBefore;
      assert.ok(growth < 256 * 1024 * 1024, `heap grew by ${Math.round(growth / 1e6)} MB`);
      assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
      t.diagnostic(
        `${CASES} cases in ${elapsed} ms, ${stat('total_commands_processed')} commands, ${stat('total_error_replies')} errors, peak ${peak} connections`,
      );
    } finally {
      clearInterval(sampler);
      process.off('uncaughtException', onUncaught);
      await server.close();
    }
  });
});

describe('SentinelServer and a client that does not read', () => {
  test('stops reading its requests while its replies are not taken', async (t) => {
    const { server, port } = await startServer();
    const hog = net.connect(port, '127.0.0.1');
    hog.on('error', () => {});
    try {
      await new Promise<void>((r) => hog.once('connect', () => r()));
      hog.pause(); // never read a reply
      const burst = Buffer.from('PING\r\n'.repeat(100_000));
      for (let i = 0; i < 20; i++) hog.write(burst); // 12 MB of requests, 14 MB of replies
      await new Promise((r) => setTimeout(r, 300));
      const list = await ask(port, 'CLIENT LIST\r\n', bulkComplete);
      const line = list.split('\n').find((l) => /cmd=ping /.test(l)) ?? '';
      const field = (name: string): number => Number(new RegExp(` ${name}=(\\d+)`).exec(line)?.[1] ?? NaN);
      const held = field('qbuf') + field('obl') + field('omem');
      assert.ok(held < 4 * 1024 * 1024, `server holds ${held} bytes for the client: ${line}`);
      t.diagnostic(`held for the client: ${held} bytes`);
      assert.equal(await ask(port, 'PING\r\n'), '+PONG\r\n', 'other clients are still served');
    } finally {
      hog.destroy();
      await server.close();
    }
  });
});
