import type { Clock } from '../common/clock.js';
import { describeError } from '../common/errors.js';
import type { LabIo } from '../observe/lab-io.js';
import { findFinalMaster, readKeys } from '../observe/final-master.js';
import type { TimelineEvent } from '../observe/timeline.js';
import type { Topology } from '../topology/topology.js';
import { sentinelNodes } from '../topology/topology.js';
import type { ExpectationResult } from '../traffic/expectations.js';
import { judgeExpectations } from '../traffic/expectations.js';
import type { Stopwatch } from '../traffic/stopwatch.js';
import { measureFailover } from '../traffic/stopwatch.js';
import type { TrafficExpectations, TrafficOptions } from '../traffic/traffic-options.js';
import type { WriteAttempt } from '../traffic/write-attempt.js';
import type { WriteCheck } from '../traffic/write-checker.js';
import { checkWrites } from '../traffic/write-checker.js';

export interface TrafficRecord {
  options: TrafficOptions;
  attempts: WriteAttempt[];
  /** The node whose data judged the writes; undefined when no single master could be found. */
  finalMaster?: string;
  check?: WriteCheck;
  stopwatch: Stopwatch;
  expectations: ExpectationResult[];
  error?: string;
}

/**
 * Once the lab has settled: reads every written key from the final master, classifies the writes, times the
 * failover's phases, and checks the scenario's thresholds.
 */
export async function judgeTraffic(input: {
  topology: Topology;
  options: TrafficOptions;
  attempts: WriteAttempt[];
  events: TimelineEvent[];
  faultAt: number;
  oldMaster?: string;
  expect: TrafficExpectations;
  /** When the first heal step started: thresholds about the fault stop there. */
  healAt?: number;
  clock: Clock;
  io: LabIo;
}): Promise<TrafficRecord> {
  const { topology, attempts } = input;
  const stopwatch = measureFailover({
    faultAt: input.faultAt,
    events: input.events,
    attempts,
    oldMaster: input.oldMaster,
    sentinels: sentinelNodes(topology).length,
  });
  const final = await findFinalMaster(input.io, topology);
  if ('error' in final)
    return { options: input.options, attempts, stopwatch, expectations: failAll(input.expect, final.error), error: final.error };
  const master = final.node;
  try {
    const stored = await readKeys(
      input.io,
      topology,
      master,
      attempts.map((a) => a.key),
    );
    const check = checkWrites(attempts, stored);
    return {
      options: input.options,
      attempts,
      finalMaster: master.name,
      check,
      stopwatch,
      expectations: judgeExpectations(input.expect, check, stopwatch, input.faultAt, input.healAt),
    };
  } catch (error) {
    const message = `could not read the writes back from ${master.name}: ${describeError(error)}`;
    return {
      options: input.options,
      attempts,
      finalMaster: master.name,
      stopwatch,
      expectations: failAll(input.expect, message),
      error: message,
    };
  }
}

function failAll(expect: TrafficExpectations, why: string): ExpectationResult[] {
  return Object.keys(expect).map((key) => ({ title: key, ok: false, expected: key, seen: why }));
}
