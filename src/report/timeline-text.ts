import chalk, { Chalk, type ChalkInstance } from 'chalk';
import type { ScenarioReport } from './scenario-report.js';
import { formatOffset } from './scenario-report.js';

/** The timeline for people: one line per event, times relative to the fault, sentinel events coloured by kind. */
export function formatTimeline(report: ScenarioReport, options: { colour: boolean } = { colour: false }): string {
  const c = options.colour ? chalk : new Chalk({ level: 0 });
  const width = Math.max(6, ...report.events.map((e) => e.source.length));
  return report.events
    .map((e) => {
      const time = formatOffset(e.t).padStart(9);
      const source = e.source.padEnd(width);
      if (e.kind === 'step') return c.dim(`${time}  ${source}  step ${e.name === 'start' ? '▶' : '■'} ${e.detail}`);
      if (e.kind === 'role') return `${time}  ${source}  ${c.cyan(`role → ${e.detail}`)}`;
      return `${time}  ${source}  ${colourEvent(c, e.name)} ${e.detail}`;
    })
    .join('\n');
}

function colourEvent(c: ChalkInstance, name: string): string {
  if (name === '+switch-master' || name === '+promoted-slave' || name === '+failover-end') return c.green.bold(name);
  if (name.startsWith('+sdown') || name.startsWith('+odown')) return c.red(name);
  if (name.startsWith('-sdown') || name.startsWith('-odown')) return c.green(name);
  if (name.includes('vote') || name.includes('leader') || name.includes('epoch')) return c.magenta(name);
  if (name.startsWith('+failover') || name.startsWith('+slave-reconf') || name.startsWith('+selected')) return c.yellow(name);
  return name;
}
