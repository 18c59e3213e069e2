import { usageError } from '../common/errors.js';
import type { LabRecord, LabStore } from '../lab/lab-store.js';
import type { LabIo, NodeClient } from '../observe/lab-io.js';
import { withNode } from '../observe/lab-io.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';
import { runtimeOf } from '../runtime/select-runtime.js';
import type { LabOptions } from '../topology/lab-options.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { persistenceOf, redisNodes, sentinelNodes } from '../topology/topology.js';

/** A setting the runner changed on a running lab, and how to put it back. */
export interface Override {
  description: string;
  undo: () => Promise<void>;
}

/** The lab a scenario runs on: the one that is up under that name, with its runtime, or none (the runner boots one). */
export async function findRunningLab(
  name: string,
  runtimes: RuntimeFactory,
  store: LabStore,
): Promise<{ record: LabRecord; runtime: Runtime } | undefined> {
  const record = await store.read(name);
  if (!record) return undefined;
  const runtime = runtimeOf(record.runtime, runtimes, record.topology.programs);
  return (await runtime.countNodes(name).catch(() => 0)) > 0 ? { record, runtime } : undefined;
}

/**
 * Structural differences (node counts, password) cannot be changed on a running lab: say so, and how to get a
 * lab that fits.
 */
export function checkCompatible(scenario: string, wanted: LabOptions, topology: Topology): void {
  const problems: string[] = [];
  const replicas = redisNodes(topology).length - 1;
  const sentinels = sentinelNodes(topology).length;
  if (wanted.replicas !== replicas) problems.push(`${wanted.replicas} replicas (the lab has ${replicas})`);
  if (wanted.sentinels !== sentinels) problems.push(`${wanted.sentinels} sentinels (the lab has ${sentinels})`);
  if ((wanted.password ?? '') !== (topology.password ?? ''))
    problems.push(wanted.password ? 'a password (the lab has none or another)' : 'no password (the lab has one)');
  // A node reads its persistence from redis.conf at every start: a CONFIG SET would not survive the restarts
  // that make persistence matter.
  if (wanted.layout !== (topology.layout ?? 'nodes')) problems.push(`layout ${wanted.layout} (the lab has ${topology.layout ?? 'nodes'})`);
  if (wanted.persistence !== persistenceOf(topology))
    problems.push(`persistence ${wanted.persistence} (the lab has ${persistenceOf(topology)})`);
  if (problems.length > 0) {
    throw usageError(
      `scenario '${scenario}' needs ${problems.join(', ')}, which lab '${topology.name}' that is up cannot change.\n` +
        `Remove it (redis-ha-lab down --name ${topology.name}) and the scenario boots a lab that fits, or run it under another --name and --port-base.`,
    );
  }
}

/**
 * Settings a running lab can take for the length of the scenario: SENTINEL SET for the sentinels' settings,
 * CONFIG SET for redis.conf settings. Each comes with its undo, which puts the previous value back.
 */
export async function applyOverrides(wanted: LabOptions, topology: Topology, io: LabIo): Promise<Override[]> {
  const overrides: Override[] = [];
  const onNode = <T>(node: LabNode, work: (client: NodeClient) => Promise<T>) => withNode(io, topology, node, 2000, work);
  const sentinelSettings: [string, number, number][] = [
    ['quorum', wanted.quorum, topology.quorum],
    ['down-after-milliseconds', wanted.downAfterMs, topology.downAfterMs],
    ['failover-timeout', wanted.failoverTimeoutMs, topology.failoverTimeoutMs],
    ['parallel-syncs', wanted.parallelSyncs, topology.parallelSyncs],
  ];
  for (const [setting, value, current] of sentinelSettings) {
    if (value === current) continue;
    const set = (v: number) =>
      Promise.all(sentinelNodes(topology).map((s) => onNode(s, (c) => c.call('SENTINEL', 'SET', topology.masterName, setting, String(v)))));
    await set(value);
    overrides.push({
      description: `SENTINEL SET ${setting} ${current} (was ${value} for the scenario)`,
      undo: async () => void (await set(current)),
    });
  }
  for (const [setting, value] of Object.entries(wanted.redisConfig ?? {})) {
    for (const node of redisNodes(topology)) {
      const previous = (await onNode(node, (c) => c.call('CONFIG', 'GET', setting))) as string[];
      await onNode(node, (c) => c.call('CONFIG', 'SET', setting, value));
      overrides.push({
        description: `CONFIG SET ${setting} ${previous[1] ?? ''} on ${node.name}`,
        undo: async () => void (await onNode(node, (c) => c.call('CONFIG', 'SET', setting, previous[1] ?? ''))),
      });
    }
  }
  for (const [name, priority] of Object.entries(wanted.replicaPriority ?? {})) {
    const node = redisNodes(topology).find((n) => n.name === name);
    if (!node) continue;
    const previous = (await onNode(node, (c) => c.call('CONFIG', 'GET', 'replica-priority'))) as string[];
    await onNode(node, (c) => c.call('CONFIG', 'SET', 'replica-priority', String(priority)));
    overrides.push({
      description: `CONFIG SET replica-priority ${previous[1] ?? '100'} on ${name}`,
      undo: async () => void (await onNode(node, (c) => c.call('CONFIG', 'SET', 'replica-priority', previous[1] ?? '100'))),
    });
  }
  return overrides;
}
