import type { RuntimeKind } from '../runtime/runtime.js';
import type { Persistence } from '../topology/defaults.js';
import type { Topology } from '../topology/topology.js';
import { persistenceOf } from '../topology/topology.js';
import type { Finding } from './assess-lab.js';
import { assessLab } from './assess-lab.js';
import type { NodeStatus } from './node-status.js';

/** `status --json` prints exactly this. */
export interface LabStatus {
  lab: string;
  runtime: RuntimeKind;
  masterName: string;
  quorum: number;
  /** What redis nodes keep on disk across a restart: none, rdb or aof. */
  persistence: Persistence;
  /** True when nothing is wrong: one master, replicas linked, sentinels agreeing with quorum. */
  healthy: boolean;
  nodes: NodeStatus[];
  findings: Finding[];
}

/** Pure: what the probes found, assessed. */
export function summarizeStatus(topology: Topology, runtime: RuntimeKind, nodes: NodeStatus[]): LabStatus {
  const findings = assessLab(topology, nodes);
  return {
    lab: topology.name,
    runtime,
    masterName: topology.masterName,
    quorum: topology.quorum,
    persistence: persistenceOf(topology),
    healthy: findings.length === 0,
    nodes,
    findings,
  };
}
