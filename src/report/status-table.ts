import chalk from 'chalk';
import type { LabStatus } from '../observe/lab-status.js';
import type { NodeStatus } from '../observe/node-status.js';
import type { Topology } from '../topology/topology.js';
import { plural } from '../common/text.js';

/** The status as a table for people: one line per node, findings highlighted, and how to connect. */
export function formatStatusTable(status: LabStatus, topology: Topology): string {
  const flagged = new Set(status.findings.map((f) => f.node).filter(Boolean));
  // The servers layout lists nodes server by server, with a SERVER column: a server's redis and sentinel together.
  const servers = status.nodes.some((n) => n.server);
  const nodes = servers ? [...status.nodes].sort((a, b) => (a.server ?? '').localeCompare(b.server ?? '')) : status.nodes;
  const rows = nodes.map((node) => [
    ...(servers ? [node.server ?? ''] : []),
    node.name,
    colourRole(node),
    describeView(node),
    connectCommand(node, topology),
  ]);
  const header = [...(servers ? ['SERVER'] : []), 'NODE', 'ROLE', 'VIEW', 'CONNECT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i]!))));
  const line = (cells: string[], mark = ' ') =>
    mark +
    ' ' +
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - visibleLength(c)))
      .join('  ')
      .trimEnd();
  const out = [
    chalk.bold(`Lab ${status.lab}`) +
      chalk.dim(
        ` (${status.runtime}${softwareSummary(status.nodes, topology)}, master name ${status.masterName}, quorum ${status.quorum}, persistence ${status.persistence}` +
          `${servers ? ', layout servers' : ''})`,
      ),
    chalk.dim(line(header)),
    ...rows.map((row, i) => line(row, flagged.has(nodes[i]!.name) ? chalk.yellow('!') : ' ')),
    '',
  ];
  if (status.healthy) {
    out.push(chalk.green('✔ healthy: one master, every replica linked, every sentinel agrees, quorum reachable'));
  } else {
    out.push(chalk.yellow(`✖ ${plural(status.findings.length, 'problem')}:`));
    for (const finding of status.findings) out.push(chalk.yellow(`  - ${finding.message}`));
  }
  return out.join('\n');
}

/**
 * ", valkey 8.0.1": what the redis nodes run, and what the sentinels run when that differs (", sentinels
 * valkey 8.0.1 + engine"). Engine sentinels are named as such: they answer INFO as the release they follow.
 */
export function softwareSummary(nodes: NodeStatus[], topology: Topology): string {
  const engines = new Set(topology.nodes.filter((n) => n.engine).map((n) => n.name));
  const distinct = (list: NodeStatus[]) => [...new Set(list.map((n) => n.software).filter((s): s is string => s !== undefined))];
  const servers = distinct(nodes.filter((n) => n.kind === 'redis'));
  const sentinels = distinct(nodes.filter((n) => n.kind === 'sentinel' && !engines.has(n.name)));
  if (engines.size > 0) sentinels.push('engine');
  const sentinelsDiffer = sentinels.length > 0 && sentinels.join() !== servers.join();
  return (servers.length > 0 ? `, ${servers.join(' + ')}` : '') + (sentinelsDiffer ? `, sentinels ${sentinels.join(' + ')}` : '');
}

function colourRole(node: NodeStatus): string {
  switch (node.role) {
    case 'master':
      return chalk.green.bold('master');
    case 'replica':
      return chalk.cyan('replica');
    case 'sentinel':
      return chalk.magenta('sentinel');
    default:
      return chalk.red.bold('down');
  }
}

function describeView(node: NodeStatus): string {
  if (node.role === 'down') return chalk.red(node.error ?? 'no reply');
  if (node.kind === 'redis') {
    if (node.role === 'master') return `${plural(node.connectedReplicas ?? 0, 'replica')} connected, offset ${node.offset ?? 0}`;
    const link = node.link === 'up' ? chalk.green('link up') : chalk.red('link down');
    return `follows ${node.masterNode ?? node.master ?? '?'}, ${link}, offset ${node.offset ?? 0}`;
  }
  const flags = (node.flags ?? []).join(',');
  const quorum = node.ckquorum?.ok ? chalk.green('quorum OK') : chalk.red('quorum NOT OK');
  return `master ${node.masterNode ?? node.master ?? '?'} [${flags}], ${plural(node.numSlaves ?? 0, 'replica')}, ${plural(node.numOtherSentinels ?? 0, 'other sentinel')}, ${quorum}`;
}

export function connectCommand(node: { published: string; kind: string }, topology: Topology): string {
  const [host, port] = node.published.split(':');
  const auth = node.kind === 'redis' && topology.password ? ` -a ${topology.password} --no-auth-warning` : '';
  return `redis-cli -h ${host} -p ${port}${auth}`;
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;
function visibleLength(text: string): number {
  return text.replace(ansi, '').length;
}
