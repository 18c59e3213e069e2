import { EventEmitter } from 'node:events';
import type { Clock } from '../common/clock.js';

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

  /** Waits are timed on this clock, so a test's fake clock drives them. */
  constructor(private readonly clock: Clock) {}

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
  waitFor(
    match: (event: TimelineEvent) => boolean,
    since: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<TimelineEvent | undefined> {
    const seen = this.events.find((e) => e.at >= since && match(e));
    if (seen) return Promise.resolve(seen);
    // The timeout is a sleep on the clock, cancelled as soon as the event comes; the caller's signal cancels both.
    const done = new AbortController();
    const onAbort = () => done.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let onEvent: (event: TimelineEvent) => void = () => undefined;
    return new Promise<TimelineEvent | undefined>((resolve, reject) => {
      onEvent = (event) => {
        if (event.at >= since && match(event)) {
          resolve(event);
          done.abort();
        }
      };
      this.emitter.on('event', onEvent);
      this.clock.sleep(timeoutMs, done.signal).then(
        () => resolve(undefined),
        (error: unknown) => (signal?.aborted ? reject(error) : resolve(undefined)),
      );
    }).finally(() => {
      this.emitter.off('event', onEvent);
      signal?.removeEventListener('abort', onAbort);
      done.abort();
    });
  }
}
