import type { Clock } from '../common/clock.js';
import { waitUntilHealthy } from '../observe/wait-healthy.js';
import { describeError } from '../common/errors.js';
import type { LabIo } from '../observe/lab-io.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Topology } from '../topology/topology.js';
import type { RestoreRecord } from './run-record.js';
import type { UndoAction } from './step-context.js';

export interface RestoreInput {
  topology: Topology;
  runtime: Runtime;
  io: LabIo;
  clock: Clock;
  /** Nodes put in DEBUG SLEEP, until when. */
  sleeping: Map<string, number>;
  /** Undo actions, oldest first; run newest first. */
  undo: UndoAction[];
  /** A partition step ran (healing is always attempted; this only says whether to report it). */
  partitioned: boolean;
  /** Wait until the lab is healthy again (skipped when the lab is removed right after). */
  waitHealthyMs?: number;
}

/**
 * Puts the lab back so it stays usable whatever the scenario did or where it stopped: heals partitions,
 * unpauses, starts what is stopped, restarts what is still in DEBUG SLEEP, undoes settings, then waits for
 * Sentinel to settle. Each action is attempted even when an earlier one failed.
 */
export async function restoreLab(input: RestoreInput): Promise<RestoreRecord> {
  const { topology, runtime, clock } = input;
  const record: RestoreRecord = { actions: [], findings: [], errors: [] };
  const attempt = async (description: string, action: () => Promise<void>) => {
    try {
      await action();
      if (description) record.actions.push(description);
    } catch (error) {
      record.errors.push(`${description}: ${describeError(error)}`);
    }
  };

  await attempt(input.partitioned ? 'healed the partition' : '', () => runtime.heal(topology));
  for (const node of topology.nodes) {
    const state = await runtime.state(topology, node).catch(() => 'missing' as const);
    if (state === 'paused') await attempt(`unpaused ${node.name}`, () => runtime.apply(topology, node, 'unpause'));
    else if (state === 'stopped') await attempt(`started ${node.name}`, () => runtime.apply(topology, node, 'start'));
    else if (state === 'running' && (input.sleeping.get(node.name) ?? 0) > clock.now()) {
      await attempt(`restarted ${node.name} (still in DEBUG SLEEP)`, () => runtime.apply(topology, node, 'restart'));
    }
  }
  for (const { description, undo } of [...input.undo].reverse()) await attempt(description, undo);

  if (input.waitHealthyMs !== undefined) {
    const outcome = await waitUntilHealthy(topology, { io: input.io, clock, timeoutMs: input.waitHealthyMs });
    record.healthy = outcome.ok;
    if (!outcome.ok) record.findings = outcome.pending;
  }
  return record;
}
