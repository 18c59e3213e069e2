// Loading sentinel.conf from disk the way redis-sentinel starts: main() (server.c) makes the path
// absolute, loadServerConfig() (config.c) reads it or exits with "Fatal error, can't open config
// file", the lines are parsed with the file-system checks Redis makes while reading (dir is a chdir(),
// scripts must be executable, the log file must open), and sentinelCheckConfigFile() (sentinel.c)
// refuses to run without a writable file, since Sentinel persists its state there.

import type { CompatProfile } from '../compat/compat-profile.js';
import { accessSync, closeSync, constants, openSync, realpathSync, statSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSentinelConfig } from './parse-config.js';
import type { SentinelConfig } from './sentinel-config.js';
import { SentinelConfigFileError } from './sentinel-config-error.js';
import { errnoCode, strerror } from './strerror.js';

export interface LoadedSentinelConfig {
  /** The parsed file; `dir` is the absolute working directory Redis would end up in (getcwd()). */
  config: SentinelConfig;
  /** The file's text, to give back to rewriteSentinelConfig(). */
  text: string;
  /** The absolute path of the file (Redis keeps the config file's absolute path). */
  path: string;
}

/**
 * Reads and parses `path`. Throws SentinelConfigFileError when the file cannot be read and
 * SentinelConfigError for a line Redis would refuse.
 */
export async function readSentinelConfig(path: string, compat?: CompatProfile): Promise<LoadedSentinelConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new SentinelConfigFileError(`Fatal error, can't open config file '${absolute}': ${strerror(error)}`, absolute, errnoCode(error));
  }

  // Relative paths in the file follow the dir lines read so far, as after Redis's chdir() calls.
  let cwd = realpathSync(process.cwd());
  const config = parseSentinelConfig(text, absolute, {
    compat,
    changeDir: (dir) => {
      const target = resolve(cwd, dir);
      try {
        if (!statSync(target).isDirectory()) return strerror({ code: 'ENOTDIR' });
        accessSync(target, constants.X_OK);
        cwd = realpathSync(target);
        return undefined;
      } catch (error) {
        return strerror(error);
      }
    },
    isExecutable: (script) => {
      try {
        accessSync(resolve(cwd, script), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    openLogfile: (logfile) => {
      try {
        closeSync(openSync(resolve(cwd, logfile), 'a'));
        return undefined;
      } catch (error) {
        return strerror(error);
      }
    },
  });
  config.dir = cwd;
  return { config, text, path: absolute };
}

/** sentinelCheckConfigFile(): Sentinel must have a config file it can write its state to. */
export async function checkConfigWritable(path: string | undefined): Promise<void> {
  if (path === undefined || path === '') {
    throw new SentinelConfigFileError('Sentinel needs config file on disk to save state. Exiting...', undefined, undefined);
  }
  const absolute = resolve(path);
  try {
    await access(absolute, constants.W_OK);
  } catch (error) {
    throw new SentinelConfigFileError(
      `Sentinel config file ${absolute} is not writable: ${strerror(error)}. Exiting...`,
      absolute,
      errnoCode(error),
    );
  }
}
