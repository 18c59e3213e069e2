import type { Clock } from '../common/clock.js';
import type { Topology } from '../topology/topology.js';
import { redisNodes } from '../topology/topology.js';
import { probeRedisNode } from './node-status.js';
import type { Timeline } from './timeline.js';

const pollMs = 200;

/** Records every change of a redis node's role (master, replica of X, down) on the timeline, polling INFO. */
export function watchRoles(topology: Topology, timeline: Timeline, clock: Clock): () => Promise<void> {
  const last = new Map<string, string>();
  let stopped = false;
  const nodes = redisNodes(topology);
  const probe = async (record: () => boolean) => {
    const statuses = await Promise.all(nodes.map((node) => probeRedisNode(topology, node, 500)));
    for (const status of statuses) {
      const role = status.role === 'replica' ? `replica of ${status.masterNode ?? status.master}${status.link === 'up' ? '' : ' (link down)'}` : status.role;
      if (record() && last.get(status.name) !== role) {
        last.set(status.name, role);
        timeline.add({ at: clock.now(), kind: 'role', source: status.name, name: 'role', detail: role });
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
