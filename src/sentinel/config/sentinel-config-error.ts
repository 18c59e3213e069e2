// The two ways Redis refuses a sentinel.conf, with the texts it prints.
//
// - A bad line: the "FATAL CONFIG FILE ERROR" block of loadServerConfigFromString() (config.c) and
//   loadSentinelConfigFromQueue() (sentinel.c). The one error not tied to a line (the log file cannot
//   be opened) prints the block without the two line lines; `line` is 0 then.
// - The file itself: loadServerConfig() cannot open it, or sentinelCheckConfigFile() (sentinel.c)
//   finds it missing or not writable; Redis logs one sentence and exits.

import { compatProfile, type CompatProfile } from '../compat/compat-profile.js';

export class SentinelConfigError extends Error {
  override readonly name = 'SentinelConfigError';

  constructor(
    readonly line: number, // 1-based; 0 when the error is not about one line
    readonly lineText: string, // the line as Redis echoes it: trimmed of blanks and "\r"
    readonly reason: string,
    readonly fileName?: string, // the file being read, for the caller (Redis's text does not name it)
    compat: CompatProfile = compatProfile(),
  ) {
    super(formatFatalConfigError(line, lineText, reason, compat));
  }
}

export function formatFatalConfigError(line: number, lineText: string, reason: string, compat: CompatProfile = compatProfile()): string {
  const where = line > 0 ? `Reading the configuration file, at line ${line}\n>>> '${lineText}'\n` : '';
  return `*** FATAL CONFIG FILE ERROR (${compat.fatalHeaderWord} ${compat.version}) ***\n${where}${reason}`;
}

/** The config file cannot be read, or Sentinel could not save its state to it. */
export class SentinelConfigFileError extends Error {
  override readonly name = 'SentinelConfigFileError';

  constructor(
    message: string,
    readonly path: string | undefined,
    readonly code: string | undefined, // errno name, e.g. "ENOENT"
  ) {
    super(message);
  }
}
