import { readFileSync } from 'node:fs';
import type { ClientProfile, ClientsOptions } from '../clients/clients-options.js';
import {
  clientNames,
  clientProfiles,
  clientSelectorPrefix,
  defaultClients,
  readClientList,
  splitCommand,
} from '../clients/clients-options.js';
import type { DriverOp } from '../clients/driver-protocol.js';
import { driverOps } from '../clients/driver-protocol.js';
import { describeError } from '../common/errors.js';
import type { RuntimeChoice } from '../runtime/select-runtime.js';
import { runtimeChoices } from '../runtime/select-runtime.js';
import { buildTopology } from '../topology/build-topology.js';
import type { LabOptionName, LabOptions, RawLabOptions } from '../topology/lab-options.js';
import { checkLabOptions, flagName, formatOptionProblem } from '../topology/lab-options.js';
import type { TrafficClientKind, TrafficOptions } from '../traffic/traffic-options.js';
import { defaultTraffic, trafficClientKinds } from '../traffic/traffic-options.js';
import { expectNode, readScenarioDocument, readSteps, resolvePriorities, topologyKeys } from './read-scenario.js';
import type { Scenario } from './scenario.js';
import { displayPath, locateScenario } from './scenario-files.js';
import type { Problem } from './yaml-source.js';
import { formatProblem, YamlSource } from './yaml-source.js';

/** What the command line says about a scenario run: lab flags (which win over the file), traffic, repeat, runtime. */
export interface ScenarioFlags extends RawLabOptions {
  runtime?: string;
  /** --traffic alone (true) or with client kinds ("sentinel,direct"). */
  traffic?: string | boolean;
  trafficRate?: string;
  trafficWait?: string;
  /** --clients all | ioredis,redis-py,... */
  clients?: string;
  /** --client-cmd "python3 probe.py": the user's own driver. */
  clientCmd?: string;
  clientProfile?: string;
  clientRate?: string;
  clientOps?: string;
  repeat?: string;
}

/** Everything a run needs, checked once: the runner, the renderers and the reports use only this. */
export interface ScenarioPlan {
  scenario: Scenario;
  /** The lab to use or boot: the file's topology with the flags on top, with the file's redis-config and priorities. */
  lab: LabOptions;
  /** Where to boot a lab when none is up under that name. */
  runtime: RuntimeChoice;
  repeat: number;
}

/** A problem with a command-line value: the option as typed (--traffic-rate) and what is wrong. */
export interface FlagProblem {
  option: string;
  message: string;
}

/** A problem in the file (file, line, column) or on the command line (option). */
export type PlanProblem = Problem | FlagProblem;

export type PlanOutcome = { ok: true; plan: ScenarioPlan } | { ok: false; problems: PlanProblem[] };

/** Lab flags a scenario run takes; name, port base, image, subnet, engine image and programs exist only as flags. */
const labFlagNames: LabOptionName[] = [
  'name',
  'replicas',
  'sentinels',
  'quorum',
  'downAfter',
  'failoverTimeout',
  'parallelSyncs',
  'password',
  'image',
  'subnet',
  'portBase',
  'sentinel',
  'engineImage',
  'persistence',
  'layout',
  'redisServer',
  'redisSentinel',
];

/**
 * Reads a built-in (by name) or a scenario file, and checks it together with the command line's flags: every
 * problem is returned, with its file:line:column or its option, before anything runs.
 */
export function planScenario(nameOrPath: string, flags: ScenarioFlags = {}, env: NodeJS.ProcessEnv = process.env): PlanOutcome {
  const located = locateScenario(nameOrPath);
  if ('problem' in located) return { ok: false, problems: [{ option: 'scenario', message: located.problem }] };
  let text: string;
  try {
    text = readFileSync(located.path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ option: 'scenario', message: `cannot read scenario ${located.path}: ${describeError(error)}` }] };
  }
  return planScenarioText(text, displayPath(located.path), flags, env);
}

