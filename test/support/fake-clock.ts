import type { Clock } from '../../src/common/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock whose time moves only when everything that runs is waiting on it: once the event loop has nothing
 * else to do (a setImmediate turn after every pending promise callback), it jumps to the earliest sleep and wakes
 * it. A scenario's 30-second wait times out in a millisecond of real time, and always at the same fake instant.
 * Nothing in the code under test may wait on real I/O while this clock drives it.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers: Timer[] = [];
  private scheduled = false;

  constructor(start = Date.UTC(2026, 11, 2, 12, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers.splice(this.timers.indexOf(timer), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.schedule();
    });
  }

  /** Moves time forward by hand (timers that come due wake on the next idle turn). */
  advance(ms: number): void {
    this.time += ms;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
