import type { StepKind } from '../step-kind.js';
import {
  assertCkquorumStep,
  assertKeysStep,
  assertNoFailoverStep,
  assertRejoinedStep,
  assertReplicasFollowStep,
  assertRoleStep,
  assertSentinelsReportStep,
} from './assert-steps.js';
import { commandStep, failoverStep } from './command-steps.js';
import { readStep, writeStep } from './data-steps.js';
import { engineFaultStep } from './engine-fault-step.js';
import { lifecycleSteps } from './lifecycle-steps.js';
import { healStep, partitionStep } from './partition-steps.js';
import { sleepStep } from './sleep-step.js';
import { waitAgreeStep, waitEventStep, waitHealthyStep, waitRoleStep, waitStep } from './wait-steps.js';

/** Every step kind a scenario can use, in the order `scenarios --steps` lists them. */
export const stepKinds: StepKind<unknown>[] = [
  ...lifecycleSteps,
  sleepStep,
  partitionStep,
  healStep,
  failoverStep,
  engineFaultStep,
  commandStep,
  writeStep,
  readStep,
  waitEventStep,
  waitRoleStep,
  waitAgreeStep,
  waitHealthyStep,
  waitStep,
  assertRoleStep,
  assertReplicasFollowStep,
  assertSentinelsReportStep,
  assertRejoinedStep,
  assertKeysStep,
  assertNoFailoverStep,
  assertCkquorumStep,
];

export function findStepKind(kind: string): StepKind<unknown> | undefined {
  return stepKinds.find((k) => k.kind === kind);
}
