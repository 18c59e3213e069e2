// One sentinel: its state, built from a sentinel.conf, and the timer that drives every decision
// (sentinel.c: sentinelTimer, sentinelHandleDictOfRedisInstances, sentinelHandleRedisInstance,
// sentinelCheckTiltCondition, sentinelIsRunning).

import {
  FailoverState,
  LogLevel,
  REDIS_TIMING,
  SENTINEL_HELLO_CHANNEL,
  SRI_MASTER,
  SRI_SENTINEL,
  SRI_SLAVE,
  type Timing,
} from '../constants.js';
import type { MasterConfig, SentinelConfig } from '../config/sentinel-config.js';
import type { Engine, SentinelState } from './engine-state.js';
import type { EngineIo, LinkKind } from './engine-io.js';
import { emitEvent } from './events.js';
import { askMasterStateToOtherSentinels, ASK_FORCED, checkObjectivelyDown, checkSubjectivelyDown } from './down-detection.js';
import { failoverStateMachine, startFailoverIfNeeded, switchToPromotedSlave } from './failover.js';
import { needsWatching, timerPeriod } from './haste.js';
import { helloReceived } from './hello.js';
import type { Instance } from './instance.js';
import { createInstance, dropLinks, propagateDownAfterPeriod } from './instance-registry.js';
import { LabFaults } from './lab-faults.js';
import { linkClosed, reconnectInstance, sendPeriodicCommands } from './links.js';

export class SentinelEngine implements Engine {
  readonly state: SentinelState;
  /** Whether the last tick found an instance that needs watching (adaptive profile: the timer runs faster). */
  private watching = true;
  /**
   * Set by the runner of the timer: called when something between two ticks calls for the next tick sooner than
   * planned (adaptive profile: a link closed while the timer sleeps at the rest pace). The runner then asks
   * nextTickDelay() again.
   */
  onWake: (() => void) | null = null;

  constructor(
    config: SentinelConfig,
    readonly io: EngineIo,
    timing: Timing = REDIS_TIMING,
  ) {
    const now = io.now();
    this.state = {
      myid: config.myid ?? randomRunId(io),
      currentEpoch: config.currentEpoch,
      masters: new Map(),
      tilt: false,
      tiltStartTime: 0,
      previousTime: now,
      announceIp: config.announceIp ?? null,
      announcePort: config.announcePort ?? 0,
      port: config.port,
      simFailureFlags: 0,
      denyScriptsReconfig: config.denyScriptsReconfig,
      resolveHostnames: config.resolveHostnames,
      announceHostnames: config.announceHostnames,
      sentinelAuthUser: config.sentinelUser ?? null,
      sentinelAuthPass: config.sentinelPass ?? null,
      requirePass: config.requirePass ?? null,
      timing: { ...timing },
      labFaults: new LabFaults(),
    };
    for (const m of config.masters) this.addMasterFromConfig(m);
  }

  /** sentinelIsRunning(): announce every monitored master. The caller flushes the config (a new myid is saved). */
  start(): void {
    for (const master of this.state.masters.values()) {
      emitEvent(this, LogLevel.WARNING, '+monitor', master, `quorum ${master.quorum}`);
    }
  }

  /** sentinelTimer(): one round over every master, its replicas and its sentinels. */
  tick(): void {
    this.checkTiltCondition();
    let switchToPromoted: Instance | null = null;
    for (const master of [...this.state.masters.values()]) {
      this.handleInstance(master);
      for (const replica of [...master.slaves.values()]) this.handleInstance(replica);
      for (const sentinel of [...master.sentinels.values()]) this.handleInstance(sentinel);
      if (master.failoverState === FailoverState.UPDATE_CONFIG) switchToPromoted = master;
    }
    if (switchToPromoted) switchToPromotedSlave(this, switchToPromoted);
    const haste = this.state.timing.haste;
    if (haste) {
      const now = this.io.now();
      const all = (m: Instance) => [m, ...m.slaves.values(), ...m.sentinels.values()];
      this.watching = [...this.state.masters.values()].some((m) => all(m).some((ri) => needsWatching(ri, now, haste.lateFraction)));
    }
  }

