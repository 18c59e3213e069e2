import type { Node as YamlNode } from 'yaml';
import { buildTopology } from '../topology/build-topology.js';
import type { LabOptionName, RawLabOptions } from '../topology/lab-options.js';
import { checkLabOptions } from '../topology/lab-options.js';
import { expandShortName } from '../topology/node-selector.js';
import type { Topology } from '../topology/topology.js';
import { persistenceOf, redisNodes } from '../topology/topology.js';
import { layouts, persistenceModes, sentinelKinds } from '../topology/defaults.js';
import type { BuiltinDriverName } from '../clients/builtin-drivers.js';
import { builtinDriverNames } from '../clients/builtin-drivers.js';
import type { ClientExpectations, ClientProfile, ClientsOptions } from '../clients/clients-options.js';
import { clientProfiles, defaultClients, readClientList, splitCommand } from '../clients/clients-options.js';
import type { DriverOp } from '../clients/driver-protocol.js';
import { driverOps } from '../clients/driver-protocol.js';
import type { TrafficClientKind, TrafficExpectations, TrafficOptions } from '../traffic/traffic-options.js';
import { defaultTraffic, trafficClientKinds } from '../traffic/traffic-options.js';
import type { ScenarioStep } from './scenario.js';
import { StepArgs } from './step-args.js';
import { findStepKind, stepKinds } from './steps/registry.js';
import type { YamlSource } from './yaml-source.js';
import { mapEntries, scalarValue, seqItems } from './yaml-source.js';

/** Scenario topology keys → the lab option they set (the same option a CLI flag sets). */
export const topologyKeys: Partial<Record<string, LabOptionName>> = {
  replicas: 'replicas',
  sentinels: 'sentinels',
  quorum: 'quorum',
  'down-after': 'downAfter',
  'failover-timeout': 'failoverTimeout',
  'parallel-syncs': 'parallelSyncs',
  password: 'password',
  sentinel: 'sentinel',
  persistence: 'persistence',
  layout: 'layout',
};
const topLevelKeys = ['name', 'description', 'topology', 'traffic', 'clients', 'expect', 'steps'];

/** A scenario file's `topology:` as written: the options it sets, where each is, and what it adds. */
export interface FileTopology {
  node: YamlNode | null;
  options: RawLabOptions;
  /** The key node of each option, to report a bad value on its own line. */
  keys: Map<LabOptionName, YamlNode>;
  redisConfig: Record<string, string>;
  /** replica-priority entries as written (node names are checked once the lab is known). */
  priorities: { node: string; priority: number; key: YamlNode }[];
}

/** Everything of a scenario file that does not depend on the lab; steps are read once the lab is known. */
export interface ScenarioDocument {
  name: string;
  description: string;
  topology: FileTopology;
  traffic?: TrafficOptions;
  clients?: ClientsOptions;
  expect: TrafficExpectations;
  steps: YamlNode | null;
}

/** Reads the parts of a scenario file, reporting every problem on `src`; undefined when it is not a map at all. */
export function readScenarioDocument(src: YamlSource): ScenarioDocument | undefined {
  if (!src.root) {
    if (src.problems.length === 0) src.report(null, 'the file is empty');
    return undefined;
  }
  const entries = mapEntries(src.root);
  if (!entries) {
    src.report(src.root, `a scenario is a map with ${topLevelKeys.join(', ')}`);
    return undefined;
  }
  const fields = new Map(entries.map(([key, value]) => [key, value]));
  for (const [key, , keyNode] of entries) {
    if (!topLevelKeys.includes(key)) src.report(keyNode, `unknown key '${key}'; a scenario has: ${topLevelKeys.join(', ')}`);
  }

  const name = scalarValue(fields.get('name'));
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    src.report(fields.get('name') ?? src.root, `'name' must be lowercase letters, digits and '-' (e.g. kill-master)`);
  }
  const description = scalarValue(fields.get('description'));
  if (typeof description !== 'string' || description.trim() === '')
    src.report(fields.get('description') ?? src.root, `'description' must say what the scenario shows`);

  const traffic = fields.has('traffic') ? readTraffic(src, fields.get('traffic') ?? null) : undefined;
  const expect = fields.has('expect') ? readExpect(src, fields.get('expect') ?? null) : {};
  const clients = fields.has('clients') ? readClients(src, fields.get('clients') ?? null) : undefined;
  return {
    name: typeof name === 'string' ? name : '',
    description: typeof description === 'string' ? description.trim() : '',
    topology: readTopology(src, fields.get('topology') ?? null),
    ...(traffic ? { traffic } : {}),
    ...(clients ? { clients } : {}),
    expect,
    steps: fields.get('steps') ?? null,
  };
}

