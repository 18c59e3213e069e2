import { checkClientSelector, clientSelectorPrefix } from '../clients/clients-options.js';
import type { Node as YamlNode } from 'yaml';
import { parseDurationMs } from '../topology/lab-options.js';
import type { Topology } from '../topology/topology.js';
import { checkSelector, isReservedName } from '../topology/node-selector.js';
import type { YamlSource } from './yaml-source.js';
import { isScalar, isSeq, mapEntries, scalarValue, seqItems } from './yaml-source.js';

export interface ParseContext {
  src: YamlSource;
  topology: Topology;
  /** Aliases bound by earlier steps (`as:`). */
  aliases: Set<string>;
  /** The scenario's clients (`client:NAME` in a partition group), when it runs any. */
  clients?: readonly string[];
}

/**
 * Reads one step's arguments, reporting every problem with its position instead of stopping at the first.
 * A step's value is a map of fields, or a shorthand scalar/list for its main field: `kill: master` is
 * `kill: { node: master }`. Getters return undefined for a missing or invalid field (already reported).
 */
export class StepArgs {
  private readonly fields = new Map<string, { value: YamlNode | null; key: YamlNode }>();
  private readonly read = new Set<string>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly where: string,
    private readonly node: YamlNode | null,
    shorthand?: string,
  ) {
    const entries = mapEntries(node);
    if (entries) {
      for (const [key, value, keyNode] of entries) this.fields.set(key, { value, key: keyNode });
    } else if (node && !(isScalar(node) && node.value === null) && shorthand) {
      this.fields.set(shorthand, { value: node, key: node });
    } else if (node && !(isScalar(node) && (node.value === null || node.value === true))) {
      ctx.src.report(node, `${where}: expected a map of fields`);
    }
  }

  /** The lab the step will run on, for checks that depend on it (engine-fault needs engine sentinels). */
  get lab(): Topology {
    return this.ctx.topology;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  problem(key: string, message: string): void {
    this.ctx.src.report(this.fields.get(key)?.value ?? this.node, `${this.where}: ${message}`);
  }

  private take(key: string, required: boolean): YamlNode | null | undefined {
    this.read.add(key);
    const field = this.fields.get(key);
    if (!field) {
      if (required) this.ctx.src.report(this.node, `${this.where}: missing field '${key}'`);
      return undefined;
    }
    return field.value;
  }

  /** A field's own node, for a block read with its own StepArgs (e.g. `clients: { expect: {...} }`). */
  block(key: string): YamlNode | null | undefined {
    return this.take(key, false);
  }

  /** One node (or several, with group) by selector; see node-selector.ts. */
  selectors(key: string, options: { required?: boolean; group?: boolean; rest?: boolean; default?: string } = {}): string[] | undefined {
    const value = this.take(key, options.default === undefined && (options.required ?? true));
    if (value === undefined) return options.default === undefined ? undefined : [options.default];
    const items = isSeq(value) && options.group ? (seqItems(value) ?? []) : [value];
    if (items.length === 0) {
      this.problem(key, `'${key}' is an empty list`);
      return undefined;
    }
    const result: string[] = [];
    for (const item of items) {
      const text = scalarValue(item);
      if (typeof text !== 'string') {
        this.ctx.src.report(item, `${this.where}: '${key}' must be a node name or role${options.group ? ', or a list of them' : ''}`);
        return undefined;
      }
      const problem =
        options.rest && text.startsWith(clientSelectorPrefix)
          ? checkClientSelector(text, this.ctx.clients ?? [])
          : checkSelector(text, this.ctx.topology, this.ctx.aliases, { group: options.group ?? false, rest: options.rest });
      if (problem) {
        this.ctx.src.report(item, `${this.where}: ${problem}`);
        return undefined;
      }
      result.push(text);
    }
    return result;
  }

  /** One node; a missing field means `default` when one is given, else it is required. */
  selector(key: string, options: { default?: string } = {}): string | undefined {
    return this.selectors(key, { group: false, default: options.default })?.[0];
  }

  string(key: string, options: { required?: boolean; oneOf?: readonly string[] } = {}): string | undefined {
    const value = this.take(key, options.required ?? false);
    if (value === undefined) return undefined;
    const text = scalarValue(value);
    if (typeof text !== 'string' && typeof text !== 'number') {
      this.problem(key, `'${key}' must be a string`);
      return undefined;
    }
    if (options.oneOf && !options.oneOf.includes(String(text))) {
      this.problem(key, `'${key}' is '${text}'; allowed: ${options.oneOf.join(', ')}`);
      return undefined;
    }
    return String(text);
  }

  number(key: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.take(key, options.required ?? false);
    if (value === undefined) return undefined;
    const number = scalarValue(value);
    const min = options.min ?? 0;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      this.problem(key, `'${key}' must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return number;
  }

  /** "30s", "1500ms", 2000 (ms). */
  duration(key: string, options: { required?: boolean; max?: number } = {}): number | undefined {
    const value = this.take(key, options.required ?? false);
    if (value === undefined) return undefined;
    const raw = scalarValue(value);
    const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDurationMs(raw) : undefined;
    const max = options.max ?? 3_600_000;
    if (ms === undefined || ms < 0 || ms > max) {
      this.problem(key, `'${key}' must be a duration up to ${max / 1000} s, e.g. 30s, 1500ms or 2000`);
      return undefined;
    }
    return ms;
  }

  boolean(key: string): boolean | undefined {
    const value = this.take(key, false);
    if (value === undefined) return undefined;
    const bool = scalarValue(value);
    if (typeof bool !== 'boolean') {
      this.problem(key, `'${key}' must be true or false`);
      return undefined;
    }
    return bool;
  }

  /** A command line: a list of words, or one string split on spaces. */
  words(key: string, options: { required?: boolean } = {}): string[] | undefined {
    const value = this.take(key, options.required ?? false);
    if (value === undefined) return undefined;
    const items = seqItems(value);
    const words = items
      ? items.map(scalarValue)
      : String(scalarValue(value) ?? '')
          .split(/\s+/)
          .filter(Boolean);
    if (words.length === 0 || words.some((w) => typeof w !== 'string' && typeof w !== 'number')) {
      this.problem(key, `'${key}' must be a command, e.g. [CONFIG, SET, maxmemory, 10mb] or "CONFIG SET maxmemory 10mb"`);
      return undefined;
    }
    return words.map(String);
  }

  /** A list of lists of selectors (partition groups). */
  groups(key: string): string[][] | undefined {
    const value = this.take(key, true);
    if (value === undefined) return undefined;
    const outer = seqItems(value);
    if (!outer || outer.length < 2 || outer.some((g) => !isSeq(g))) {
      this.problem(key, `'${key}' must be at least two lists of nodes, e.g. [[old-master, sentinel-1], [rest]]`);
      return undefined;
    }
    const groups: string[][] = [];
    for (const group of outer) {
      const sub = new StepArgs(this.ctx, this.where, group, 'nodes');
      const nodes = sub.selectors('nodes', { group: true, rest: true });
      if (!nodes) return undefined;
      groups.push(nodes);
    }
    return groups;
  }

  /** An `as:` alias this step binds for later steps. */
  alias(): string | undefined {
    const name = this.string('as');
    if (name === undefined) return undefined;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      this.problem('as', `alias '${name}' must be lowercase letters, digits and '-'`);
      return undefined;
    }
    if (isReservedName(name, this.ctx.topology)) {
      this.problem('as', `alias '${name}' would hide a node name or role; choose another name (e.g. victim, preferred)`);
      return undefined;
    }
    return name;
  }

  /** Reports fields no getter asked for: typos such as `nod:` are caught, with the fields this step takes. */
  finish(): void {
    const allowed = [...this.read].join(', ') || 'none';
    for (const [key, field] of this.fields) {
      if (!this.read.has(key)) this.ctx.src.report(field.key, `${this.where}: unknown field '${key}'; allowed: ${allowed}`);
    }
  }
}
