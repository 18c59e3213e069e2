import { usageError } from '../common/errors.js';
import type { LabIo } from '../observe/lab-io.js';
import type { LabStatus } from '../observe/lab-status.js';
import { summarizeStatus } from '../observe/lab-status.js';
import type { LabRecord, LabStore } from './lab-store.js';

/** The record of a lab that is up, or a usage error naming the labs that are. */
export async function readLab(name: string, store: LabStore): Promise<LabRecord> {
  const record = await store.read(name);
  if (!record) {
    const others = (await store.names()).filter((n) => n !== name);
    const hint = others.length > 0 ? ` (labs here: ${others.join(', ')}; pick one with --name)` : '; start one with redis-ha-lab up';
    throw usageError(`no lab named '${name}' is up${hint}`);
  }
  return record;
}

/** Every node probed now, and what that says about the lab. */
export async function labStatus(record: LabRecord, io: LabIo): Promise<LabStatus> {
  return summarizeStatus(record.topology, record.runtime, await io.probe(record.topology));
}
