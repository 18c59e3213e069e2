// The client-driver protocol (docs/CLIENTS.md, docs/client-driver.schema.json): what the lab gives a driver in
// its environment, and the JSON lines a driver prints. Pure: reading a line is a value or a problem, never a throw.

/** What a driver may be asked to do, one attempt at a time, in turn. */
export const driverOps = ['write', 'read', 'blpop'] as const;
export type DriverOp = (typeof driverOps)[number];

/** The environment variables a driver reads. */
export const driverEnv = {
  sentinels: 'RHL_SENTINELS',
  masterName: 'RHL_MASTER_NAME',
  password: 'RHL_PASSWORD',
  rate: 'RHL_RATE',
  durationMs: 'RHL_DURATION_MS',
  keyPrefix: 'RHL_KEY_PREFIX',
  ops: 'RHL_OPS',
  profile: 'RHL_PROFILE',
  helloOnly: 'RHL_HELLO_ONLY',
} as const;

export interface DriverSettings {
  /** Sentinel addresses, as the application would be configured with them. */
  sentinels: { host: string; port: number }[];
  masterName: string;
  password?: string;
  /** Attempts per second. */
  rate: number;
  /** Stop after this long; without it the driver runs until its stdin closes. */
  durationMs?: number;
  /** Every key the driver touches starts with this, so drivers that run together never share a key. */
  keyPrefix: string;
  ops: DriverOp[];
  /** A built-in driver's named settings ('default' or 'recommended'); a user's driver may ignore it. */
  profile: string;
}

export function driverEnvironment(settings: DriverSettings): Record<string, string> {
  return {
    [driverEnv.sentinels]: settings.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
    [driverEnv.masterName]: settings.masterName,
    [driverEnv.password]: settings.password ?? '',
    [driverEnv.rate]: String(settings.rate),
    [driverEnv.durationMs]: String(settings.durationMs ?? 0),
    [driverEnv.keyPrefix]: settings.keyPrefix,
    [driverEnv.ops]: settings.ops.join(','),
    [driverEnv.profile]: settings.profile,
  };
}

/** The first line: which library, which version, and every setting the driver gave it. */
export interface DriverHello {
  type: 'hello';
  library: string;
  version: string;
  language?: string;
  profile?: string;
  settings?: Record<string, unknown>;
}

/** One line per attempt. */
export interface DriverAttempt {
  type: 'attempt';
  /** Epoch ms when the attempt started. */
  t: number;
  /** How long it took, ms. */
  ms: number;
  op: DriverOp;
  key: string;
  /** The value written, or the value read (null: the key was missing). */
  value?: string | null;
  ok: boolean;
  /** The library's error text, when ok is false. */
  error?: string;
  /** host:port of the server that answered, when the library says. */
  server?: string;
}

export type DriverLine = DriverHello | DriverAttempt;

export type LineReading = { ok: true; line: DriverLine } | { ok: false; problem: string };

/**
 * Reads one line of a driver's stdout. `first` says whether it is the driver's first line, which must be the
 * hello. Problems name what is wrong in the driver author's terms.
 */
export function readDriverLine(text: string, first: boolean): LineReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad(`not JSON: ${quote(text)}`);
  }
  if (!isObject(value)) return bad(`not a JSON object: ${quote(text)}`);
  if (first && value.type !== 'hello')
    return bad(`the first line must be {"type":"hello","library":...,"version":...}, got ${quote(text)}`);
  if (value.type === 'hello') {
    if (!first) return bad('a second hello line');
    const missing = (['library', 'version'] as const).filter((f) => typeof value[f] !== 'string' || value[f] === '');
    if (missing.length > 0) return bad(`hello without ${missing.join(' and ')} (strings): ${quote(text)}`);
    if (value.settings !== undefined && !isObject(value.settings)) return bad('hello "settings" must be an object');
    return { ok: true, line: value as unknown as DriverHello };
  }
  if (value.type !== 'attempt') return bad(`"type" must be "hello" or "attempt", got ${JSON.stringify(value.type)}`);
  const problems: string[] = [];
  if (typeof value.t !== 'number' || !Number.isFinite(value.t)) problems.push('"t" (epoch ms, a number)');
  if (typeof value.ms !== 'number' || !(value.ms >= 0)) problems.push('"ms" (duration, a number >= 0)');
  if (!(driverOps as readonly unknown[]).includes(value.op)) problems.push(`"op" (${driverOps.join(', ')})`);
  if (typeof value.key !== 'string') problems.push('"key" (a string)');
  if (typeof value.ok !== 'boolean') problems.push('"ok" (true or false)');
  if (value.ok === false && typeof value.error !== 'string') problems.push('"error" (the error text, when ok is false)');
  if (value.value !== undefined && value.value !== null && typeof value.value !== 'string') problems.push('"value" (a string or null)');
  if (value.server !== undefined && (typeof value.server !== 'string' || !/^.+:\d+$/.test(value.server)))
    problems.push('"server" (host:port)');
  if (problems.length > 0) return bad(`attempt needs ${problems.join(', ')}: ${quote(text)}`);
  return { ok: true, line: value as unknown as DriverAttempt };
}

function bad(problem: string): LineReading {
  return { ok: false, problem };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
