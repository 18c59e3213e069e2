// What a scenario asks of client drivers: which (built-ins by name, or the user's own command), with which profile,
// how fast, doing what, and what each must show (`clients:` in a scenario file, --clients / --client-cmd flags).
import type { BuiltinDriverName } from './builtin-drivers.js';
import { builtinDriverNames } from './builtin-drivers.js';
import type { DriverOp } from './driver-protocol.js';

export const clientProfiles = ['default', 'recommended'] as const;
export type ClientProfile = (typeof clientProfiles)[number];

/** Thresholds each client must meet, checked like assertions. */
export interface ClientExpectations {
  /** It must write to a master again before the end (not STUCK). */
  recovers?: boolean;
  maxOutageMs?: number;
  maxLost?: number;
  /** Thresholds for one client by name, on top of those for all (what a scenario knows of each library). */
  byClient?: Record<string, Omit<ClientExpectations, 'byClient'>>;
}

/** The thresholds that apply to one client: those for all, with its own on top. */
export function expectationsFor(expect: ClientExpectations, client: string): Omit<ClientExpectations, 'byClient'> {
  const { byClient, ...all } = expect;
  return { ...all, ...(byClient?.[client] ?? {}) };
}

export interface ClientsOptions {
  /** Built-ins by name; `all` means every one that can run here (the others are reported, not silently skipped). */
  builtins: BuiltinDriverName[];
  all: boolean;
  /** The user's own driver, as a command line (`--client-cmd "python3 probe.py"`). */
  command?: string[];
  profile: ClientProfile;
  rate: number;
  ops: DriverOp[];
  expect: ClientExpectations;
  /** Set when a partition step names a client: each then runs with a group id of its own, so the host's firewall can cut it off. */
  isolate?: boolean;
}

export const defaultClients: Omit<ClientsOptions, 'builtins' | 'all'> = { profile: 'recommended', rate: 20, ops: ['write'], expect: {} };

/** `ioredis,redis-py` or `all`: the names, or what is wrong with them. */
export function readClientList(text: string): { builtins: BuiltinDriverName[]; all: boolean } | { problem: string } {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return { builtins: [...builtinDriverNames], all: true };
  const unknown = names.filter((n) => !(builtinDriverNames as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    return {
      problem: `'${unknown[0] ?? text}' is not a client driver: use all, or some of ${builtinDriverNames.join(', ')} (comma-separated)`,
    };
  return { builtins: [...new Set(names)] as BuiltinDriverName[], all: false };
}

/**
 * A command line split into words as a shell would for simple cases: spaces separate, single or double quotes
 * keep spaces in a word. Nothing else (no variables, no globs): the command is run directly, without a shell.
 */
export function splitCommand(text: string): string[] | { problem: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { problem: `unclosed ${quote} in '${text}'` };
  if (inWord) words.push(word);
  if (words.length === 0) return { problem: 'an empty command' };
  return words;
}

/** In a partition group, `client:redis-py` is that client (or `client:client-cmd`, the user's own driver). */
export const clientSelectorPrefix = 'client:';

export function checkClientSelector(selector: string, clients: readonly string[]): string | undefined {
  const name = selector.slice(clientSelectorPrefix.length);
  if (clients.includes(name)) return undefined;
  if (clients.length === 0) return `'${selector}': this scenario runs no clients; add them with a clients block or --clients`;
  return `'${selector}' is not one of this scenario's clients (${clients.map((c) => clientSelectorPrefix + c).join(', ')})`;
}

/** The names the scenario's clients go by: the built-ins asked for, and client-cmd for the user's own. */
export function clientNames(options: ClientsOptions | undefined): string[] {
  if (!options) return [];
  return [...options.builtins, ...(options.command ? ['client-cmd'] : [])];
}
