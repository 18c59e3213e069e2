// The top-level part of CONFIG REWRITE in Sentinel mode: the loop of rewriteConfig() (config.c) over
// the standard options, then rewriteConfigUserOption() and rewriteConfigLoadmoduleOption().
//
// What a Sentinel writes even when the old file does not mention it: `port` (its 26379 differs from
// the option's 6379 default), `protected-mode no` (Sentinel turns it off), `dir` (always, from
// getcwd()), `latency-tracking-info-percentiles` (always) and the ACL `user` lines, the default
// user included. Other options follow the usual rule: rewritten in place when present, appended
// only when not at their default value; `save` lines are dropped in Sentinel mode.
//
// Redis walks its option table in hash-table order, which changes from one process to the next, so
// appended lines come out in a different order from run to run; this engine uses one fixed order.
//
// Options the engine does not interpret keep the value they were written with, under their primary
// name, on the line of their first occurrence (later duplicates are dropped, as Redis does).
// Unlike Redis, their values are not re-formatted (Redis would e.g. quote strings, print "1mb").

import { createHash } from 'node:crypto';
import { DEFAULT_BIND, DEFAULT_LATENCY_PERCENTILES, DEFAULT_LOG_LEVEL, SERVER_DEFAULT_PORT } from './sentinel-config-defaults.js';
import type { RewriteState } from './rewrite-state.js';
import type { SentinelConfig } from './sentinel-config.js';
import { reprConfigString, splitConfigLine } from './split-config-line.js';

// Options kept as written, line for line: client-output-buffer-limit legitimately has one line per
// client class (Redis regenerates them from its three limits, which this engine does not model).
const KEPT_VERBATIM = new Set(['client-output-buffer-limit']);

/** Rewrites the top-level options; `dir` is the absolute directory to write, if known. */
export function rewriteServerOptions(state: RewriteState, config: SentinelConfig, dir: string | undefined, aclUsers?: string[]): void {
  const handled = new Set<string>();
  const rewrite = (option: string, line: string, force: boolean): void => {
    handled.add(option);
    state.rewriteLine(option, line, force);
  };
  const drop = (option: string): void => {
    handled.add(option);
    state.markProcessed(option);
  };

  rewrite('port', `port ${config.port}`, config.port !== SERVER_DEFAULT_PORT);
  // rewriteConfigBindOption(): the default "* -::*" is not written (old lines go); none is `bind ""`.
  if (config.bind.length === 0 || sameList(config.bind, DEFAULT_BIND)) drop('bind');
  else rewrite('bind', `bind ${config.bind.join(' ')}`, true);
  rewrite('daemonize', `daemonize ${yesNo(config.daemonize)}`, config.daemonize);
  if (config.pidfile === undefined) drop('pidfile');
  else rewrite('pidfile', `pidfile ${reprConfigString(config.pidfile)}`, true);
  const logLevel = config.logLevel ?? DEFAULT_LOG_LEVEL;
  rewrite('loglevel', `loglevel ${logLevel}`, logLevel !== DEFAULT_LOG_LEVEL);
  rewrite('logfile', `logfile ${reprConfigString(config.logfile)}`, config.logfile !== '');
  if (config.requirePass === undefined) drop('requirepass');
  else rewrite('requirepass', `requirepass ${reprConfigString(config.requirePass)}`, true);
  rewrite('protected-mode', `protected-mode ${yesNo(config.protectedMode)}`, !config.protectedMode);
  if (dir === undefined) drop('dir');
  else rewrite('dir', `dir ${reprConfigString(dir)}`, true);
  rewrite('latency-tracking-info-percentiles', latencyLine(config.latencyTrackingInfoPercentiles), true);
  drop('save'); // rewriteConfigSaveOption(): Sentinel has no save parameters

  for (const option of state.optionsWithOldLines()) {
    if (handled.has(option) || KEPT_VERBATIM.has(option) || !state.directives.isStandard(option)) continue;
    const lines = state.oldLines(option);
    state.rewriteLine(
      option,
      withPrimaryName(lines[lines.length - 1]!, (name) => state.directives.primaryName(name)),
      false,
    );
  }

  rewriteUsers(state, config, aclUsers);
}

/** rewriteConfigUserOption(): one line per user in name order, the default user always among them. */
function rewriteUsers(state: RewriteState, config: SentinelConfig, aclUsers?: string[]): void {
  // With an ACL file the users live there, and user lines in the config file are dropped.
  const aclFile = state.oldLines('aclfile').map((line) => splitConfigLine(line)?.[1] ?? '');
  if (aclFile.length > 0 && aclFile[aclFile.length - 1] !== '') {
    state.markProcessed('user');
    return;
  }
  const users = new Map<string, string>();
  for (const line of aclUsers ?? state.oldLines('user')) {
    const name = splitConfigLine(line)?.[1];
    if (name !== undefined && !users.has(name)) users.set(name, line);
  }
  if (!users.has('default')) {
    const password = config.requirePass === undefined ? 'nopass' : `#${createHash('sha256').update(config.requirePass).digest('hex')}`;
    users.set('default', `user default on ${password} ~* &* +@all`);
  }
  // The users rax is ordered by the bytes of the names.
  const names = [...users.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) state.rewriteLine('user', users.get(name)!, true);
  state.markProcessed('user');
}

/** rewriteConfigLatencyTrackingInfoPercentilesOutputOption(): "%f" with trailing zeros trimmed. */
function latencyLine(percentiles: readonly number[] = DEFAULT_LATENCY_PERCENTILES): string {
  if (percentiles.length === 0) return 'latency-tracking-info-percentiles ""';
  const values = percentiles.map((p) => p.toFixed(6).replace(/\.?0+$/, ''));
  return `latency-tracking-info-percentiles ${values.join(' ')}`;
}

/** The line with its directive replaced by the option's primary, lower-case name. */
function withPrimaryName(line: string, primaryConfigName: (name: string) => string): string {
  const end = line.search(/[ \t]/);
  const directive = end < 0 ? line : line.slice(0, end);
  const rest = end < 0 ? '' : line.slice(end).replace(/^[ \t]+/, '');
  return rest === '' ? primaryConfigName(directive) : `${primaryConfigName(directive)} ${rest}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
