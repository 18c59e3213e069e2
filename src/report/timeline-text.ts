import chalk, { Chalk, type ChalkInstance } from 'chalk';
import type { ScenarioReport } from './scenario-report.js';
import { formatOffset } from './scenario-report.js';

/** The timeline for people: one line per event, times relative to the fault, sentinel events coloured by kind. */
export function formatTimeline(report: ScenarioReport, options: { colour: boolean } = { colour: false }): string {
  const c = options.colour ? chalk : new Chalk({ level: 0 });
  // In the servers layout each line names the server too ("a/redis-master"): what happened where, machine by machine.
  const serverOf = new Map(report.nodes.filter((n) => n.server).map((n) => [n.name, n.server!.replace('server-', '')]));
  const label = (source: string) => (serverOf.has(source) ? `${serverOf.get(source)}/${source}` : source);
  const width = Math.max(6, ...report.events.map((e) => label(e.source).length));
  return report.events
    .map((e) => {
      const time = formatOffset(e.t).padStart(9);
      const source = label(e.source).padEnd(width);
      if (e.kind === 'step') return c.dim(`${time}  ${source}  step ${e.name === 'start' ? '▶' : '■'} ${e.detail}`);
      if (e.kind === 'role') return `${time}  ${source}  ${c.cyan(`role → ${e.detail}`)}`;
      if (e.kind === 'explain') return `${time}  ${source}  ${c.blue('why')} ${e.detail}${c.dim(annotate(e.detail, report.nodes))}`;
      return `${time}  ${source}  ${colourEvent(c, e.name)} ${e.detail}${c.dim(annotate(e.detail, report.nodes))}`;
    })
    .join('\n');
}

/** Sentinel events coloured by kind: failures red, recoveries and the switch green, elections magenta. */
export function colourEvent(c: ChalkInstance, name: string): string {
  if (name === '+switch-master' || name === '+promoted-slave' || name === '+failover-end') return c.green.bold(name);
  if (name.startsWith('+sdown') || name.startsWith('+odown')) return c.red(name);
  if (name.startsWith('-sdown') || name.startsWith('-odown')) return c.green(name);
  if (name.includes('vote') || name.includes('leader') || name.includes('epoch')) return c.magenta(name);
  if (name.startsWith('+failover') || name.startsWith('+slave-reconf') || name.startsWith('+selected')) return c.yellow(name);
  return name;
}

/**
 * Sentinel events name instances by address ("172.30.5.10 6379", "172.30.5.11:6379") and sentinels by run id;
 * for people, the node names they stand for, in order: "  [redis-master → redis-replica-1]".
 */
export function annotate(detail: string, nodes: { name: string; address: string; runId?: string }[]): string {
  const names: string[] = [];
  const pattern = /(\d+\.\d+\.\d+\.\d+)[ :](\d+)|\b([0-9a-f]{40})\b/g;
  for (const match of detail.matchAll(pattern)) {
    const node = match[3] ? nodes.find((n) => n.runId === match[3]) : nodes.find((n) => n.address === `${match[1]}:${match[2]}`);
    if (node && names.at(-1) !== node.name) names.push(node.name);
  }
  return names.length === 0 ? '' : `  [${names.join(' → ')}]`;
}
