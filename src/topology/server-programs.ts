import type { CompatId } from '../sentinel/compat/compat-profile.js';
import type { Topology } from './topology.js';

/**
 * The programs a lab's nodes run: `server` for redis nodes, and `sentinel` for real sentinels, which run as
 * `<sentinel> <sentinel.conf> --sentinel`. That works for a server binary and for a sentinel one alike:
 * redis-sentinel and valkey-sentinel are links to the server, which looks for `--sentinel` among its arguments
 * as well as at its own name (server.c, checkForSentinelMode). Locally these are paths; on Docker, names in the
 * image.
 */
export interface ServerPrograms {
  server: string;
  sentinel: string;
}

/** What the user asked for (--redis-server, --redis-sentinel or their environment variables); unset: find one. */
export interface ProgramChoice {
  server?: string;
  sentinel?: string;
}

/** Environment variables that set the programs, as REDIS_HA_LAB_IMAGE sets the image. */
export const serverProgramEnvVar = 'REDIS_HA_LAB_REDIS_SERVER';
export const sentinelProgramEnvVar = 'REDIS_HA_LAB_REDIS_SENTINEL';

/** The servers the local runtime looks for on PATH, in this order, when none is named. */
export const serverCandidates = ['redis-server', 'valkey-server'] as const;

/** The programs a lab runs, as its record says (labs saved before this was a setting ran redis-server). */
export function programsOf(topology: Pick<Topology, 'programs'>): ServerPrograms {
  const server = topology.programs?.server ?? 'redis-server';
  return { server, sentinel: topology.programs?.sentinel ?? server };
}

/**
 * The name a program is run by in a container: the last part of a path given for the local runtime
 * (/usr/local/bin/valkey-server → valkey-server), found on the image's PATH.
 */
export function programName(program: string): string {
  return program.split('/').pop() || program;
}

/**
 * The server program an image has, by its name, when nothing better is known: Valkey's images (valkey/valkey,
 * bitnami/valkey, ...) have valkey-server and need not have any redis-* link; every Redis image has redis-server.
 */
export function serverForImageName(image: string): string {
  const repository = image.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  return /valkey/i.test(repository.split('/').pop() ?? '') ? 'valkey-server' : 'redis-server';
}

/**
 * The server program an image runs, from what `docker image inspect` says: its command or entrypoint when one
 * of them starts a server (the official images: CMD ["redis-server"] or ["valkey-server"]; images built by
 * `npm run images:local`: CMD ["/usr/bin/redis-server"]), else VALKEY_VERSION in its environment (the official
 * Valkey images set it), else by its name.
 */
export function serverForImage(
  image: string,
  config?: { Cmd?: string | string[] | null; Entrypoint?: string | string[] | null; Env?: string[] | null },
): string {
  const words = (value: string | string[] | null | undefined) => (typeof value === 'string' ? value.split(/\s+/) : (value ?? []));
  for (const word of [...words(config?.Cmd), ...words(config?.Entrypoint)]) {
    const base = word.split('/').pop() ?? '';
    if (/^(redis|valkey)-server$/.test(base)) return base;
  }
  if ((config?.Env ?? []).some((entry) => entry.startsWith('VALKEY_VERSION='))) return 'valkey-server';
  return serverForImageName(image);
}

/** `redis-server --version` → { product, version }: "Redis server v=7.0.15 sha=..." or "Valkey server v=8.0.1 ...". */
export function parseServerVersion(output: string): { product: string; version: string } | undefined {
  const match = /^\s*(\w+) server v=(\S+)/.exec(output);
  return match ? { product: match[1]!.toLowerCase(), version: match[2]! } : undefined;
}

/**
 * Whose sentinel the lab's engines should be, beside real sentinels of this product: Valkey's names (SENTINEL
 * PRIMARY, its INFO fields) next to valkey-sentinel; the engine's default otherwise.
 */
export function engineCompatFor(sentinelProduct: string | undefined): CompatId | undefined {
  return sentinelProduct === 'valkey' ? 'valkey-8' : undefined;
}

/** The product a program's name says it is: valkey-server, valkey-sentinel → valkey; anything else → redis. */
export function productOfProgram(program: string): string {
  return /valkey/i.test(program.split('/').pop() ?? '') ? 'valkey' : 'redis';
}

/**
 * Node's flags for an engine sentinel. --jitless: V8 interprets instead of compiling to machine code, which
 * keeps an engine at rest near 48 MB instead of 55 (redis-sentinel: 12 MB; a bare Node already 40 MB) for the
 * same CPU: a sentinel's work is a few commands a second (bench/RESULTS.md). --no-expose-wasm: without it
 * --jitless prints a warning at every start (no WebAssembly without a JIT; the engine uses none).
 */
export const engineNodeFlags: readonly string[] = ['--jitless', '--no-expose-wasm'];

/** The engine's arguments after the CLI: `sentinel <conf>`, explained, with lab faults, as the lab's --compat. */
export function engineArgs(topology: Pick<Topology, 'engineCompat'>, conf: string): string[] {
  return ['sentinel', conf, '--explain', '--lab-faults', ...(topology.engineCompat ? ['--compat', topology.engineCompat] : [])];
}
