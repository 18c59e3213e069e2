import { usageError } from '../common/errors.js';
import type { Finding } from '../observe/assess-lab.js';
import { assessLab } from '../observe/assess-lab.js';
import type { NodeStatus } from '../observe/node-status.js';
import { probeLab } from '../observe/node-status.js';
import type { Topology } from '../topology/topology.js';
import type { LabRecord, LabStore } from './lab-store.js';

/** `status --json` prints exactly this. */
export interface LabStatus {
  lab: string;
  runtime: LabRecord['runtime'];
  masterName: string;
  quorum: number;
  /** True when nothing is wrong: one master, replicas linked, sentinels agreeing with quorum. */
  healthy: boolean;
  nodes: NodeStatus[];
  findings: Finding[];
}

export async function readLab(name: string, store: LabStore): Promise<LabRecord> {
  const record = await store.read(name);
  if (!record) {
    const others = (await store.names()).filter((n) => n !== name);
    const hint = others.length > 0 ? ` (labs here: ${others.join(', ')}; pick one with --name)` : '; start one with redis-ha-lab up';
    throw usageError(`no lab named '${name}' is up${hint}`);
  }
  return record;
}

export async function labStatus(record: LabRecord): Promise<LabStatus> {
  return summarizeStatus(record.topology, record.runtime, await probeLab(record.topology));
}

/** Pure: what the probes found, assessed. */
export function summarizeStatus(topology: Topology, runtime: LabRecord['runtime'], nodes: NodeStatus[]): LabStatus {
  const findings = assessLab(topology, nodes);
  return {
    lab: topology.name,
    runtime,
    masterName: topology.masterName,
    quorum: topology.quorum,
    healthy: findings.length === 0,
    nodes,
    findings,
  };
}
