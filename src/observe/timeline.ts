import { EventEmitter } from 'node:events';

/**
 * sentinel: a message a sentinel published (name = channel, e.g. +switch-master);
 * role: a redis node's role changed as INFO replication shows it; step: a scenario step started or ended;
 * explain: an engine sentinel's reason for a decision (why it saw a node down, how it voted, which replica it chose).
 */
export type TimelineKind = 'sentinel' | 'role' | 'step' | 'note' | 'explain';

export interface TimelineEvent {
  /** Epoch milliseconds. */
  at: number;
  kind: TimelineKind;
  /** The node that published or changed, or 'runner'. */
  source: string;
  name: string;
  detail: string;
}

/** Everything that happened during a run, in order, with a way to wait for what has not happened yet. */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly emitter = new EventEmitter();

  /** Calls `listener` with every event added from now on. */
  onEvent(listener: (event: TimelineEvent) => void): void {
    this.emitter.on('event', listener);
  }

  add(event: TimelineEvent): void {
    this.events.push(event);
    this.emitter.emit('event', event);
  }

  /**
   * Resolves with the first event (already recorded since `since`, or still to come) that matches, or
   * undefined after the timeout.
   */
  waitFor(match: (event: TimelineEvent) => boolean, since: number, timeoutMs: number, signal?: AbortSignal): Promise<TimelineEvent | undefined> {
    const seen = this.events.find((e) => e.at >= since && match(e));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = (result: TimelineEvent | undefined, error?: unknown) => {
        clearTimeout(timer);
        this.emitter.off('event', onEvent);
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(result);
      };
      const onEvent = (event: TimelineEvent) => {
        if (event.at >= since && match(event)) done(event);
      };
      const onAbort = () => done(undefined, signal?.reason);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.emitter.on('event', onEvent);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
