import chalk from 'chalk';
import type { Finding } from '../observe/assess-lab.js';
import type { NodeStatus } from '../observe/node-status.js';
import type { TimelineEvent } from '../observe/timeline.js';
import { annotate, colourEvent } from './timeline-text.js';

export interface WatchScreenInput {
  lab: string;
  runtime: string;
  masterName: string;
  quorum: number;
  statuses: NodeStatus[];
  findings: Finding[];
  events: TimelineEvent[];
  nodes: { name: string; address: string; runId?: string; kind: string }[];
  now: number;
  width: number;
  height: number;
}

/** The `watch` screen, pure: nodes, sentinels' views, problems, and as many recent events as fit. */
export function renderWatchScreen(input: WatchScreenInput): string[] {
  const clip = (line: string) => clipVisible(line, input.width);
  const lines: string[] = [];
  lines.push(
    chalk.bold(`redis-ha-lab watch · lab ${input.lab} (${input.runtime}) · ${input.masterName}, quorum ${input.quorum}`) +
      chalk.dim(` · ${clock(input.now)} · Ctrl-C to quit`),
  );
  lines.push('');
  // The servers layout lists a server's redis and sentinel together, under the server's name.
  const label = (s: NodeStatus) => (s.server ? `${s.server} ${s.name}` : s.name);
  const statuses = [...input.statuses].sort((a, b) => (a.server ?? '').localeCompare(b.server ?? ''));
  const width = Math.max(...statuses.map((s) => label(s).length), 4);
  for (const status of statuses) {
    lines.push(`  ${label(status).padEnd(width)}  ${roleCell(status)}  ${describe(status)}`);
  }
  lines.push('');
  if (input.findings.length === 0) lines.push(chalk.green('  ✔ healthy'));
  for (const finding of input.findings.slice(0, 4)) lines.push(chalk.yellow(`  ! ${finding.message}`));
  if (input.findings.length > 4) lines.push(chalk.yellow(`  ! … ${input.findings.length - 4} more`));
  lines.push('');
  lines.push(chalk.bold('  Sentinel events'));
  const room = Math.max(1, input.height - lines.length - 1);
  const recent = input.events.slice(-room);
  if (recent.length === 0) lines.push(chalk.dim('  (none yet: they appear as sentinels publish them)'));
  for (const event of recent) {
    // Engine sentinels explain their decisions; those lines read "why ...".
    const name = event.kind === 'explain' ? chalk.blue('why') : colourEvent(chalk, event.name);
    lines.push(
      `  ${chalk.dim(clock(event.at))} ${event.source.padEnd(width)} ${name} ${event.detail}${chalk.dim(annotate(event.detail, input.nodes))}`,
    );
  }
  return lines.map(clip);
}

function roleCell(status: NodeStatus): string {
  const text = status.role.padEnd(8);
  if (status.role === 'master') return chalk.green.bold(text);
  if (status.role === 'replica') return chalk.cyan(text);
  if (status.role === 'sentinel') return chalk.magenta(text);
  return chalk.red.bold(text);
}

function describe(status: NodeStatus): string {
  if (status.role === 'down') return chalk.red(status.error ?? 'no reply');
  if (status.kind === 'redis') {
    if (status.role === 'master') return `${status.connectedReplicas ?? 0} replicas connected · offset ${status.offset ?? 0}`;
    const link = status.link === 'up' ? chalk.green('link up') : chalk.red('link down');
    return `follows ${status.masterNode ?? status.master} · ${link} · offset ${status.offset ?? 0}`;
  }
  const flags = (status.flags ?? []).map((f) => (f === 'master' ? f : chalk.red(f))).join(',');
  const quorum = status.ckquorum?.ok ? chalk.green('quorum OK') : chalk.red('quorum NOT OK');
  return `reports ${status.masterNode ?? status.master ?? '?'} [${flags}] · ${status.numSlaves} replicas · ${status.numOtherSentinels} other sentinels · ${quorum}`;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

/** Cuts a line to `width` visible characters, keeping colour codes intact, so the screen never wraps. */
export function clipVisible(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length;) {
    ansi.lastIndex = i;
    const match = ansi.exec(line);
    if (match && match.index === i) {
      out += match[0];
      i += match[0].length;
      continue;
    }
    if (visible >= width) {
      i++;
      continue;
    }
    out += line[i];
    visible++;
    i++;
  }
  return out;
}
