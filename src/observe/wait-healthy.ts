import type { Clock } from '../common/clock.js';
import type { WaitOutcome } from '../common/wait-for.js';
import { waitFor } from '../common/wait-for.js';
import type { Topology } from '../topology/topology.js';
import { assessLab } from './assess-lab.js';
import type { LabIo } from './lab-io.js';

/** Polls the whole lab until assessLab finds nothing; on timeout the outcome lists what was still wrong. */
export function waitUntilHealthy(
  topology: Topology,
  options: { io: LabIo; clock: Clock; timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<WaitOutcome<true>> {
  return waitFor(
    async () => {
      const findings = assessLab(topology, await options.io.probe(topology));
      return findings.length === 0 ? { done: true, value: true as const } : { done: false, pending: findings.map((f) => f.message) };
    },
    { clock: options.clock, timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 250, signal: options.signal },
  );
}