/** planScenario on a file's text: pure. */
export function planScenarioText(text: string, file: string, flags: ScenarioFlags = {}, env: NodeJS.ProcessEnv = {}): PlanOutcome {
  const src = new YamlSource(file, text);
  const flagProblems: FlagProblem[] = [];
  const doc = readScenarioDocument(src);
  if (!doc) return failed(src.problems, flagProblems);

  // One parse of the lab options: the file's topology, each flag given on top of it.
  const labFlags = Object.fromEntries(labFlagNames.filter((o) => flags[o] !== undefined).map((o) => [o, flags[o]])) as RawLabOptions;
  const checked = checkLabOptions({ ...doc.topology.options, ...labFlags }, env);
  // A value is named the way it was given: --quorum on the command line, quorum at its line in the file.
  const fileKeys = new Map(Object.entries(topologyKeys).map(([key, option]) => [option, key]));
  const nameOf = (option: LabOptionName) =>
    labFlags[option] === undefined && fileKeys.has(option) ? fileKeys.get(option)! : flagName(option);
  for (const problem of checked.problems) {
    const message = formatOptionProblem(problem, nameOf);
    const key = labFlags[problem.option] === undefined ? doc.topology.keys.get(problem.option) : undefined;
    if (key) src.report(key, `topology: ${message}`);
    else flagProblems.push({ option: flagName(problem.option), message });
  }

  const lab = buildTopology(checked.options);
  const replicaPriority = resolvePriorities(src, doc.topology, lab);
  // Steps name nodes of the lab: with lab options that are wrong, the lab is not known well enough to check them.
  const clients = withClientFlags(doc.clients, flags, flagProblems);
  const steps = checked.problems.length === 0 ? readSteps(src, doc.steps, lab, clientNames(clients)) : [];
  if (clients && steps.some((s) => s.kind.kind === 'partition' && JSON.stringify(s.args).includes(`"${clientSelectorPrefix}`)))
    clients.isolate = true;
  const traffic = withTrafficFlags(doc.traffic, flags, flagProblems);
  if (Object.keys(doc.expect).length > 0 && !traffic) {
    src.report(expectNode(src), `'expect' judges the traffic, so the scenario needs a 'traffic' block (or run it with --traffic)`);
  }
  const repeat = wholeNumber(flags.repeat, 1, 1, 100, '--repeat', 'use a whole number from 1 to 100', flagProblems);
  const runtime = (flags.runtime ?? 'auto') as RuntimeChoice;
  if (!runtimeChoices.includes(runtime))
    flagProblems.push({ option: '--runtime', message: `--runtime '${flags.runtime}' is not allowed: use ${runtimeChoices.join(', ')}` });

  if (src.problems.length > 0 || flagProblems.length > 0) return failed(src.problems, flagProblems);
  const scenario: Scenario = {
    name: doc.name,
    description: doc.description,
    file,
    topology: { options: doc.topology.options, redisConfig: doc.topology.redisConfig, replicaPriority },
    steps,
    ...(traffic ? { traffic } : {}),
    ...(clients ? { clients } : {}),
    expect: doc.expect,
  };
  return {
    ok: true,
    plan: { scenario, lab: { ...checked.options, redisConfig: doc.topology.redisConfig, replicaPriority }, runtime, repeat },
  };
}

