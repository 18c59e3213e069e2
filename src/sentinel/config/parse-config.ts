// Reading a sentinel.conf into the model, in the order redis-sentinel 7.0.15 does it:
// 1. loadServerConfigFromString() (config.c) goes through the lines, applying top-level options at
//    once and queueing every "sentinel ..." line (queueSentinelConfig() in sentinel.c);
// 2. it then checks that the log file can be opened (an error without a line number);
// 3. loadSentinelConfigFromQueue() applies the queued lines in three passes, so a per-master option
//    may come before its "sentinel monitor" line: first the global options listed in
//    preMonitorCfgName[], then the monitor lines, then everything else, each pass in file order.
// The first failing line stops the load, so a bad top-level line anywhere is reported before a bad
// sentinel line. Checks that need the file system (dir, scripts, log file) go through hooks, so the
// parser stays pure; readSentinelConfig() in read-config.ts supplies real ones.

import { compatProfile, type CompatProfile } from '../compat/compat-profile.js';
import { applyServerDirective, type ServerDirectiveContext } from './parse-server-directive.js';
import { applySentinelDirective } from './parse-sentinel-directive.js';
import { SentinelConfigError } from './sentinel-config-error.js';
import { createDefaultSentinelConfig } from './sentinel-config-defaults.js';
import type { SentinelConfig } from './sentinel-config.js';
import { splitConfigLine, splitConfigText } from './split-config-line.js';

export interface ParseSentinelConfigOptions {
  /** chdir(dir) for a dir line: undefined on success, else the strerror() text Redis reports. */
  changeDir?: (dir: string) => string | undefined;
  /** access(path, X_OK) for notification-script and client-reconfig-script. */
  isExecutable?: (path: string) => boolean;
  /** fopen(logfile, "a"): undefined on success, else the strerror() text. */
  openLogfile?: (path: string) => string | undefined;
  /** The release whose config reader to follow (default: DEFAULT_COMPAT). */
  compat?: CompatProfile;
}

// preMonitorCfgName[] in sentinel.c.
const PRE_MONITOR_OPTIONS = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

interface QueuedSentinelLine {
  args: string[];
  line: number;
  text: string;
}

/**
 * The configuration in `text`, or a SentinelConfigError for the first line redis-sentinel would
 * refuse. `fileName` is only recorded on the error (Redis's message does not name the file).
 */
export function parseSentinelConfig(text: string, fileName: string, options: ParseSentinelConfigOptions = {}): SentinelConfig {
  const config = createDefaultSentinelConfig();
  const compat = options.compat ?? compatProfile();
  const fail = (line: number, lineText: string, reason: string): SentinelConfigError =>
    new SentinelConfigError(line, lineText, reason, fileName, compat);
  const queues: [QueuedSentinelLine[], QueuedSentinelLine[], QueuedSentinelLine[]] = [[], [], []];
  let bindLine: { line: number; text: string } | undefined;
  let current = { line: 0, text: '' };
  const ctx: ServerDirectiveContext = {
    config,
    changeDir: options.changeDir,
    users: new Set(),
    bindsNowhere: false,
    compat,
    queueSentinel: (args) => {
      const option = args[0]!.toLowerCase();
      const queue = option === 'monitor' ? queues[1] : PRE_MONITOR_OPTIONS.has(option) ? queues[0] : queues[2];
      queue.push({ args, ...current });
    },
  };

  splitConfigText(text).forEach((lineText, index) => {
    current = { line: index + 1, text: lineText };
    if (lineText === '' || lineText.startsWith('#')) return;
    const args = splitConfigLine(lineText);
    if (args === null) throw fail(current.line, lineText, 'Unbalanced quotes in configuration line');
    if (args.length === 0) return;
    const error = applyServerDirective(ctx, args, current.line);
    if (error !== undefined) throw fail(current.line, lineText, error);
    if (args[0]!.toLowerCase() === 'bind') bindLine = ctx.bindsNowhere ? current : undefined;
  });

  if (config.logfile !== '' && options.openLogfile) {
    const failure = options.openLogfile(config.logfile);
    if (failure !== undefined) throw fail(0, '', `Can't open the log file: ${failure}`);
  }

  for (const queue of queues) {
    for (const entry of queue) {
      const error = applySentinelDirective({ config, isExecutable: options.isExecutable, compat }, entry.args);
      if (error !== undefined) throw fail(entry.line, entry.text, error);
    }
  }

  // Redis accepts "bind" with no address while reading, then exits when it finds nothing to listen
  // on (unless a unix socket is configured); reported here, at the bind line.
  const hasUnixSocket = config.otherDirectives?.some((d) => d.name === 'unixsocket' && d.args[0] !== '');
  if (bindLine && !hasUnixSocket) {
    throw fail(bindLine.line, bindLine.text, 'Configured to not listen anywhere, exiting.');
  }
  return config;
}
