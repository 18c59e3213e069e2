import type { Clock } from '../common/clock.js';
import type { Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import type { LabIo } from './lab-io.js';
import type { TimelineEvent } from './timeline.js';

const pollMs = 200;
const probeTimeoutMs = 500;

/** Reports every change of a redis node's role (master, replica of X, down), polling INFO. */
export function watchRoles(topology: Topology, io: LabIo, clock: Clock, onEvent: (event: TimelineEvent) => void): () => Promise<void> {
  const last = new Map<string, string>();
  let stopped = false;
  const nodes = redisNodes(topology);
  const probe = async (record: () => boolean) => {
    const statuses = await io.probe(topology, nodes, { timeoutMs: probeTimeoutMs });
    for (const status of statuses) {
      if (status.kind !== 'redis') continue;
      const role =
        status.role === 'replica'
          ? `replica of ${status.masterNode ?? status.master}${status.link === 'up' ? '' : ' (link down)'}`
          : status.role;
      if (record() && last.get(status.name) !== role) {
        last.set(status.name, role);
        onEvent({ at: clock.now(), kind: 'role', source: status.name, name: 'role', detail: role });
      }
    }
  };
  const loop = async () => {
    while (!stopped) {
      await probe(() => !stopped);
      await clock.sleep(pollMs).catch(() => undefined);
    }
  };
  const running = loop();
  return async () => {
    stopped = true;
    await running;
    // One last look: a run shorter than a poll round (a fast failover) still ends with the roles as they are.
    await probe(() => true);
  };
}
