// Log lines in redis-server's format (serverLogRaw in server.c): "<pid>:X <day> <mon> <year> <time>.<ms> <level> <text>",
// where X marks a sentinel and the level is one of . - * # (debug, verbose, notice, warning).

import { appendFileSync } from 'node:fs';
import { LogLevel } from '../constants.js';

const LEVEL_MARK = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatLogLine(pid: number, at: Date, level: LogLevel, text: string): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${two(at.getDate())} ${MONTHS[at.getMonth()]} ${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
  return `${pid}:X ${stamp} ${LEVEL_MARK[level]} ${text}\n`;
}

/** loglevel names of redis.conf. */
export function parseLogLevel(name: string | undefined): LogLevel {
  switch ((name ?? 'notice').toLowerCase()) {
    case 'debug':
      return LogLevel.DEBUG;
    case 'verbose':
      return LogLevel.VERBOSE;
    case 'warning':
      return LogLevel.WARNING;
    case 'nothing':
      return LogLevel.NOTHING;
    default:
      return LogLevel.NOTICE;
  }
}

export interface EngineLogger {
  log(level: LogLevel, text: string): void;
  /** The threshold: lines below it are dropped (server.verbosity; SENTINEL CONFIG SET loglevel changes it). */
  minLevel: LogLevel;
}

/** Appends to `logfile`, or writes to stdout when it is empty, as redis-server does. Synchronous, so nothing is lost on exit. */
export function createLogger(logfile: string, minLevel: LogLevel, pid = process.pid): EngineLogger {
  return {
    minLevel,
    log(level, text) {
      if (level < this.minLevel) return;
      const line = formatLogLine(pid, new Date(), level, text);
      try {
        if (logfile) appendFileSync(logfile, line);
        else process.stdout.write(line);
      } catch {
        // A log that cannot be written must not stop the sentinel (serverLogRaw ignores it too).
      }
    },
  };
}