/** Where `expect:` is written, for problems about it as a whole. */
export function expectNode(src: YamlSource): YamlNode | null {
  return mapEntries(src.root)?.find(([key]) => key === 'expect')?.[1] ?? src.root;
}

function readTopology(src: YamlSource, node: YamlNode | null): FileTopology {
  const topology: FileTopology = { node, options: {}, keys: new Map(), redisConfig: {}, priorities: [] };
  if (node === null) return topology;
  const entries = mapEntries(node);
  if (!entries)
    src.report(node, `'topology' must be a map of settings (${Object.keys(topologyKeys).join(', ')}, redis-config, replica-priority)`);
  for (const [key, value, keyNode] of entries ?? []) {
    if (key === 'redis-config') {
      const settings = mapEntries(value);
      if (!settings) src.report(value ?? keyNode, `'redis-config' must be a map of redis.conf settings, e.g. min-replicas-to-write: 1`);
      for (const [setting, settingValue, settingKey] of settings ?? []) {
        const v = scalarValue(settingValue);
        if (!/^[a-z][a-z0-9-]*$/.test(setting) || (typeof v !== 'string' && typeof v !== 'number'))
          src.report(settingKey, `redis-config '${setting}' must be a redis.conf name with a single value`);
        else topology.redisConfig[setting] = String(v);
      }
      continue;
    }
    if (key === 'replica-priority') {
      const settings = mapEntries(value);
      if (!settings) src.report(value ?? keyNode, `'replica-priority' must map redis nodes to priorities, e.g. redis-replica-1: 0`);
      for (const [nodeName, priority, nodeKey] of settings ?? []) {
        const v = scalarValue(priority);
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000)
          src.report(priority ?? nodeKey, `replica-priority of '${nodeName}' must be a whole number from 0 (never promoted) to 1000`);
        else topology.priorities.push({ node: nodeName, priority: v, key: nodeKey });
      }
      continue;
    }
    const option = topologyKeys[key];
    const v = scalarValue(value);
    if (!option)
      src.report(
        keyNode,
        `unknown topology setting '${key}'; allowed: ${Object.keys(topologyKeys).join(', ')}, redis-config, replica-priority`,
      );
    else if (typeof v !== 'string' && typeof v !== 'number') src.report(value ?? keyNode, `topology '${key}' must be a single value`);
    else {
      topology.options[option] = String(v);
      topology.keys.set(option, keyNode);
    }
  }
  return topology;
}

/** replica-priority per redis node of the lab, long names; unknown nodes are reported at their key. */
export function resolvePriorities(src: YamlSource, topology: FileTopology, lab: Topology): Record<string, number> {
  const resolved: Record<string, number> = {};
  for (const { node, priority, key } of topology.priorities) {
    const target = redisNodes(lab).find((n) => n.name === expandShortName(node));
    if (target) resolved[target.name] = priority;
    else
      src.report(
        key,
        `replica-priority: '${node}' is not a redis node of this lab (${redisNodes(lab)
          .map((n) => n.name)
          .join(', ')})`,
      );
  }
  return resolved;
}

