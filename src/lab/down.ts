import type { Runtime } from '../runtime/runtime.js';
import type { LabStore } from './lab-store.js';

export interface DownResult {
  name: string;
  nodes: number;
  networks: number;
  files: boolean;
}

/**
 * Removes every node, network and file of a lab. Idempotent: a lab that is not up, or only partly there
 * (a crashed `up`, a compose-started lab without files), is removed as far as it exists.
 */
export async function down(name: string, deps: { runtime: Runtime; store: LabStore }): Promise<DownResult> {
  const record = await deps.store.read(name);
  let removal = { nodes: 0, networks: 0 };
  try {
    await deps.runtime.check();
    removal = await deps.runtime.remove(name);
  } catch (error) {
    // Without a daemon nothing of the lab can be running there, unless its record says it was booted there.
    if (record?.runtime === deps.runtime.kind) throw error;
  }
  const files = await deps.store.remove(name);
  return { name, ...removal, files };
}

export function describeDown(result: DownResult): string {
  if (result.nodes === 0 && result.networks === 0 && !result.files) return `no lab named '${result.name}' was up; nothing to remove`;
  const parts = [`${result.nodes} node${result.nodes === 1 ? '' : 's'}`, `${result.networks} network${result.networks === 1 ? '' : 's'}`];
  if (result.files) parts.push('its files');
  return `removed lab '${result.name}': ${parts.join(', ')}`;
}
