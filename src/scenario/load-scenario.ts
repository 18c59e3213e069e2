import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { describeError, usageError } from '../common/errors.js';
import { scenariosDir } from '../common/package-paths.js';
import { buildTopology } from '../topology/build-topology.js';
import type { RawLabOptions } from '../topology/lab-options.js';
import { parseLabOptions } from '../topology/lab-options.js';
import type { Scenario, ScenarioStep, ScenarioTopology } from './scenario.js';
import { expandShortName } from './node-selector.js';
import { StepArgs } from './step-args.js';
import type { TrafficClientKind, TrafficExpectations, TrafficOptions } from '../traffic/traffic-options.js';
import { defaultTraffic, trafficClientKinds } from '../traffic/traffic-options.js';
import { findStepKind, stepKinds } from './steps/registry.js';
import type { Problem } from './yaml-source.js';
import { formatProblem, mapEntries, scalarValue, seqItems, YamlSource } from './yaml-source.js';

/** Scenario topology keys → the CLI flag option they set. */
const topologyKeys: Record<string, keyof RawLabOptions> = {
  replicas: 'replicas',
  sentinels: 'sentinels',
  quorum: 'quorum',
  'down-after': 'downAfter',
  'failover-timeout': 'failoverTimeout',
  'parallel-syncs': 'parallelSyncs',
  password: 'password',
  sentinel: 'sentinel',
};
const topLevelKeys = ['name', 'description', 'topology', 'traffic', 'expect', 'steps'];

export class ScenarioError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    problems = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.problems = problems;
  }
}

