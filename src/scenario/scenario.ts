import type { ClientsOptions } from '../clients/clients-options.js';
import type { RawLabOptions } from '../topology/lab-options.js';
import type { TrafficExpectations, TrafficOptions } from '../traffic/traffic-options.js';
import type { StepKind } from './step-kind.js';

/** One step as written in the file, with its arguments read and checked. */
export interface ScenarioStep {
  /** 1-based position in the file's steps list. */
  index: number;
  line: number;
  kind: StepKind<unknown>;
  args: unknown;
  title: string;
  /** Why the step does not apply to this lab (its `when:` does not match), so it is reported skipped. */
  skip?: string;
}

/** The lab a scenario wants: options as the CLI flags would give them, plus extra redis.conf settings. */
export interface ScenarioTopology {
  options: RawLabOptions;
  redisConfig: Record<string, string>;
  /** replica-priority per redis node name (others keep 100). */
  replicaPriority: Record<string, number>;
}

export interface Scenario {
  name: string;
  description: string;
  file: string;
  topology: ScenarioTopology;
  steps: ScenarioStep[];
  /** Writes while the scenario runs (`traffic:` in the file, or --traffic). */
  traffic?: TrafficOptions;
  /** Client drivers while the scenario runs (`clients:` in the file, or --clients / --client-cmd). */
  clients?: ClientsOptions;
  /** Thresholds on what the traffic saw (`expect:`), checked once the lab has settled. */
  expect: TrafficExpectations;
}
