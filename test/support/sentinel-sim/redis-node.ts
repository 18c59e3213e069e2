// A simulated Redis server, reduced to what Sentinel relies on: PING, INFO (run_id, role, replica lines,
// master link state, offsets, priority), pub/sub on __sentinel__:hello, MULTI/EXEC with SLAVEOF, CONFIG
// REWRITE and CLIENT KILL, and replication whose offsets grow while a master takes writes and follow the
// master while a replica is linked. It can crash (restarting with a new run id and the role CONFIG REWRITE
// saved), pause (SIGSTOP: requests wait until it resumes) and be cut off by the network.

import { RespError } from '../../../src/sentinel/resp/resp-value.js';
import type { ConnSide, Listener, SimConn, SimNetwork } from './network.js';
import type { Rng } from './rng.js';
import type { Scheduler } from './scheduler.js';
import { renderInfo } from './redis-info.js';

export const REDIS_PORT = 6379;
const REPL_TIMEOUT_MS = 60_000; // repl-timeout: a silent (paused or cut off) master is given up after this
const REPL_TICK_MS = 100;

export interface Addr {
  host: string;
  port: number;
}

interface Client {
  conn: SimConn;
  subscribed: boolean;
  multi: string[][] | null;
}

export interface NodeOptions {
  host: string;
  replicaOf: Addr | null;
  priority: number;
}

export class SimRedisNode implements Listener {
  readonly host: string;
  readonly port = REDIS_PORT;
  runId: string;
  alive = true;
  paused = false;
  replicaOf: Addr | null;
  /** What CONFIG REWRITE saved: the role this node restarts with. */
  persisted: Addr | null;
  priority: number;
  offset = 0;
  linkUp = false;
  private linkDownSince = 0;
  linkedGen = -1;
  private lastContact = 0;
  /** Bumped at every role change or restart: replicas synced to an older generation must resync. */
  gen = 0;
  private readonly clients = new Set<Client>();
  private inbox: (() => void)[] = [];
  private tickGen = 0;

  constructor(
    private readonly sched: Scheduler,
    private readonly net: SimNetwork,
    private readonly rng: Rng,
    private readonly peers: () => readonly SimRedisNode[],
    o: NodeOptions,
  ) {
    this.host = o.host;
    this.replicaOf = o.replicaOf;
    this.persisted = o.replicaOf;
    this.priority = o.priority;
    this.runId = rng.runId();
    net.listen(this.host, this.port, this);
    this.startTicks();
  }

  get isMaster(): boolean {
    return this.replicaOf === null;
  }

  accept(conn: SimConn): ConnSide | null {
    if (!this.alive) return null;
    const client: Client = { conn, subscribed: false, multi: null };
    this.clients.add(client);
    return {
      onData: (value) => this.receive(client, value as string[]),
      onClose: () => this.clients.delete(client),
    };
  }

  crash(): void {
    if (!this.alive) return;
    this.alive = false;
    this.paused = false;
    this.inbox = [];
    this.tickGen++;
    for (const c of this.clients) c.conn.closeByServer();
    this.clients.clear();
    this.linkUp = false;
  }

  restart(): void {
    if (this.alive) return;
    this.alive = true;
    this.runId = this.rng.runId();
    this.replicaOf = this.persisted;
    this.gen++;
    this.linkUp = false;
    this.linkDownSince = this.sched.now();
    this.startTicks();
  }

  pause(): void {
    if (this.alive) this.paused = true;
  }

  resume(): void {
    if (!this.alive || !this.paused) return;
    this.paused = false;
    const work = this.inbox;
    this.inbox = [];
    for (const w of work) w();
  }

  private receive(client: Client, args: string[]): void {
    if (!this.alive) return;
    if (this.paused) this.inbox.push(() => this.execute(client, args));
    else this.execute(client, args);
  }

  private execute(client: Client, args: string[]): void {
    if (!client.conn.serverOpen) return;
    const cmd = (args[0] ?? '').toUpperCase();
    if (client.multi && cmd !== 'EXEC' && cmd !== 'MULTI') {
      client.multi.push(args);
      return client.conn.reply('QUEUED');
    }
    if (cmd === 'EXEC') {
      const queued = client.multi ?? [];
      client.multi = null;
      return client.conn.reply(queued.map((a) => this.command(client, a)));
    }
    client.conn.reply(this.command(client, args));
  }

