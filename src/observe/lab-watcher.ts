import type { Clock } from '../common/clock.js';
import type { Topology } from '../topology/topology.js';
import type { LabIo } from './lab-io.js';
import type { NodeStatus } from './node-status.js';
import type { TimelineEvent } from './timeline.js';

export type WatchChange = { type: 'node'; at: number; status: NodeStatus } | { type: 'event'; at: number; event: TimelineEvent };

const pollMs = 500;

/**
 * Follows a lab live: every sentinel event as it is published, and every node's status, polled, reported
 * when it changes. Keeps going while nodes die and come back (probes fail as values, subscriptions reconnect).
 */
export async function watchLab(
  topology: Topology,
  io: LabIo,
  clock: Clock,
  onChange: (change: WatchChange, statuses: NodeStatus[]) => void,
): Promise<{ stop(): Promise<void> }> {
  let statuses: NodeStatus[] = [];
  const last = new Map<string, string>();
  let stopped = false;

  const stopEvents = await io.watchSentinels(topology, (event) => onChange({ type: 'event', at: event.at, event }, statuses));

  const poll = async () => {
    while (!stopped) {
      statuses = await io.probe(topology);
      for (const status of statuses) {
        const signature = JSON.stringify(significant(status));
        if (!stopped && last.get(status.name) !== signature) {
          last.set(status.name, signature);
          onChange({ type: 'node', at: clock.now(), status }, statuses);
        }
      }
      await clock.sleep(pollMs).catch(() => undefined);
    }
  };
  const polling = poll();
  return {
    async stop() {
      stopped = true;
      stopEvents();
      await polling;
    },
  };
}

/** What counts as a change worth reporting (offsets move all the time and are left out). */
function significant(status: NodeStatus): unknown {
  if (status.kind === 'redis') return [status.role, status.master, status.link];
  return [status.role, status.master, status.flags, status.ckquorum?.ok, status.numSlaves, status.numOtherSentinels];
}
