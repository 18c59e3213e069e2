import { Redis } from 'ioredis';
import type { Clock } from '../common/clock.js';
import type { Topology } from '../topology/topology.js';
import { sentinelNodes } from '../topology/topology.js';
import type { TimelineEvent } from './timeline.js';
import { ENGINE_EXPLAIN_CHANNEL } from '../sentinel/constants.js';
import { describeExplanation, shortRunId, type Explanation } from '../sentinel/core/explanation.js';

/** An engine's decision as a timeline entry: name "why:<kind>", detail a sentence. Malformed JSON is dropped. */
export function explainEvent(message: string, nameOf: (runId: string) => string): { name: string; detail: string } | undefined {
  try {
    const x = JSON.parse(message) as Explanation;
    if (typeof x !== 'object' || x === null || typeof x.kind !== 'string') return undefined;
    return { name: `why:${x.kind}`, detail: describeExplanation(x, nameOf) };
  } catch {
    return undefined;
  }
}

/**
 * Subscribes to every event every sentinel publishes (PSUBSCRIBE *) and hands each on as a timeline event.
 * Reconnects on its own, so a sentinel that is stopped and started again keeps reporting.
 */
export async function watchSentinelEvents(topology: Topology, clock: Clock, onEvent: (event: TimelineEvent) => void): Promise<() => void> {
  // Engine sentinels explain their decisions with run ids; people read node names.
  const names = new Map(sentinelNodes(topology).map((n) => [n.sentinelId ?? '', n.name]));
  const nameOf = (runId: string): string => names.get(runId) ?? shortRunId(runId);
  const clients = sentinelNodes(topology).map((node) => {
    const client = new Redis({
      host: node.published.host,
      port: node.published.port,
      lazyConnect: true,
      connectTimeout: 1000,
      enableReadyCheck: false,
      maxRetriesPerRequest: null,
      retryStrategy: () => 250,
    });
    client.on('error', () => {});
    client.on('pmessage', (_pattern: string, channel: string, message: string) => {
      if (channel === ENGINE_EXPLAIN_CHANNEL) {
        const explained = explainEvent(message, nameOf);
        if (explained) onEvent({ at: clock.now(), kind: 'explain', source: node.name, ...explained });
        return;
      }
      onEvent({ at: clock.now(), kind: 'sentinel', source: node.name, name: channel, detail: message });
    });
    return client;
  });
  // A sentinel that is down now still gets its subscription once it is back (ioredis resubscribes).
  await Promise.all(clients.map((client) => client.psubscribe('*').catch(() => undefined)));
  return () => clients.forEach((client) => client.disconnect());
}