  private command(client: Client, args: string[]): unknown {
    const cmd = (args[0] ?? '').toUpperCase();
    const sub = (args[1] ?? '').toUpperCase();
    switch (cmd) {
      case 'PING':
        return 'PONG';
      case 'AUTH':
        return 'OK';
      case 'INFO':
        return this.info();
      case 'MULTI':
        client.multi = [];
        return 'OK';
      case 'SUBSCRIBE':
        client.subscribed = true;
        return ['subscribe', args[1] ?? '', 1];
      case 'PUBLISH':
        return this.publish(args[1] ?? '', args[2] ?? '');
      case 'SLAVEOF':
      case 'REPLICAOF':
        if (sub === 'NO') this.setRole(null);
        else this.setRole({ host: args[1] ?? '', port: Number(args[2]) });
        return 'OK';
      case 'CONFIG':
        if (sub === 'REWRITE') this.persisted = this.replicaOf;
        return 'OK';
      case 'CLIENT':
        if (sub === 'KILL') return this.killClients(client, (args[3] ?? '').toLowerCase());
        return 'OK';
      default:
        return new RespError(`ERR unknown command '${args[0]}'`);
    }
  }

  private publish(channel: string, message: string): number {
    let n = 0;
    for (const c of this.clients) {
      if (!c.subscribed || !c.conn.serverOpen) continue;
      c.conn.reply(['message', channel, message]);
      n++;
    }
    return n;
  }

  /** CLIENT KILL TYPE normal|pubsub: every matching client but the caller. */
  private killClients(caller: Client, type: string): number {
    let n = 0;
    for (const c of [...this.clients]) {
      if (c === caller || c.subscribed !== (type === 'pubsub')) continue;
      c.conn.closeByServer();
      this.clients.delete(c);
      n++;
    }
    return n;
  }

  private setRole(target: Addr | null): void {
    const same =
      target === null
        ? this.replicaOf === null
        : this.replicaOf !== null && this.replicaOf.host === target.host && this.replicaOf.port === target.port;
    if (same) return; // "OK Already connected to specified master"
    this.replicaOf = target;
    this.gen++; // our own replicas resync
    if (target !== null) {
      this.linkUp = false;
      this.linkDownSince = this.sched.now();
    }
  }

  private startTicks(): void {
    const gen = ++this.tickGen;
    const loop = (): void => {
      if (gen !== this.tickGen || !this.alive) return;
      if (!this.paused) this.replicate();
      this.sched.after(REPL_TICK_MS, loop);
    };
    this.sched.after(this.rng.int(1, REPL_TICK_MS), loop);
  }

  /** One replication step: a master takes writes; a replica (re)links to its master and follows its offset. */
  private replicate(): void {
    const now = this.sched.now();
    if (this.replicaOf === null) {
      if (this.rng.chance(0.5)) this.offset += this.rng.int(1, 300);
      return;
    }
    const target = this.replicaOf.port === REDIS_PORT ? this.peers().find((n) => n.host === this.replicaOf!.host) : undefined;
    const reachable =
      target !== undefined && target !== this && target.alive && !target.paused && this.net.blockedUntil(this.host, target.host) === 0;
    if (this.linkUp) {
      const broken = !target || !target.alive || target.gen !== this.linkedGen;
      if (reachable && !broken) {
        this.lastContact = now;
        this.offset = Math.max(this.offset, target.offset);
        return;
      }
      if (broken || now - this.lastContact > REPL_TIMEOUT_MS) {
        this.linkUp = false;
        this.linkDownSince = now;
      }
      return;
    }
    if (reachable) {
      // A (partial or full) resync: we end up with the master's data and offset.
      this.linkUp = true;
      this.linkedGen = target.gen;
      this.lastContact = now;
      this.offset = target.offset;
    }
  }

  /** The replicas currently linked to this node, as its INFO lists them. */
  linkedReplicas(): SimRedisNode[] {
    return this.peers().filter(
      (n) => n.alive && n.linkUp && n.replicaOf?.host === this.host && n.replicaOf.port === this.port && n.linkedGen === this.gen,
    );
  }

  /** Seconds since the master link went down, -1 when it never came up (INFO master_link_down_since_seconds). */
  linkDownSeconds(): number {
    return this.linkDownSince ? Math.floor((this.sched.now() - this.linkDownSince) / 1000) : -1;
  }

  info(): string {
    return renderInfo(this);
  }
}
