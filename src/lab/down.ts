import type { RuntimeKind } from '../runtime/runtime.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';
import { runtimeOf } from '../runtime/select-runtime.js';
import type { LabStore } from './lab-store.js';

export interface DownResult {
  name: string;
  nodes: number;
  resources: string[];
  files: boolean;
}

/**
 * Removes every node, network, firewall rule and file of a lab. Idempotent: a lab that is not up, or only
 * partly there (a crashed `up`, a compose-started lab without files), is removed as far as it exists.
 */
export async function down(name: string, deps: { runtimes: RuntimeFactory; store: LabStore; runtime?: RuntimeKind }): Promise<DownResult> {
  const record = await deps.store.read(name);
  // The record says where the lab runs. Without one, only Docker can hold something of the lab (one started with
  // the rendered compose file), unless the caller names the runtime to look in.
  const runtime = runtimeOf(record?.runtime ?? deps.runtime ?? 'docker', deps.runtimes);
  let removal = { nodes: 0, resources: [] as string[] };
  try {
    await runtime.check();
    removal = await runtime.remove(name);
  } catch (error) {
    // Without its runtime nothing of the lab can be running there, unless its record says it was booted there.
    if (record) throw error;
  }
  const files = await deps.store.remove(name);
  return { name, ...removal, files };
}

export function describeDown(result: DownResult): string {
  if (result.nodes === 0 && result.resources.length === 0 && !result.files)
    return `no lab named '${result.name}' was up; nothing to remove`;
  const parts = [`${result.nodes} node${result.nodes === 1 ? '' : 's'}`, ...result.resources];
  if (result.files) parts.push('its files');
  return `removed lab '${result.name}': ${parts.join(', ')}`;
}
