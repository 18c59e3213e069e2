import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { scenariosDir } from '../common/package-paths.js';

/** The built-in scenarios, by name (the YAML files shipped in scenarios/). */
export function builtinScenarioNames(): string[] {
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** A built-in name (kill-master) or a path to a YAML file: its path, or why there is none. */
export function locateScenario(nameOrPath: string): { path: string } | { problem: string } {
  const builtin = join(scenariosDir, `${nameOrPath}.yaml`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(builtin)) return { path: builtin };
  if (existsSync(nameOrPath)) return { path: resolve(nameOrPath) };
  return { problem: `no scenario '${nameOrPath}': not a built-in (${builtinScenarioNames().join(', ')}) and no such file` };
}

/** A path as people typed it: relative to the working directory when it is below it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
