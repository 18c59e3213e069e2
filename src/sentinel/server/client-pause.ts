// CLIENT PAUSE / UNPAUSE (networking.c: pauseClients, unpauseClients, and the postponing of commands in
// processCommand). While a pause is active, commands of other clients wait: all of them in ALL mode, only
// those that may replicate (PUBLISH) in WRITE mode. Time is wall-clock time, as mstime() in Redis.

import type { CommandSpec } from './command-table.js';

export type PauseMode = 'all' | 'write';

export class ClientPause {
  private end = 0;
  private mode: PauseMode | null = null;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  /** pauseClients(): a second pause keeps the stronger mode and the later end. */
  pause(endMs: number, mode: PauseMode): void {
    this.mode = this.mode === 'all' || mode === 'all' ? 'all' : 'write';
    this.end = Math.max(this.end, endMs);
    this.arm();
  }

  /** unpauseClients() */
  unpause(): void {
    this.mode = null;
    this.end = 0;
    this.release();
  }

  /** Whether a command must wait now (blockPostponeClient's condition in processCommand). */
  holds(spec: CommandSpec): boolean {
    if (this.mode === null) return false;
    if (Date.now() >= this.end) {
      this.unpause();
      return false;
    }
    return this.mode === 'all' || spec.flags.has('MAY_REPLICATE') || spec.flags.has('WRITE');
  }

  /** Resolves when the pause ends (by time or CLIENT UNPAUSE). */
  waitForEnd(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops the timer and wakes every waiter (server shutdown). */
  dispose(): void {
    this.unpause();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, this.end - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (Date.now() >= this.end) this.unpause();
      else this.arm();
    }, delay);
    this.timer.unref();
  }

  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