/** Every problem, the file's in line order first: what the CLI prints before exiting 2. */
export function formatPlanProblems(problems: PlanProblem[]): string {
  const inFile = problems.filter((p): p is Problem => 'line' in p).sort((a, b) => a.line - b.line || a.column - b.column);
  const onCommandLine = problems.filter((p): p is FlagProblem => !('line' in p));
  const parts: string[] = [];
  if (inFile.length > 0)
    parts.push(
      `${inFile.length} problem${inFile.length === 1 ? '' : 's'} in the scenario:\n${inFile.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  if (onCommandLine.length === 1 && inFile.length === 0) parts.push(onCommandLine[0]!.message);
  else if (onCommandLine.length > 0) parts.push(`invalid options:\n${onCommandLine.map((p) => `  - ${p.message}`).join('\n')}`);
  return parts.join('\n');
}

function failed(inFile: Problem[], onCommandLine: FlagProblem[]): PlanOutcome {
  const byPosition = [...inFile].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems: [...byPosition, ...onCommandLine] };
}

/** --clients, --client-cmd, --client-profile, --client-rate, --client-ops: on top of the file's clients block, if any. */
function withClientFlags(base: ClientsOptions | undefined, flags: ScenarioFlags, problems: FlagProblem[]): ClientsOptions | undefined {
  const given = [flags.clients, flags.clientCmd, flags.clientProfile, flags.clientRate, flags.clientOps].some((f) => f !== undefined);
  if (!given) return base;
  const clients: ClientsOptions = { ...(base ?? { ...defaultClients, builtins: [], all: false }) };
  if (flags.clients !== undefined) {
    const list = readClientList(flags.clients);
    if ('problem' in list) problems.push({ option: '--clients', message: `--clients ${list.problem}` });
    else Object.assign(clients, list);
  }
  if (flags.clientCmd !== undefined) {
    const command = splitCommand(flags.clientCmd);
    if ('problem' in command) problems.push({ option: '--client-cmd', message: `--client-cmd: ${command.problem}` });
    else clients.command = command;
  }
  if (flags.clientProfile !== undefined) {
    if ((clientProfiles as readonly string[]).includes(flags.clientProfile)) clients.profile = flags.clientProfile as ClientProfile;
    else
      problems.push({
        option: '--client-profile',
        message: `--client-profile '${flags.clientProfile}': use ${clientProfiles.join(' or ')}`,
      });
  }
  clients.rate = wholeNumber(flags.clientRate, clients.rate, 1, 200, '--client-rate', 'use attempts per second from 1 to 200', problems);
  if (flags.clientOps !== undefined) {
    const ops = flags.clientOps.split(',').map((o) => o.trim());
    const bad = ops.find((o) => !(driverOps as readonly string[]).includes(o));
    if (bad !== undefined)
      problems.push({
        option: '--client-ops',
        message: `--client-ops '${bad}' is not an operation: use ${driverOps.join(', ')} (comma-separated)`,
      });
    else clients.ops = ops as DriverOp[];
  }
  if (clients.builtins.length === 0 && !clients.command && flags.clients === undefined && flags.clientCmd === undefined)
    problems.push({
      option: '--clients',
      message: '--client-profile, --client-rate and --client-ops need --clients or --client-cmd (or a clients block)',
    });
  return clients;
}

/** --traffic [sentinel,direct], --traffic-rate N, --traffic-wait N: on top of the file's traffic block, if any. */
function withTrafficFlags(base: TrafficOptions | undefined, flags: ScenarioFlags, problems: FlagProblem[]): TrafficOptions | undefined {
  if (flags.traffic === undefined && flags.trafficRate === undefined && flags.trafficWait === undefined) return base;
  const traffic: TrafficOptions = { ...(base ?? defaultTraffic) };
  if (typeof flags.traffic === 'string') {
    const kinds = flags.traffic.split(',').map((c) => c.trim()) as TrafficClientKind[];
    const bad = kinds.find((k) => !trafficClientKinds.includes(k));
    if (bad !== undefined)
      problems.push({
        option: '--traffic',
        message: `--traffic '${bad}' is not a client kind: use ${trafficClientKinds.join(', ')} (comma-separated)`,
      });
    else traffic.clients = [...new Set(kinds)];
  }
  traffic.rate = wholeNumber(flags.trafficRate, traffic.rate, 1, 1000, '--traffic-rate', 'use writes per second from 1 to 1000', problems);
  const wait = wholeNumber(flags.trafficWait, undefined, 1, 20, '--traffic-wait', 'use a number of replicas from 1 to 20', problems);
  if (wait !== undefined) traffic.wait = { replicas: wait, timeoutMs: traffic.wait?.timeoutMs ?? 200 };
  return traffic;
}

function wholeNumber<F extends number | undefined>(
  value: string | undefined,
  fallback: F,
  min: number,
  max: number,
  option: string,
  allowed: string,
  problems: FlagProblem[],
): number | F {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push({ option, message: `${option} '${value}' is not allowed: ${allowed}` });
  return fallback;
}
