/**
 * redis-ha-lab as a library: boot a lab, run a scenario on it, read the report. The CLI is a thin layer over
 * exactly these functions.
 *
 *   const env = labEnvironment();
 *   const planned = planScenario('kill-master', { runtime: 'local' });
 *   if (!planned.ok) throw new Error(formatPlanProblems(planned.problems));
 *   const report = buildReport(await runScenario(planned.plan, { ...env, emit: (event) => console.log(event.type) }));
 */
// Boot and inspect a lab.
export { up } from './lab/up.js';
export type { UpDeps, UpResult } from './lab/up.js';
export { down, describeDown } from './lab/down.js';
export type { DownResult } from './lab/down.js';
export { labStatus, readLab } from './lab/status.js';
export { LabStore, labsHome } from './lab/lab-store.js';
export { labEnvironment } from './lab/lab-environment.js';
export type { LabEnvironment } from './lab/lab-environment.js';
export type { LabRecord } from './lab/lab-store.js';
export { checkLabOptions, parseLabOptions, formatOptionProblem } from './topology/lab-options.js';
export type { LabOptions, OptionProblem, RawLabOptions } from './topology/lab-options.js';
export { buildTopology } from './topology/build-topology.js';
export type { LabNode, Topology } from './topology/topology.js';
export { chooseRuntime } from './runtime/select-runtime.js';
export type { RuntimeChoice, RuntimeFactory } from './runtime/select-runtime.js';
export type { Runtime, RuntimeKind } from './runtime/runtime.js';
export { createLabIo } from './observe/lab-io.js';
export type { LabIo, NodeClient } from './observe/lab-io.js';
export type { LabStatus } from './observe/lab-status.js';
export type { NodeStatus } from './observe/node-status.js';

// Plan and run a scenario.
export { planScenario, planScenarioText, formatPlanProblems } from './scenario/plan-scenario.js';
export type { PlanOutcome, PlanProblem, ScenarioFlags, ScenarioPlan } from './scenario/plan-scenario.js';
export { builtinScenarioNames } from './scenario/scenario-files.js';
export { runScenario } from './scenario/run-scenario.js';
export type { RunDeps } from './scenario/run-scenario.js';
export type { RunEvent } from './scenario/run-events.js';
export type { RunRecord } from './scenario/run-record.js';
export type { StepEvent } from './common/step-events.js';

// Read the report.
export { buildReport } from './report/scenario-report.js';
export type { ScenarioReport, TrafficReport } from './report/scenario-report.js';
export { formatVerdict } from './report/verdict.js';
export { formatTimeline } from './report/timeline-text.js';
export { formatJunit } from './report/junit.js';
export { renderHtmlReport } from './report/html-report.js';
export { createProgressRenderer, progressModeFor } from './report/progress.js';
export type { ProgressMode, ProgressRenderer } from './report/progress.js';
