// The simulation's virtual clock and event queue. Nothing in the simulation reads the wall clock or uses
// real timers: every action is an event at a virtual time, run in (time, insertion) order, so a run is a
// pure function of its seed.

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private nowMs: number;
  private seq = 0;
  private readonly heap: Scheduled[] = [];
  /** Events run so far (for the test's own statistics). */
  executed = 0;

  constructor(start = 1_700_000_000_000) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  /** Run `run` after `delay` ms (0 = after everything already due now). */
  after(delay: number, run: () => void): void {
    this.at(this.nowMs + Math.max(0, delay), run);
  }

  at(time: number, run: () => void): void {
    this.push({ at: Math.max(time, this.nowMs), seq: this.seq++, run });
  }

  /** Run events until the clock reaches `time` (events at exactly `time` included). */
  runUntil(time: number): void {
    while (this.heap.length > 0 && this.heap[0]!.at <= time) {
      const ev = this.pop();
      this.nowMs = ev.at;
      this.executed++;
      ev.run();
    }
    if (time > this.nowMs) this.nowMs = time;
  }

  // A binary heap ordered by (at, seq).
  private less(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(ev: Scheduled): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Scheduled {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
