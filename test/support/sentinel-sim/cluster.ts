// The simulated deployment: Redis nodes, sentinel processes and the network between them, wired through
// fake EngineIo implementations on one virtual clock. It records what the safety checks need as it
// happens: every SLAVEOF NO ONE a sentinel sends (always from the failover leader's state machine) with the
// failover epoch it belongs to, and every +elected-leader.

import type { Timing } from '../../../src/sentinel/constants.js';
import type { SentinelConfig } from '../../../src/sentinel/config/sentinel-config.js';
import { createMasterConfig } from '../../../src/sentinel/config/sentinel-config-defaults.js';
import { currentMasterAddress } from '../../../src/sentinel/core/hello.js';
import type { Instance } from '../../../src/sentinel/core/instance.js';
import { SimNetwork } from './network.js';
import { REDIS_PORT, SimRedisNode, type Addr } from './redis-node.js';
import { Rng } from './rng.js';
import { Scheduler } from './scheduler.js';
import { SimSentinel, SENTINEL_PORT, type SentinelObserver } from './sentinel-process.js';

export const MASTER_NAME = 'mymaster';

export interface ClusterSpec {
  seed: number;
  sentinels: number;
  quorum: number;
  replicas: number;
  timing: Timing;
  timingName: string;
  downAfterMs: number;
  failoverTimeoutMs: number;
  /** replica-priority of each replica (default 100). */
  priorities?: number[];
  /** Test of the checks: sentinels forget their vote before answering each request (two votes per epoch). */
  forgetfulVoters?: boolean;
}

export interface Promotion {
  at: number;
  sentinel: string;
  epoch: number;
  target: string;
}

export const nodeHost = (i: number): string => `10.0.0.${i + 1}`;
export const sentinelHost = (i: number): string => `10.0.1.${i + 1}`;

export class SimCluster implements SentinelObserver {
  readonly sched = new Scheduler();
  readonly rng: Rng;
  readonly net: SimNetwork;
  readonly nodes: SimRedisNode[] = [];
  readonly sentinels: SimSentinel[] = [];
  readonly promotions: Promotion[] = [];
  readonly leaders = new Map<number, string>();
  readonly violations: string[] = [];
  /** How many times each event was published, over all sentinels (what the schedules exercised). */
  readonly eventCounts = new Map<string, number>();
  private readonly armed = new Map<SimSentinel, { event: string; until: number; downMs: number }>();
  /** A narrative of faults and the sentinels' main events, for the report of a failing schedule. */
  readonly story: string[] = [];

  constructor(readonly spec: ClusterSpec) {
    this.rng = new Rng(spec.seed);
    this.net = new SimNetwork(this.sched, this.rng.fork('net'));
    const nodes = (): readonly SimRedisNode[] => this.nodes;
    for (let i = 0; i <= spec.replicas; i++) {
      const replicaOf = i === 0 ? null : { host: nodeHost(0), port: REDIS_PORT };
      const priority = i === 0 ? 100 : (spec.priorities?.[i - 1] ?? 100);
      this.nodes.push(new SimRedisNode(this.sched, this.net, this.rng.fork(`node${i}`), nodes, { host: nodeHost(i), replicaOf, priority }));
    }
    for (let i = 0; i < spec.sentinels; i++) {
      const rng = this.rng.fork(`sentinel${i}`);
      const config = sentinelConfig(spec, rng.runId());
      this.sentinels.push(
        new SimSentinel(this.sched, this.net, rng, sentinelHost(i), config, spec.timing, this, spec.forgetfulVoters ?? false),
      );
    }
  }

  get hosts(): string[] {
    return [...this.nodes.map((n) => n.host), ...this.sentinels.map((s) => s.host)];
  }

  now(): number {
    return this.sched.now();
  }

  note(text: string): void {
    this.story.push(`${this.elapsed()} ${text}`);
    if (this.story.length > 600) this.story.splice(0, 300);
  }

  elapsed(): string {
    return `t+${((this.sched.now() - START) / 1000).toFixed(3)}s`;
  }

  run(ms: number): void {
    this.sched.runUntil(this.sched.now() + ms);
    this.net.sweep();
  }

