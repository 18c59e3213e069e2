import type { ClientsRecord } from '../clients/run-clients.js';
import type { TimelineEvent } from '../observe/timeline.js';
import type { Topology } from '../topology/topology.js';
import type { StepCategory } from './step-kind.js';
import type { TrafficRecord } from './judge-traffic.js';
import type { Scenario } from './scenario.js';

export type StepStatus = 'passed' | 'failed' | 'done' | 'error' | 'skipped';

/** What happened to one step, with epoch-ms times (the report makes them relative to the fault). */
export interface StepRecord {
  index: number;
  line: number;
  kind: string;
  category: StepCategory;
  title: string;
  status: StepStatus;
  startedAt?: number;
  endedAt?: number;
  detail?: string;
  expected?: string;
  seen?: string;
  error?: string;
  /** Skipped because its `when:` does not match the lab: not a check of this run, and not a failure. */
  notApplicable?: boolean;
}

export interface RestoreRecord {
  actions: string[];
  /** undefined when the lab was removed afterwards, so there was nothing to wait for. */
  healthy?: boolean;
  findings: string[];
  errors: string[];
}

export interface RunRecord {
  scenario: Scenario;
  lab: string;
  topology: Topology;
  runtime: string;
  /** The runner booted this lab for the run and removed it afterwards. */
  bootedLab: boolean;
  startedAt: number;
  faultAt?: number;
  endedAt: number;
  oldMaster?: string;
  steps: StepRecord[];
  events: TimelineEvent[];
  restore: RestoreRecord;
  interrupted: boolean;
  traffic?: TrafficRecord;
  clients?: ClientsRecord;
}

export function runPassed(record: RunRecord): boolean {
  return !record.interrupted && record.steps.every((s) => s.status === 'passed' || s.status === 'done' || s.notApplicable);
}
