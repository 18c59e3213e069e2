import { usageError } from '../common/errors.js';
import {
  defaultEngineImage,
  defaultImage,
  defaults,
  engineImageEnvVar,
  imageEnvVar,
  limits,
  layouts,
  persistenceModes,
  sentinelKinds,
  type Layout,
  type Persistence,
  type SentinelKind,
} from './defaults.js';
import type { ProgramChoice } from './server-programs.js';
import { sentinelProgramEnvVar, serverProgramEnvVar } from './server-programs.js';

/** Options as the CLI receives them: strings, or undefined when left out. */
export interface RawLabOptions {
  name?: string;
  replicas?: string;
  sentinels?: string;
  quorum?: string;
  downAfter?: string;
  failoverTimeout?: string;
  parallelSyncs?: string;
  password?: string;
  image?: string;
  subnet?: string;
  portBase?: string;
  sentinel?: string;
  engineImage?: string;
  persistence?: string;
  layout?: string;
  redisServer?: string;
  redisSentinel?: string;
}

/** Options checked and with defaults applied. `subnet` stays undefined when the runtime should pick one. */
export interface LabOptions {
  name: string;
  replicas: number;
  sentinels: number;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  password?: string;
  image: string;
  subnet?: string;
  portBase: number;
  /** redis-sentinel, the embedded engine, or both. */
  sentinelKind: SentinelKind;
  /** Image for engine sentinels on Docker. */
  engineImage: string;
  /** What redis nodes keep on disk across a restart. */
  persistence: Persistence;
  /** Each node on its own host, or one redis and one sentinel per server. */
  layout: Layout;
  /** The server and sentinel programs asked for (--redis-server, --redis-sentinel, or their variables); unset: found. */
  programs?: ProgramChoice;
  /** From scenario files: replica-priority per redis node name (default 100). */
  replicaPriority?: Record<string, number>;
  /** From scenario files: extra redis.conf settings for every redis node. */
  redisConfig?: Record<string, string>;
}

const namePattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** The options a lab is built from, as the CLI names them in RawLabOptions. */
export type LabOptionName = keyof RawLabOptions;

/**
 * One invalid option, as a value: which option, and a message whose option names are left as references, so
 * the same problem reads `--down-after '10q' is not allowed` on the command line and `down-after '10q' is not
 * allowed` at its line in a scenario file.
 */
export interface OptionProblem {
  option: LabOptionName;
  message: MessagePart[];
}

/** Text, or a reference to an option whose name depends on where the value came from. */
export type MessagePart = string | { option: LabOptionName };

/** How the CLI names an option: downAfter → --down-after. */
export function flagName(option: LabOptionName): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function formatOptionProblem(problem: OptionProblem, nameOf: (option: LabOptionName) => string = flagName): string {
  return problem.message.map((part) => (typeof part === 'string' ? part : nameOf(part.option))).join('');
}

/** A lab name is a Docker compose project name and a directory name: check it on its own for down/status. */
export function parseLabName(value: string | undefined): string {
  const problem = checkLabName(value);
  if (problem) throw usageError(formatOptionProblem(problem));
  return value ?? defaults.name;
}

function checkLabName(value: string | undefined): OptionProblem | undefined {
  const name = value ?? defaults.name;
  if (namePattern.test(name)) return undefined;
  return {
    option: 'name',
    message: [
      'invalid ',
      { option: 'name' },
      ` '${name}': use 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit (e.g. --name lab2)`,
    ],
  };
}

/**
 * Checks every option and reports all problems at once, each naming its flag and what is allowed, so one
 * round of corrections is enough.
 */
export function parseLabOptions(raw: RawLabOptions, env: NodeJS.ProcessEnv = process.env): LabOptions {
  const checked = checkLabOptions(raw, env);
  if (checked.problems.length > 0) {
    throw usageError(`invalid options:\n${checked.problems.map((p) => `  - ${formatOptionProblem(p)}`).join('\n')}`);
  }
  return checked.options;
}

/**
 * The options with defaults applied, and every problem as a value (the options then hold the defaults where a
 * value was invalid). Callers decide how to name the options: flags on the command line, keys in a file.
 */