/** traffic and expect take no node selectors: any topology serves their field readers. */
function settingsContext(src: YamlSource) {
  return { src, topology: buildTopology(checkLabOptions({}, {}).options), aliases: new Set<string>() };
}

function readTraffic(src: YamlSource, node: YamlNode | null): TrafficOptions {
  const args = new StepArgs(settingsContext(src), 'traffic', node);
  const clients = (args.words('clients') ?? defaultTraffic.clients) as TrafficClientKind[];
  const bad = clients.filter((c) => !trafficClientKinds.includes(c));
  if (bad.length > 0) args.problem('clients', `unknown client '${bad[0]}'; allowed: ${trafficClientKinds.join(', ')}`);
  const rate = args.number('rate', { min: 1, max: 1000 }) ?? defaultTraffic.rate;
  const waitReplicas = args.number('wait', { min: 1, max: 20 });
  const waitTimeoutMs = args.duration('wait-timeout', { max: 10_000 }) ?? 200;
  args.finish();
  return {
    clients: [...new Set(clients)],
    rate,
    ...(waitReplicas !== undefined ? { wait: { replicas: waitReplicas, timeoutMs: waitTimeoutMs } } : {}),
  };
}

/** `clients: all`, `clients: [ioredis, redis-py]`, or a map with drivers, command, profile, rate, ops and expect. */
function readClients(src: YamlSource, node: YamlNode | null): ClientsOptions {
  const args = new StepArgs(settingsContext(src), 'clients', node, 'drivers');
  const names = args.words('drivers');
  let chosen: { builtins: BuiltinDriverName[]; all: boolean } = { builtins: [], all: false };
  if (names) {
    const list = readClientList(names.join(','));
    if ('problem' in list) args.problem('drivers', list.problem);
    else chosen = list;
  }
  let command: string[] | undefined;
  const commandText = args.string('command');
  if (commandText !== undefined) {
    const split = splitCommand(commandText);
    if ('problem' in split) args.problem('command', split.problem);
    else command = split;
  }
  if (names === undefined && commandText === undefined)
    args.problem('drivers', `name the drivers (all, or some of ${builtinDriverNames.join(', ')}) or a command`);
  const profile = (args.string('profile', { oneOf: clientProfiles }) ?? defaultClients.profile) as ClientProfile;
  const rate = args.number('rate', { min: 1, max: 200 }) ?? defaultClients.rate;
  const opWords = args.words('ops');
  const badOp = opWords?.find((op) => !(driverOps as readonly string[]).includes(op));
  if (badOp) args.problem('ops', `'${badOp}' is not an operation: use ${driverOps.join(', ')}`);
  const expectNode = args.block('expect');
  args.finish();
  const expect = readClientExpectations(src, expectNode ?? null, [...builtinDriverNames, ...(command ? ['client-cmd'] : [])]);
  return {
    ...chosen,
    ...(command ? { command } : {}),
    profile,
    rate,
    ops: opWords && !badOp ? (opWords as DriverOp[]) : defaultClients.ops,
    expect,
  };
}

/**
 * `expect:` of a clients block: thresholds for every client (recovers, max-outage, max-lost), and under a client's
 * name the thresholds for that one (`node-redis: { max-lost: 0 }`), so a scenario can say what it knows of each
 * library and CI fails when one regresses.
 */
