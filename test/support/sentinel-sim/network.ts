// A simulated TCP network between simulated hosts: connections with FIFO delivery in each direction,
// latency with jitter and slow windows, partitions that hold packets until they heal (TCP retransmits),
// connection resets (the "drops" of the fault model), and "connection refused" from a host whose process
// is down. A connect that cannot complete within CONNECT_TIMEOUT_MS fails, like socket-io's connect timeout.

import type { Rng } from './rng.js';
import type { Scheduler } from './scheduler.js';

export const CONNECT_TIMEOUT_MS = 60_000; // io/socket-io.ts CONNECT_TIMEOUT_MS

export type Packet = { kind: 'syn' } | { kind: 'synack' } | { kind: 'data'; value: unknown } | { kind: 'fin' };

/** One side's view of a connection. */
export interface ConnSide {
  onOpen?(): void;
  onData(value: unknown): void;
  onClose(): void;
}

/** Something listening on host:port: answers a connection while its process is up. */
export interface Listener {
  /** The server side of an accepted connection, or null when the process is down (connection refused). */
  accept(conn: SimConn): ConnSide | null;
}

/** The key of an unordered pair of hosts. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** One direction of a connection: packets leave in order and arrive in order. */
class Pipe {
  private queue: { at: number; packet: Packet }[] = [];
  private head = 0;
  private lastAt = 0;
  private scheduled = false;
  private readonly pair: string;

  constructor(
    private readonly net: SimNetwork,
    from: string,
    to: string,
    private readonly deliver: (p: Packet) => void,
  ) {
    this.pair = pairKey(from, to);
  }

  push(packet: Packet): void {
    const at = Math.max(this.lastAt, this.net.sched.now() + this.net.latency(this.pair));
    this.lastAt = at;
    this.queue.push({ at, packet });
    if (!this.scheduled) this.wake(at);
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private wake(at: number): void {
    this.scheduled = true;
    this.net.sched.at(at, () => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    const now = this.net.sched.now();
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      if (item.at > now) return this.wake(item.at);
      const blocked = this.net.blocked(this.pair);
      if (blocked > now) return this.wake(blocked + this.net.latency(this.pair)); // held by the partition
      this.head++;
      this.deliver(item.packet);
    }
    this.clear();
  }
}

export class SimConn {
  private static nextId = 1;
  readonly id = SimConn.nextId++;
  established = false;
  clientOpen = true;
  serverOpen = false;
  server: ConnSide | null = null;
  readonly up: Pipe;
  readonly down: Pipe;
  readonly pair: string;

  constructor(
    private readonly net: SimNetwork,
    readonly clientHost: string,
    readonly serverHost: string,
    readonly serverPort: number,
    readonly client: ConnSide,
  ) {
    this.pair = pairKey(clientHost, serverHost);
    this.up = new Pipe(net, clientHost, serverHost, (p) => this.atServer(p));
    this.down = new Pipe(net, serverHost, clientHost, (p) => this.atClient(p));
  }

  /** Client → server. */
  send(value: unknown): void {
    if (this.clientOpen) this.up.push({ kind: 'data', value });
  }

  /** Server → client. */
  reply(value: unknown): void {
    if (this.serverOpen) this.down.push({ kind: 'data', value });
  }

  /** The client closes its end (the peer sees a FIN after the data already sent). */
  closeByClient(): void {
    if (!this.clientOpen) return;
    this.clientOpen = false;
    this.down.clear();
    this.up.push({ kind: 'fin' });
  }

  /** The server closes its end (CLIENT KILL, or its process died). */
  closeByServer(): void {
    if (!this.serverOpen) return;
    this.serverOpen = false;
    this.up.clear();
    this.down.push({ kind: 'fin' });
  }

  /** A reset: both ends learn it after the latency, in-flight data is lost. */
  reset(): void {
    this.up.clear();
    this.down.clear();
    const c = this.clientOpen;
    const s = this.serverOpen;
    this.clientOpen = false;
    this.serverOpen = false;
    const lat = this.net.latency(this.pair);
    if (c) this.net.sched.after(lat, () => this.client.onClose());
    if (s) this.net.sched.after(lat, () => this.server?.onClose());
  }

