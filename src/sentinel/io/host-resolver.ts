// Hostname resolution for the engine (EngineIo.resolveHost and lookupHost), used with resolve-hostnames.
//
// sentinel.c resolves with anetResolve(): a blocking getaddrinfo() (any family, the first answer), each time it
// creates an address (createSentinelAddr) and at each reconnection (sentinelReconnectInstance). Node has no
// synchronous getaddrinfo(), so:
//  - answers are cached by name. A cached answer is returned at once; when it is older than REFRESH_MS, a
//    dns.lookup() (the same getaddrinfo() call, answers in the resolver's order) refreshes it in the background,
//    so a name that moved is seen on a later reconnection, as sentinel.c sees it on the next one;
//  - a name not cached yet is resolved synchronously, blocking as sentinel.c blocks: dns.lookup() in a child
//    node process. That happens once per name, and rarely: SENTINEL MONITOR and the hostnames of the config file
//    are looked up asynchronously first (lookup()), which fills the cache.
// /etc/hosts is not read here: getaddrinfo() reads it, and sorts its answers (RFC 6724, e.g. ::1 before
// 127.0.0.1 where IPv6 works), which a parser of our own would have to imitate to give the same first answer.

import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** How old a cached answer may be before it is refreshed (sentinel_ping_period, the reconnection period). */
export const REFRESH_MS = 1000;
/** A synchronous lookup blocks the engine at most this long (sentinel.c would block until getaddrinfo() gives up). */
const SYNC_TIMEOUT_MS = 5000;

export interface ResolverDeps {
  now(): number;
  /** getaddrinfo() without blocking: the first address, null when the name does not resolve. */
  lookupAsync(host: string): Promise<string | null>;
  /** The same, blocking. */
  lookupSync(host: string): string | null;
}

export class HostResolver {
  private readonly cache = new Map<string, { ip: string | null; time: number }>();
  private readonly running = new Map<string, Promise<string | null>>();

  constructor(private readonly deps: ResolverDeps = systemResolver()) {}

  /** EngineIo.resolveHost: the cached answer (refreshed in the background when old), else a blocking lookup. */
  resolve(host: string): string | null {
    const key = host.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) {
      if (this.deps.now() - cached.time >= REFRESH_MS) void this.lookup(host);
      return cached.ip;
    }
    const ip = this.deps.lookupSync(host);
    this.cache.set(key, { ip, time: this.deps.now() });
    return ip;
  }

  /** EngineIo.lookupHost: a fresh lookup (one at a time per name) whose answer is cached. */
  lookup(host: string): Promise<string | null> {
    const key = host.toLowerCase();
    let pending = this.running.get(key);
    if (!pending) {
      pending = this.deps
        .lookupAsync(host)
        .catch(() => null)
        .then((ip) => {
          this.cache.set(key, { ip, time: this.deps.now() });
          this.running.delete(key);
          return ip;
        });
      this.running.set(key, pending);
    }
    return pending;
  }
}

/** Node's dns.lookup() calls getaddrinfo() with AF_UNSPEC and SOCK_STREAM, as anetResolve() does. */
function systemResolver(): ResolverDeps {
  return {
    now: () => Date.now(),
    lookupAsync: async (host) => (await lookup(host, { verbatim: true })).address || null,
    lookupSync: (host) => {
      const script = "require('dns').lookup(process.argv[1], { verbatim: true }, (err, a) => { if (!err && a) process.stdout.write(a); })";
      const child = spawnSync(process.execPath, ['-e', script, '--', host], {
        encoding: 'utf8',
        timeout: SYNC_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const ip = child.status === 0 ? child.stdout.trim() : '';
      return isIP(ip) ? ip : null;
    },
  };
}