  /**
   * Time until the next tick: sentinel.c changes hz at every tick (10 to 19) so sentinels drift apart. The
   * adaptive profile ticks at the fast profile's pace while something needs watching.
   */
  nextTickDelay(): number {
    return timerPeriod(this.state.timing, this.watching) / (1 + this.io.random());
  }

  /** The io reports that a link closed; replies of older connections are ignored through the generation. */
  linkClosed(ri: Instance, kind: LinkKind, generation: number): void {
    if (kind === 'cc' && generation !== ri.link.generation) return;
    linkClosed(ri, kind);
    // A lost link needs watching: reconnect, and judge SDOWN, at the fast pace from now on, not from the next tick.
    if (this.state.timing.haste && !this.watching) {
      this.watching = true;
      this.onWake?.();
    }
  }

  /** A message arrived on the pub/sub link of a master or replica. */
  helloReceived(ri: Instance, channel: string, payload: string): void {
    ri.link.pcLastActivity = this.io.now();
    if (channel !== SENTINEL_HELLO_CHANNEL) return;
    helloReceived(this, payload);
  }

  /** Close every link of a master, its replicas and sentinels (at shutdown). */
  dropAllLinks(master: Instance): void {
    for (const ri of [master, ...master.slaves.values(), ...master.sentinels.values()]) dropLinks(this, ri);
  }

  get masters(): Instance[] {
    return [...this.state.masters.values()];
  }

  /** sentinelHandleRedisInstance() */
  private handleInstance(ri: Instance): void {
    reconnectInstance(this, ri);
    sendPeriodicCommands(this, ri);
    const s = this.state;
    if (s.tilt) {
      if (this.io.now() - s.tiltStartTime < s.timing.tiltPeriod) return;
      s.tilt = false;
      emitEvent(this, LogLevel.WARNING, '-tilt', null, '#tilt mode exited', false);
    }
    checkSubjectivelyDown(this, ri);
    if (ri.has(SRI_MASTER)) {
      checkObjectivelyDown(this, ri);
      if (startFailoverIfNeeded(this, ri)) askMasterStateToOtherSentinels(this, ri, ASK_FORCED);
      failoverStateMachine(this, ri);
      askMasterStateToOtherSentinels(this, ri, 0);
    }
  }

  /** sentinelCheckTiltCondition(): a timer that ran late (or a clock that jumped) makes every view suspect. */
  private checkTiltCondition(): void {
    const now = this.io.now();
    const delta = now - this.state.previousTime;
    if (delta < 0 || delta > this.state.timing.tiltTrigger) {
      this.state.tilt = true;
      this.state.tiltStartTime = now;
      emitEvent(this, LogLevel.WARNING, '+tilt', null, '#tilt mode entered', false);
    }
    this.state.previousTime = now;
  }

  /** The part of sentinelHandleConfiguration() that builds instances. */
  private addMasterFromConfig(m: MasterConfig): void {
    const master = createInstance(this, SRI_MASTER, m.name, { host: m.host, port: m.port }, m.quorum, null);
    if (!master) return;
    master.downAfterPeriod = m.downAfterMs;
    master.failoverTimeout = m.failoverTimeoutMs;
    master.parallelSyncs = m.parallelSyncs;
    master.authPass = m.authPass ?? null;
    master.authUser = m.authUser ?? null;
    master.notificationScript = m.notificationScript ?? null;
    master.clientReconfigScript = m.clientReconfigScript ?? null;
    master.masterRebootDownAfterPeriod = m.masterRebootDownAfterPeriodMs;
    master.configEpoch = m.configEpoch;
    master.leaderEpoch = m.leaderEpoch;
    for (const [from, to] of m.renamedCommands) master.renamedCommands.set(from.toLowerCase(), to);
    for (const r of m.knownReplicas) createInstance(this, SRI_SLAVE, null, r, m.quorum, master);
    for (const s of m.knownSentinels) {
      const si = createInstance(this, SRI_SENTINEL, s.runId, { host: s.host, port: s.port }, m.quorum, master);
      if (si) si.runId = s.runId;
    }
    propagateDownAfterPeriod(master);
  }
}

/** getRandomHexChars(): a 40-character run id. */
export function randomRunId(io: Pick<EngineIo, 'random'>): string {
  let id = '';
  for (let i = 0; i < 40; i++) id += Math.floor(io.random() * 16).toString(16);
  return id;
}