  /** Crash `s` the next time it publishes `event` before `until`, for `downMs`. */
  armCrash(s: SimSentinel, event: string, until: number, downMs: number): void {
    this.armed.set(s, { event, until, downMs });
  }

  // ---- SentinelObserver ----

  event(s: SimSentinel, channel: string, message: string): void {
    this.eventCounts.set(channel, (this.eventCounts.get(channel) ?? 0) + 1);
    if (channel === '+elected-leader') {
      const epoch = s.engine?.state.masters.get(MASTER_NAME)?.failoverEpoch ?? -1;
      const other = this.leaders.get(epoch);
      if (other !== undefined && other !== s.myid)
        this.violations.push(`${this.elapsed()} two leaders in epoch ${epoch}: ${other} and ${s.myid}`);
      this.leaders.set(epoch, s.myid);
    }
    const trap = this.armed.get(s);
    if (trap && trap.event === channel && this.now() < trap.until) {
      this.armed.delete(s);
      this.note(`${s.host} crashes right after ${channel}`);
      this.sched.after(0, () => s.crash()); // after the current step: what it already sent is on the wire
      this.sched.after(trap.downMs, () => s.restart());
    }
    if (STORY_EVENTS.has(channel) && (channel !== '+sdown' || message.startsWith('master'))) this.note(`${s.host} ${channel} ${message}`);
  }

  command(s: SimSentinel, ri: Instance, args: string[]): void {
    if (args[0]?.toUpperCase() !== 'SLAVEOF') return;
    const target = `${ri.addr.host}:${ri.addr.port}`;
    if (args[1]?.toUpperCase() !== 'NO') return this.note(`${s.host} SLAVEOF ${args[1]} ${args[2]} -> ${target}`);
    const epoch = ri.master?.failoverEpoch ?? -1;
    this.note(`${s.host} SLAVEOF NO ONE -> ${target} (epoch ${epoch})`);
    for (const p of this.promotions) {
      if (p.epoch === epoch && p.target !== target) {
        this.violations.push(
          `${this.elapsed()} epoch ${epoch} promoted two replicas: ${p.target} by ${p.sentinel} and ${target} by ${s.myid}`,
        );
      }
    }
    this.promotions.push({ at: this.sched.now(), sentinel: s.myid, epoch, target });
  }

  // ---- Views for the checks ----

  /** Each live sentinel's current master address (sentinelGetCurrentMasterAddress). */
  sentinelViews(): { host: string; addr: Addr | null }[] {
    return this.sentinels
      .filter((s) => s.alive)
      .map((s) => {
        const m = s.engine?.state.masters.get(MASTER_NAME);
        return { host: s.host, addr: m ? currentMasterAddress(m) : null };
      });
  }

  nodeAt(addr: Addr): SimRedisNode | undefined {
    return this.nodes.find((n) => n.host === addr.host && n.port === addr.port);
  }

  /** Live nodes that are role master now. */
  liveMasters(): SimRedisNode[] {
    return this.nodes.filter((n) => n.alive && n.isMaster);
  }
}

export const START = new Scheduler().now();

const STORY_EVENTS = new Set([
  '+sdown',
  '+odown',
  '+try-failover',
  '+elected-leader',
  '+promoted-slave',
  '+switch-master',
  '+failover-end',
  '+failover-end-for-timeout',
  '-failover-abort-not-elected',
  '-failover-abort-slave-timeout',
  '-failover-abort-no-good-slave',
  '+convert-to-slave',
  '+fix-slave-config',
  '+tilt',
  '-tilt',
  '+config-update-from',
]);

function sentinelConfig(spec: ClusterSpec, myid: string): SentinelConfig {
  return {
    port: SENTINEL_PORT,
    bind: [],
    logfile: '',
    daemonize: false,
    protectedMode: false,
    myid,
    currentEpoch: 0,
    resolveHostnames: false,
    announceHostnames: false,
    denyScriptsReconfig: true,
    masters: [
      {
        ...createMasterConfig(MASTER_NAME, nodeHost(0), REDIS_PORT, spec.quorum),
        downAfterMs: spec.downAfterMs,
        failoverTimeoutMs: spec.failoverTimeoutMs,
      },
    ],
  };
}
