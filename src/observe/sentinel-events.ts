import { Redis } from 'ioredis';
import type { Clock } from '../common/clock.js';
import type { Topology } from '../topology/topology.js';
import { sentinelNodes } from '../topology/topology.js';
import type { Timeline } from './timeline.js';

/**
 * Subscribes to every event every sentinel publishes (PSUBSCRIBE *) and records it on the timeline.
 * Reconnects on its own, so a sentinel that is stopped and started again keeps reporting.
 */
export async function watchSentinelEvents(topology: Topology, timeline: Timeline, clock: Clock): Promise<() => void> {
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
      timeline.add({ at: clock.now(), kind: 'sentinel', source: node.name, name: channel, detail: message });
    });
    return client;
  });
  // A sentinel that is down now still gets its subscription once it is back (ioredis resubscribes).
  await Promise.all(clients.map((client) => client.psubscribe('*').catch(() => undefined)));
  return () => clients.forEach((client) => client.disconnect());
}