export function checkLabOptions(
  raw: RawLabOptions,
  env: NodeJS.ProcessEnv = process.env,
): { options: LabOptions; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const notAllowed = (option: LabOptionName, value: string, allowed: string) =>
    problems.push({ option, message: [{ option }, ` '${value}' is not allowed: ${allowed}`] });
  const int = (option: LabOptionName, fallback: number, min: number, max: number): number => {
    const value = raw[option];
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      notAllowed(option, value, `use a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  };
  const duration = (option: LabOptionName, fallback: number, min: number, max: number): number => {
    const value = raw[option];
    if (value === undefined) return fallback;
    const parsed = parseDurationMs(value);
    if (parsed === undefined || parsed < min || parsed > max) {
      notAllowed(option, value, `use milliseconds from ${min} to ${max} (e.g. 5000, 1500ms or 5s)`);
      return fallback;
    }
    return parsed;
  };

  const nameProblem = checkLabName(raw.name);
  if (nameProblem) problems.push(nameProblem);
  const name = nameProblem ? defaults.name : (raw.name ?? defaults.name);
  const replicas = int('replicas', defaults.replicas, limits.replicas.min, limits.replicas.max);
  const problemsBefore = problems.length;
  const sentinels = int('sentinels', defaults.sentinels, limits.sentinels.min, limits.sentinels.max);
  const sentinelsValid = problems.length === problemsBefore;
  const quorumDefault = Math.min(defaults.quorum, sentinels);
  const quorum = int('quorum', quorumDefault, 1, limits.sentinels.max);
  // Compared only with a --sentinels the user actually gave correctly, never with a fallback they did not type.
  if (sentinelsValid && quorum > sentinels) {
    problems.push({
      option: 'quorum',
      message: [
        { option: 'quorum' },
        ` ${quorum} is larger than `,
        { option: 'sentinels' },
        ` ${sentinels}: no failover could ever be agreed; use a quorum from 1 to ${sentinels}`,
      ],
    });
  }
  const downAfterMs = duration('downAfter', defaults.downAfterMs, limits.downAfterMs.min, limits.downAfterMs.max);
  const failoverTimeoutMs = duration(
    'failoverTimeout',
    defaults.failoverTimeoutMs,
    limits.failoverTimeoutMs.min,
    limits.failoverTimeoutMs.max,
  );
  const parallelSyncs = int('parallelSyncs', defaults.parallelSyncs, 1, limits.replicas.max);

  let password: string | undefined;
  if (raw.password !== undefined) {
    // Written into redis.conf, sentinel.conf and compose.yaml unquoted: keep it to characters that need no escaping.
    if (!/^[A-Za-z0-9_.@%+=:,-]{1,128}$/.test(raw.password)) {
      problems.push({
        option: 'password',
        message: [{ option: 'password' }, `: use 1-128 characters from A-Z a-z 0-9 and _ . @ % + = : , - (no spaces or quotes)`],
      });
    } else {
      password = raw.password;
    }
  }

  const image = (raw.image ?? defaultImage(env)).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(image)) {
    const source: MessagePart = raw.image !== undefined ? { option: 'image' } : `$${imageEnvVar}`;
    problems.push({
      option: 'image',
      message: [source, ` '${image}' is not an image reference (e.g. redis:7, valkey/valkey:8, redis-ha-lab/redis:local)`],
    });
  }

  let subnet: string | undefined;
  if (raw.subnet !== undefined) {
    const octets = parseSubnet24(raw.subnet);
    if (octets === undefined) notAllowed('subnet', raw.subnet, 'use an IPv4 /24 network such as 172.30.5.0/24');
    else subnet = `${octets.join('.')}.0/24`;
  }

  let sentinelKind: SentinelKind = defaults.sentinelKind;
  if (raw.sentinel !== undefined) {
    if ((sentinelKinds as readonly string[]).includes(raw.sentinel)) sentinelKind = raw.sentinel as SentinelKind;
    else notAllowed('sentinel', raw.sentinel, 'use redis (redis-sentinel), engine (the embedded engine) or mixed (both in one quorum)');
  }
  const engineImage = (raw.engineImage ?? defaultEngineImage(env)).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(engineImage)) {
    const source: MessagePart = raw.engineImage !== undefined ? { option: 'engineImage' } : `$${engineImageEnvVar}`;
    problems.push({
      option: 'engineImage',
      message: [source, ` '${engineImage}' is not an image reference (e.g. node:20-slim, redis-ha-lab/node:local)`],
    });
  }

  let persistence: Persistence = defaults.persistence;
  if (raw.persistence !== undefined) {
    if ((persistenceModes as readonly string[]).includes(raw.persistence)) persistence = raw.persistence as Persistence;
    else
      notAllowed(
        'persistence',
        raw.persistence,
        'use none (a restarted node comes back empty), rdb (snapshots: save 5 1) or aof (append-only file, fsync every second)',
      );
  }

  let layout: Layout = defaults.layout;
  if (raw.layout !== undefined) {
    if ((layouts as readonly string[]).includes(raw.layout)) layout = raw.layout as Layout;
    else
      notAllowed(
        'layout',
        raw.layout,
        'use nodes (each node its own host) or servers (one redis and one sentinel per server, one address)',
      );
  }

  const programs: ProgramChoice = {};
  for (const [option, envVar, key] of [
    ['redisServer', serverProgramEnvVar, 'server'],
    ['redisSentinel', sentinelProgramEnvVar, 'sentinel'],
  ] as const) {
    const value = raw[option] ?? (env[envVar]?.trim() || undefined);
    if (value === undefined) continue;
    // A path or a name, run without a shell: anything but an empty value or a line break can be one.
    if (value.trim() === '' || /[\r\n]/.test(value)) {
      const source: MessagePart = raw[option] !== undefined ? { option } : `$${envVar}`;
      problems.push({
        option,
        message: [source, ` '${value}' is not a program: give a path or a name on PATH (e.g. /usr/local/bin/valkey-server)`],
      });
    } else {
      programs[key] = value;
    }
  }

  const nodesPerKind = Math.max(replicas + 1, sentinels);
  const portBase = int('portBase', defaults.redisPortBase, 1024, 65535 - 20000 - nodesPerKind);

  return {
    options: {
      name,
      replicas,
      sentinels,
      quorum,
      downAfterMs,
      failoverTimeoutMs,
      parallelSyncs,
      password,
      image,
      subnet,
      portBase,
      sentinelKind,
      engineImage,
      persistence,
      layout,
      ...(programs.server !== undefined || programs.sentinel !== undefined ? { programs } : {}),
    },
    problems,
  };
}

/** "5000", "1500ms", "5s", "1.5s" → milliseconds; undefined when it is none of those. */
export function parseDurationMs(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const factor = match[2] === 's' ? 1000 : match[2] === 'm' ? 60_000 : 1;
  const ms = amount * factor;
  return Number.isInteger(ms) ? ms : Math.round(ms);
}

/** "172.30.5.0/24" → [172, 30, 5]; undefined unless it is a valid /24 network address. */
export function parseSubnet24(subnet: string): [number, number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(subnet.trim());
  if (!match) return undefined;
  const octets = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  return octets.every((o) => o <= 255) ? octets : undefined;
}
