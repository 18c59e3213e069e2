// INFO as a simulated Redis node prints it: the Server and Replication fields Sentinel reads
// (sentinelRefreshInstanceInfo), in Redis 7.0's order and format, CRLF-separated.

import type { SimRedisNode } from './redis-node.js';

export function renderInfo(n: SimRedisNode): string {
  const lines = ['# Server', 'redis_version:7.0.15', `run_id:${n.runId}`, `tcp_port:${n.port}`, '', '# Replication'];
  if (n.replicaOf === null) {
    lines.push('role:master');
  } else {
    lines.push(
      'role:slave',
      `master_host:${n.replicaOf.host}`,
      `master_port:${n.replicaOf.port}`,
      `master_link_status:${n.linkUp ? 'up' : 'down'}`,
    );
    lines.push(
      `master_last_io_seconds_ago:${n.linkUp ? 0 : -1}`,
      'master_sync_in_progress:0',
      `slave_read_repl_offset:${n.offset}`,
      `slave_repl_offset:${n.offset}`,
    );
    if (!n.linkUp) lines.push(`master_link_down_since_seconds:${n.linkDownSeconds()}`);
    lines.push(`slave_priority:${n.priority}`, 'slave_read_only:1', 'replica_announced:1');
  }
  const replicas = n.linkedReplicas();
  lines.push(`connected_slaves:${replicas.length}`);
  replicas.forEach((r, i) => lines.push(`slave${i}:ip=${r.host},port=${r.port},state=online,offset=${r.offset},lag=0`));
  lines.push(`master_repl_offset:${n.offset}`, '');
  return lines.join('\r\n');
}