function readClientExpectations(src: YamlSource, node: YamlNode | null, clientNames: readonly string[]): ClientExpectations {
  const byClient: Record<string, Omit<ClientExpectations, 'byClient'>> = {};
  const named = (mapEntries(node) ?? []).filter(([key]) => clientNames.includes(key));
  const read = (args: StepArgs): Omit<ClientExpectations, 'byClient'> => {
    const values = { recovers: args.boolean('recovers'), maxOutageMs: args.duration('max-outage'), maxLost: args.number('max-lost') };
    return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  };
  const args = new StepArgs(settingsContext(src), 'clients: expect', node);
  for (const [name] of named) {
    const client = new StepArgs(settingsContext(src), `clients: expect: ${name}`, args.block(name) ?? null);
    byClient[name] = read(client);
    client.finish();
  }
  const all = read(args);
  args.finish();
  return { ...all, ...(named.length > 0 ? { byClient } : {}) };
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

/** Lab settings a step's `when:` can test, with their value on a lab. */
const whenSettings: Record<string, { values: readonly string[]; of: (lab: Topology) => string }> = {
  persistence: { values: persistenceModes, of: persistenceOf },
  sentinel: { values: sentinelKinds, of: (lab) => lab.sentinelKind ?? 'redis' },
  layout: { values: layouts, of: (lab) => lab.layout ?? 'nodes' },
};

/**
 * `when: { persistence: none }` or `when: { persistence: [rdb, aof] }`: the step runs only on a lab with those
 * settings, so one scenario states what happens with each (the keys are lost without persistence, kept with
 * AOF). Returns why the step is skipped on this lab, or undefined when it runs.
 */
function readWhen(src: YamlSource, where: string, node: YamlNode | null, lab: Topology): string | undefined {
  const entries = mapEntries(node);
  const allowed = Object.keys(whenSettings).join(', ');
  if (!entries || entries.length === 0) {
    src.report(node ?? src.root, `${where}: 'when' must be a map of lab settings (${allowed}), e.g. when: { persistence: none }`);
    return undefined;
  }
  const unmet: string[] = [];
  for (const [key, value, keyNode] of entries) {
    const setting = whenSettings[key];
    if (!setting) {
      src.report(keyNode, `${where}: 'when' cannot test '${key}'; it tests ${allowed}`);
      continue;
    }
    const items = seqItems(value);
    const wanted = (items ?? [value]).map((v) => scalarValue(v));
    const bad = wanted.find((v) => typeof v !== 'string' || !setting.values.includes(v));
    if (bad !== undefined) {
      src.report(value ?? keyNode, `${where}: when ${key} '${String(bad)}' is not a value of ${key}; use ${setting.values.join(', ')}`);
      continue;
    }
    const actual = setting.of(lab);
    if (!wanted.includes(actual)) unmet.push(`only when ${key} is ${wanted.join(' or ')} (this lab: ${actual})`);
  }
  return unmet.length > 0 ? unmet.join('; ') : undefined;
}

/** The steps, each checked against the lab it will run on (node names, groups, aliases bound before it). */
export function readSteps(src: YamlSource, node: YamlNode | null, lab: Topology, clients: readonly string[] = []): ScenarioStep[] {
  const items = seqItems(node);
  if (!items || items.length === 0) {
    src.report(node ?? src.root, `'steps' must be a non-empty list, e.g. - kill: master`);
    return [];
  }
  const ctx = { src, topology: lab, aliases: new Set<string>(), clients };
  const validKinds = stepKinds.map((k) => k.kind).join(', ');
  const steps: ScenarioStep[] = [];
  items.forEach((item, i) => {
    const entries = mapEntries(item);
    const kindEntries = entries?.filter(([key]) => key !== 'title' && key !== 'when') ?? [];
    if (!entries || kindEntries.length !== 1) {
      src.report(
        item,
        `step ${i + 1}: a step is one kind with its fields, e.g. '- kill: master' or '- wait-event: { event: +switch-master }'; valid kinds: ${validKinds}`,
      );
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
    const when = entries.find(([key]) => key === 'when');
    const skip = when ? readWhen(src, `step ${i + 1}`, when[1], lab) : undefined;
    if (parsed !== undefined) {
      steps.push({
        index: i + 1,
        line: src.line(item),
        kind,
        args: parsed,
        title: typeof title === 'string' ? title : kind.title(parsed),
        ...(skip ? { skip } : {}),
      });
    }
  });
  return steps;
}
