import { usageError } from '../common/errors.js';
import { defaultEngineImage, defaultImage, defaults, engineImageEnvVar, imageEnvVar, limits, sentinelKinds, type SentinelKind } from './defaults.js';

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
  /** From scenario files: replica-priority per redis node name (default 100). */
  replicaPriority?: Record<string, number>;
  /** From scenario files: extra redis.conf settings for every redis node. */
  redisConfig?: Record<string, string>;
}

const namePattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** A lab name is a Docker compose project name and a directory name: check it on its own for down/status. */
export function parseLabName(value: string | undefined): string {
  const name = value ?? defaults.name;
  if (!namePattern.test(name)) {
    throw usageError(
      `invalid --name '${name}': use 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit (e.g. --name lab2)`,
    );
  }
  return name;
}

/**
 * Checks every option and reports all problems at once, each naming its flag and what is allowed, so one
 * round of corrections is enough.
 */
export function parseLabOptions(raw: RawLabOptions, env: NodeJS.ProcessEnv = process.env): LabOptions {
  const problems: string[] = [];
  const int = (flag: string, value: string | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${flag} '${value}' is not allowed: use a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  };
  const duration = (flag: string, value: string | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    const parsed = parseDurationMs(value);
    if (parsed === undefined || parsed < min || parsed > max) {
      problems.push(`${flag} '${value}' is not allowed: use milliseconds from ${min} to ${max} (e.g. 5000, 1500ms or 5s)`);
      return fallback;
    }
    return parsed;
  };

  let name: string = defaults.name;
  try {
    name = parseLabName(raw.name);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const replicas = int('--replicas', raw.replicas, defaults.replicas, limits.replicas.min, limits.replicas.max);
  const problemsBefore = problems.length;
  const sentinels = int('--sentinels', raw.sentinels, defaults.sentinels, limits.sentinels.min, limits.sentinels.max);
  const sentinelsValid = problems.length === problemsBefore;
  const quorumDefault = Math.min(defaults.quorum, sentinels);
  const quorum = int('--quorum', raw.quorum, quorumDefault, 1, limits.sentinels.max);
  // Compared only with a --sentinels the user actually gave correctly, never with a fallback they did not type.
  if (sentinelsValid && quorum > sentinels) {
    problems.push(
      `--quorum ${quorum} is larger than --sentinels ${sentinels}: no failover could ever be agreed; use a quorum from 1 to ${sentinels}`,
    );
  }
  const downAfterMs = duration('--down-after', raw.downAfter, defaults.downAfterMs, limits.downAfterMs.min, limits.downAfterMs.max);
  const failoverTimeoutMs = duration(
    '--failover-timeout',
    raw.failoverTimeout,
    defaults.failoverTimeoutMs,
    limits.failoverTimeoutMs.min,
    limits.failoverTimeoutMs.max,
  );
  const parallelSyncs = int('--parallel-syncs', raw.parallelSyncs, defaults.parallelSyncs, 1, limits.replicas.max);

  let password: string | undefined;
  if (raw.password !== undefined) {
    // Written into redis.conf, sentinel.conf and compose.yaml unquoted: keep it to characters that need no escaping.
    if (!/^[A-Za-z0-9_.@%+=:,-]{1,128}$/.test(raw.password)) {
      problems.push(`--password: use 1-128 characters from A-Z a-z 0-9 and _ . @ % + = : , - (no spaces or quotes)`);
    } else {
      password = raw.password;
    }
  }

  const image = (raw.image ?? defaultImage(env)).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/:@-]*$/.test(image)) {
    const source = raw.image !== undefined ? '--image' : `$${imageEnvVar}`;
    problems.push(`${source} '${image}' is not an image reference (e.g. redis:7, valkey/valkey:8, redis-ha-lab/redis:local)`);
  }

  let subnet: string | undefined;
  if (raw.subnet !== undefined) {
    const octets = parseSubnet24(raw.subnet);
    if (octets === undefined) {
      problems.push(`--subnet '${raw.subnet}' is not allowed: use an IPv4 /24 network such as 172.30.5.0/24`);
    } else {
      subnet = `${octets.join('.')}.0/24`;
    }
  }

  let sentinelKind: SentinelKind = defaults.sentinelKind;
  if (raw.sentinel !== undefined) {
    if ((sentinelKinds as readonly string[]).includes(raw.sentinel)) sentinelKind = raw.sentinel as SentinelKind;
    else problems.push(`--sentinel '${raw.sentinel}' is not allowed: use redis (redis-sentinel), engine (the embedded engine) or mixed (both in one quorum)`);
  }
  const engineImage = (raw.engineImage ?? defaultEngineImage(env)).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/:@-]*$/.test(engineImage)) {
    const source = raw.engineImage !== undefined ? '--engine-image' : `$${engineImageEnvVar}`;
    problems.push(`${source} '${engineImage}' is not an image reference (e.g. node:20-slim, redis-ha-lab/node:local)`);
  }

  const nodesPerKind = Math.max(replicas + 1, sentinels);
  const portBase = int('--port-base', raw.portBase, defaults.redisPortBase, 1024, 65535 - 20000 - nodesPerKind);

  if (problems.length > 0) {
    throw usageError(`invalid options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { name, replicas, sentinels, quorum, downAfterMs, failoverTimeoutMs, parallelSyncs, password, image, subnet, portBase, sentinelKind, engineImage };
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