export function builtinScenarioNames(): string[] {
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** A built-in name (kill-master) or a path to a YAML file. */
export function scenarioPath(nameOrPath: string): string {
  const builtin = join(scenariosDir, `${nameOrPath}.yaml`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(builtin)) return builtin;
  if (existsSync(nameOrPath)) return resolve(nameOrPath);
  throw usageError(`no scenario '${nameOrPath}': not a built-in (${builtinScenarioNames().join(', ')}) and no such file`);
}

/**
 * Reads and checks a scenario completely before anything runs: every problem is collected with its
 * file:line, and thrown together as a ScenarioError (exit 2). `overrides` are CLI flags, which win over the
 * file's topology.
 */
export function loadScenario(nameOrPath: string, overrides: RawLabOptions = {}, env: NodeJS.ProcessEnv = process.env): Scenario {
  const path = scenarioPath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read scenario ${path}: ${describeError(error)}`);
  }
  return parseScenario(text, displayPath(path), overrides, env);
}

export function parseScenario(text: string, file: string, overrides: RawLabOptions = {}, env: NodeJS.ProcessEnv = process.env): Scenario {
  const src = new YamlSource(file, text);
  if (!src.root) throw new ScenarioError(src.problems.length > 0 ? src.problems : [{ file, line: 1, column: 1, message: 'the file is empty' }]);
  const entries = mapEntries(src.root);
  if (!entries) {
    src.report(src.root, `a scenario is a map with ${topLevelKeys.join(', ')}`);
    throw new ScenarioError(src.problems);
  }
  const fields = new Map(entries.map(([key, value]) => [key, value]));
  for (const [key, , keyNode] of entries) {
    if (!topLevelKeys.includes(key)) src.report(keyNode, `unknown key '${key}'; a scenario has: ${topLevelKeys.join(', ')}`);
  }

  const name = scalarValue(fields.get('name'));
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) src.report(fields.get('name') ?? src.root, `'name' must be lowercase letters, digits and '-' (e.g. kill-master)`);
  const description = scalarValue(fields.get('description'));
  if (typeof description !== 'string' || description.trim() === '') src.report(fields.get('description') ?? src.root, `'description' must say what the scenario shows`);

  const topology = readTopology(src, fields.get('topology'), overrides, env);
  const steps = readSteps(src, fields.get('steps') ?? null, topology, env);
  const traffic = fields.has('traffic') ? readTraffic(src, fields.get('traffic') ?? null) : undefined;
  const expect = fields.has('expect') ? readExpect(src, fields.get('expect') ?? null) : {};
  if ((expect.maxOutageMs !== undefined || expect.maxLost !== undefined || expect.minLost !== undefined || expect.noLostAfterMs !== undefined) && !traffic) {
    src.report(fields.get('expect') ?? src.root, `'expect' judges the traffic, so the scenario needs a 'traffic' block (or run it with --traffic)`);
  }
  if (src.problems.length > 0) throw new ScenarioError(src.problems);
  return { name: String(name), description: String(description).trim(), file, topology, steps, traffic, expect };
}

function readTopology(src: YamlSource, node: YamlNode | null | undefined, overrides: RawLabOptions, env: NodeJS.ProcessEnv): ScenarioTopology {
  const options: RawLabOptions = {};
  const redisConfig: Record<string, string> = {};
  const priorities: [string, number, YamlNode][] = [];
  if (node !== undefined && node !== null) {
    const entries = mapEntries(node);
    if (!entries) src.report(node, `'topology' must be a map of settings (${Object.keys(topologyKeys).join(', ')}, redis-config, replica-priority)`);
    for (const [key, value, keyNode] of entries ?? []) {
      if (key === 'redis-config') {
        const settings = mapEntries(value);
        if (!settings) src.report(value ?? keyNode, `'redis-config' must be a map of redis.conf settings, e.g. min-replicas-to-write: 1`);
        for (const [setting, settingValue, settingKey] of settings ?? []) {
          const v = scalarValue(settingValue);
          if (!/^[a-z][a-z0-9-]*$/.test(setting) || (typeof v !== 'string' && typeof v !== 'number')) src.report(settingKey, `redis-config '${setting}' must be a redis.conf name with a single value`);
          else redisConfig[setting] = String(v);
        }
        continue;
      }
      if (key === 'replica-priority') {
        const settings = mapEntries(value);
        if (!settings) src.report(value ?? keyNode, `'replica-priority' must map redis nodes to priorities, e.g. redis-replica-1: 0`);
        for (const [nodeName, priority, nodeKey] of settings ?? []) {
          const v = scalarValue(priority);
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) src.report(priority ?? nodeKey, `replica-priority of '${nodeName}' must be a whole number from 0 (never promoted) to 1000`);
          else priorities.push([nodeName, v, nodeKey]);
        }
        continue;
      }
      const option = topologyKeys[key];
      const v = scalarValue(value);
      if (!option) src.report(keyNode, `unknown topology setting '${key}'; allowed: ${Object.keys(topologyKeys).join(', ')}, redis-config, replica-priority`);
      else if (typeof v !== 'string' && typeof v !== 'number') src.report(value ?? keyNode, `topology '${key}' must be a single value`);
      else options[option] = String(v);
    }
  }
  const merged = { ...options, ...definedOnly(overrides) };
  const replicaPriority: Record<string, number> = {};
  try {
    const lab = buildTopology(parseLabOptions(merged, env));
    for (const [nodeName, priority, keyNode] of priorities) {
      const target = lab.nodes.find((n) => n.kind === 'redis' && n.name === expandShortName(nodeName));
      if (target) replicaPriority[target.name] = priority;
      else src.report(keyNode, `replica-priority: '${nodeName}' is not a redis node of this lab (${lab.nodes.filter((n) => n.kind === 'redis').map((n) => n.name).join(', ')})`);
    }
  } catch (error) {
    // Said in the file's words: "down-after", not "--down-after" (the flags, when given, are named in `overrides`).
    const problems = describeError(error).split('\n').slice(1).map((line) => line.replace(/^\s*- /, '').replace(/--([a-z-]+)/g, '$1'));
    for (const problem of problems) src.report(topologyKeyNode(node, problem) ?? node ?? src.root, `topology: ${problem}`);
  }
  return { options: merged, redisConfig, replicaPriority };
}

/** traffic and expect take no node selectors: any topology serves their field readers. */
function settingsContext(src: YamlSource) {
  return { src, topology: buildTopology(parseLabOptions({}, {})), aliases: new Set<string>() };
}

function readTraffic(src: YamlSource, node: YamlNode | null): TrafficOptions | undefined {
  const args = new StepArgs(settingsContext(src), 'traffic', node);
  const clients = (args.words('clients') ?? defaultTraffic.clients) as TrafficClientKind[];
  const bad = clients.filter((c) => !trafficClientKinds.includes(c));
  if (bad.length > 0) args.problem('clients', `unknown client '${bad[0]}'; allowed: ${trafficClientKinds.join(', ')}`);
  const rate = args.number('rate', { min: 1, max: 1000 }) ?? defaultTraffic.rate;
  const waitReplicas = args.number('wait', { min: 1, max: 20 });
  const waitTimeoutMs = args.duration('wait-timeout', { max: 10_000 }) ?? 200;
  args.finish();
  return { clients: [...new Set(clients)], rate, ...(waitReplicas !== undefined ? { wait: { replicas: waitReplicas, timeoutMs: waitTimeoutMs } } : {}) };
}

function readExpect(src: YamlSource, node: YamlNode | null): TrafficExpectations {
  const args = new StepArgs(settingsContext(src), 'expect', node);
  const expect: TrafficExpectations = {
    maxOutageMs: args.duration('max-outage'),
    maxLost: args.number('max-lost'),
    minLost: args.number('min-lost'),
    noLostAfterMs: args.duration('no-lost-after'),
  };
  args.finish();
  return Object.fromEntries(Object.entries(expect).filter(([, v]) => v !== undefined)) as TrafficExpectations;
}

function readSteps(src: YamlSource, node: YamlNode | null, topology: ScenarioTopology, env: NodeJS.ProcessEnv): ScenarioStep[] {
  const items = seqItems(node);
  if (!items || items.length === 0) {
    src.report(node ?? src.root, `'steps' must be a non-empty list, e.g. - kill: master`);
    return [];
  }
  let lab;
  try {
    lab = buildTopology(parseLabOptions(topology.options, env));
  } catch {
    return []; // readTopology reported why
  }
  const ctx = { src, topology: lab, aliases: new Set<string>() };
  const validKinds = stepKinds.map((k) => k.kind).join(', ');
  const steps: ScenarioStep[] = [];
  items.forEach((item, i) => {
    const entries = mapEntries(item);
    const kindEntries = entries?.filter(([key]) => key !== 'title') ?? [];
    if (!entries || kindEntries.length !== 1) {
      src.report(item, `step ${i + 1}: a step is one kind with its fields, e.g. '- kill: master' or '- wait-event: { event: +switch-master }'; valid kinds: ${validKinds}`);
      return;
    }
    const [kindName, value, keyNode] = kindEntries[0]!;
    const kind = findStepKind(kindName);
    if (!kind) {
      src.report(keyNode, `step ${i + 1}: unknown step kind '${kindName}'; valid kinds: ${validKinds}`);
      return;
    }
    const args = new StepArgs(ctx, `step ${i + 1} (${kindName})`, value, kind.shorthand);
    // A step's title may sit beside its kind or among its fields.
    const innerTitle = mapEntries(value) ? args.string('title') : undefined;
    const parsed = kind.parse(args);
    args.finish();
    const alias = args.has('as') ? scalarValue(mapEntries(value)?.find(([k]) => k === 'as')?.[1]) : undefined;
    if (typeof alias === 'string') ctx.aliases.add(alias);
    const title = innerTitle ?? scalarValue(entries.find(([key]) => key === 'title')?.[1]);
    if (parsed !== undefined) {
      steps.push({ index: i + 1, line: src.line(item), kind, args: parsed, title: typeof title === 'string' ? title : kind.title(parsed) });
    }
  });
  return steps;
}

/** The key of the topology setting a problem names, to report it on its own line. */
function topologyKeyNode(node: YamlNode | null | undefined, problem: string): YamlNode | undefined {
  const entries = mapEntries(node) ?? [];
  const hit = entries.find(([key]) => problem.startsWith(`${key} `));
  return hit?.[2];
}

function definedOnly(options: RawLabOptions): RawLabOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as RawLabOptions;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
