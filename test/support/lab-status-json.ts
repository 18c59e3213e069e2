import type { LabStatus } from '../../src/observe/lab-status.js';
import type { RedisNodeStatus, SentinelNodeStatus } from '../../src/observe/node-status.js';

export function parseStatus(stdout: string): LabStatus {
  return JSON.parse(stdout) as LabStatus;
}

export function mastersOf(status: LabStatus): RedisNodeStatus[] {
  return status.nodes.filter((n): n is RedisNodeStatus => n.kind === 'redis' && n.role === 'master');
}

export function replicasOf(status: LabStatus): RedisNodeStatus[] {
  return status.nodes.filter((n): n is RedisNodeStatus => n.kind === 'redis' && n.role === 'replica');
}

export function sentinelsOf(status: LabStatus): SentinelNodeStatus[] {
  return status.nodes.filter((n): n is SentinelNodeStatus => n.kind === 'sentinel');
}