  private atServer(p: Packet): void {
    if (p.kind === 'syn') {
      const side = this.net.listener(this.serverHost, this.serverPort)?.accept(this) ?? null;
      if (!side) return this.down.push({ kind: 'fin' }); // connection refused
      this.server = side;
      this.serverOpen = true;
      this.down.push({ kind: 'synack' });
      return;
    }
    if (!this.serverOpen || !this.server) return;
    if (p.kind === 'fin') {
      this.serverOpen = false;
      this.server.onClose();
    } else if (p.kind === 'data') {
      if (this.net.shouldDrop(this.pair)) return this.reset();
      this.server.onData(p.value);
    }
  }

  private atClient(p: Packet): void {
    if (!this.clientOpen) return;
    if (p.kind === 'synack') {
      this.established = true;
      this.client.onOpen?.();
    } else if (p.kind === 'fin') {
      this.clientOpen = false;
      this.client.onClose();
    } else if (p.kind === 'data') {
      if (this.net.shouldDrop(this.pair)) return this.reset();
      this.client.onData(p.value);
    }
  }
}

export class SimNetwork {
  private readonly listeners = new Map<string, Listener>();
  private readonly partitions = new Map<string, number>();
  private readonly slow = new Map<string, { until: number; extraMs: number }>();
  private readonly lossy = new Map<string, { until: number; p: number }>();
  readonly conns = new Set<SimConn>();

  constructor(
    readonly sched: Scheduler,
    private readonly rng: Rng,
    private readonly baseLatencyMs = 1,
  ) {}

  listen(host: string, port: number, l: Listener): void {
    this.listeners.set(`${host}:${port}`, l);
  }

  listener(host: string, port: number): Listener | undefined {
    return this.listeners.get(`${host}:${port}`);
  }

  connect(clientHost: string, serverHost: string, serverPort: number, client: ConnSide): SimConn {
    const conn = new SimConn(this, clientHost, serverHost, serverPort, client);
    this.conns.add(conn);
    conn.up.push({ kind: 'syn' });
    this.sched.after(CONNECT_TIMEOUT_MS, () => {
      if (!conn.established && conn.clientOpen) {
        conn.closeByClient(); // a SYN still held by a partition is followed by its FIN
        client.onClose();
      }
    });
    return conn;
  }

  /** Forget connections closed on both ends and faults that are over (keeps lookups cheap over long runs). */
  sweep(): void {
    for (const c of this.conns) if (!c.clientOpen && !c.serverOpen) this.conns.delete(c);
    const now = this.sched.now();
    for (const [k, until] of this.partitions) if (until <= now) this.partitions.delete(k);
    for (const [k, v] of this.slow) if (v.until <= now) this.slow.delete(k);
    for (const [k, v] of this.lossy) if (v.until <= now) this.lossy.delete(k);
  }

  latency(pair: string): number {
    let ms = this.baseLatencyMs + this.rng.next() * this.baseLatencyMs;
    const s = this.slow.size ? this.slow.get(pair) : undefined;
    if (s && s.until > this.sched.now()) ms += this.rng.next() * s.extraMs;
    return ms;
  }

  /** Until when packets between the pair are held (0 when they flow). */
  blocked(pair: string): number {
    if (this.partitions.size === 0) return 0;
    const until = this.partitions.get(pair);
    return until !== undefined && until > this.sched.now() ? until : 0;
  }

  blockedUntil(a: string, b: string): number {
    return this.blocked(pairKey(a, b));
  }

  shouldDrop(pair: string): boolean {
    if (this.lossy.size === 0) return false;
    const l = this.lossy.get(pair);
    return l !== undefined && l.until > this.sched.now() && this.rng.chance(l.p);
  }

  partition(a: string, b: string, until: number): void {
    this.partitions.set(pairKey(a, b), Math.max(until, this.partitions.get(pairKey(a, b)) ?? 0));
  }

  slowDown(a: string, b: string, until: number, extraMs: number): void {
    this.slow.set(pairKey(a, b), { until, extraMs });
  }

  makeLossy(a: string, b: string, until: number, p: number): void {
    this.lossy.set(pairKey(a, b), { until, p });
  }
}
