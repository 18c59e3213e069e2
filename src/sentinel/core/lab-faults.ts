// Faults a lab can switch on in the engine, to show what clients do when Sentinel itself misbehaves. None of this
// is in sentinel.c: it is a deliberate difference, reachable only through the LABFAULT command that exists only
// when the engine runs with --lab-faults (labs start their engines so). With no fault set the engine behaves as
// sentinel.c does, and every fault ends at its deadline or at LABFAULT CLEAR.

import type { Addr } from './sentinel-addr.js';

export const labFaultKinds = ['withhold-event', 'stale-master', 'delay-hello', 'mute-clients'] as const;
export type LabFaultKind = (typeof labFaultKinds)[number];

/** What each fault does, for LABFAULT HELP, the step's --help and the docs. */
export const labFaultSummaries: Record<LabFaultKind, string> = {
  'withhold-event': 'events (e.g. +switch-master) are logged but not published to subscribers',
  'stale-master': 'SENTINEL GET-MASTER-ADDR-BY-NAME answers the master of the moment the fault began',
  'delay-hello': 'hello messages go out only every N ms (Sentinel: every 2 s), so peers learn a new configuration late',
  'mute-clients': 'commands from clients get no reply; links from other sentinels (named sentinel-*) still do, so it still votes',
};

export interface LabFault {
  kind: LabFaultKind;
  /** Engine clock time it ends at; 0: until cleared. */
  until: number;
  /** withhold-event: the event names. */
  events?: string[];
  /** delay-hello: the period between hellos. */
  helloPeriodMs?: number;
  /** stale-master: each master's address when the fault began, by master name. */
  frozen?: Map<string, Addr>;
}

/** The faults set on one engine, each ending by itself at its deadline. */
export class LabFaults {
  private readonly active = new Map<LabFaultKind, LabFault>();

  set(fault: LabFault): void {
    this.active.set(fault.kind, fault);
  }

  /** Ends one fault, or every fault; returns how many were active. */
  clear(now: number, kind?: LabFaultKind): number {
    const ended = this.list(now).filter((f) => kind === undefined || f.kind === kind).length;
    if (kind === undefined) this.active.clear();
    else this.active.delete(kind);
    return ended;
  }

  /** The faults still in force at `now`; those past their deadline are dropped. */
  list(now: number): LabFault[] {
    for (const [kind, fault] of this.active) if (fault.until !== 0 && now >= fault.until) this.active.delete(kind);
    return [...this.active.values()];
  }

  private get(kind: LabFaultKind, now: number): LabFault | undefined {
    const fault = this.active.get(kind);
    if (fault && fault.until !== 0 && now >= fault.until) {
      this.active.delete(kind);
      return undefined;
    }
    return fault;
  }

  /** withhold-event: true when `event` must not reach subscribers. */
  withholds(event: string, now: number): boolean {
    return this.get('withhold-event', now)?.events?.includes(event) ?? false;
  }

  /** stale-master: the address to answer for `master` instead of the current one. */
  staleMaster(master: string, now: number): Addr | undefined {
    return this.get('stale-master', now)?.frozen?.get(master);
  }

  /** delay-hello: the stretched period between hellos, when set. */
  helloPeriod(now: number): number | undefined {
    return this.get('delay-hello', now)?.helloPeriodMs;
  }

  /** mute-clients: true when client commands get no reply. */
  mutesClients(now: number): boolean {
    return this.get('mute-clients', now) !== undefined;
  }
}
