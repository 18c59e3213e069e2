import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describeError, environmentError, usageError } from '../../common/errors.js';
import type { ProgramChoice } from '../../topology/server-programs.js';
import { parseServerVersion, serverCandidates, serverProgramEnvVar, sentinelProgramEnvVar } from '../../topology/server-programs.js';

const run = promisify(execFile);

/** A program the local runtime will run: its path, and what its --version says. */
export interface FoundProgram {
  path: string;
  /** redis or valkey. */
  product: string;
  version: string;
  /** The first line of `<path> --version`, for people. */
  banner: string;
}

export interface FoundPrograms {
  server: FoundProgram;
  /** The program real sentinels run (with --sentinel): the server itself unless another was named. */
  sentinel: FoundProgram;
}

/**
 * A program as a shell would find it: a name with a slash is a path (relative to the working directory), any
 * other name is looked up in PATH's directories. Undefined when there is no executable file there.
 */
export async function findExecutable(program: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(program)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      if ((await stat(candidate)).isFile()) {
        await access(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not there, or not executable: the next directory
    }
  }
  return undefined;
}

const installHint =
  'Install Redis 7 or later (Debian/Ubuntu: apt-get install redis-server redis-sentinel; macOS: brew install redis) or Valkey 8, ' +
  `name the binary with --redis-server PATH (or $${serverProgramEnvVar}), or use --runtime docker.`;

/**
 * The programs a local lab runs: the ones named (--redis-server, --redis-sentinel), else redis-server on PATH,
 * else valkey-server (Valkey's `make install` also creates redis-* links, but a package may ship only valkey-*).
 * Each must answer --version as a Redis or Valkey server.
 */
export async function findPrograms(choice: ProgramChoice, path = process.env.PATH ?? ''): Promise<FoundPrograms> {
  const server = choice.server ? await namedProgram(choice.server, '--redis-server', serverProgramEnvVar, path) : await firstOnPath(path);
  const sentinel = choice.sentinel ? await namedProgram(choice.sentinel, '--redis-sentinel', sentinelProgramEnvVar, path) : server;
  return { server, sentinel };
}

async function firstOnPath(path: string): Promise<FoundProgram> {
  for (const name of serverCandidates) {
    const found = await findExecutable(name, path);
    if (found) return identify(found, `${name} (found on PATH)`);
  }
  throw environmentError(
    `the local runtime needs a Redis or Valkey server, and found neither ${serverCandidates.join(' nor ')} on PATH.\n${installHint}`,
  );
}

async function namedProgram(program: string, flag: string, envVar: string, path: string): Promise<FoundProgram> {
  const found = await findExecutable(program, path);
  if (!found)
    throw usageError(
      `${flag} ${program} (or $${envVar}): no executable file ${program.includes('/') ? 'there' : 'of that name on PATH'}. ` +
        `Give the path of a redis-server or valkey-server binary, e.g. ${flag} /usr/local/bin/valkey-${flag === '--redis-server' ? 'server' : 'sentinel'}.`,
    );
  return identify(found, `${flag} ${program}`);
}

/** Runs `<path> --version`: "Redis server v=7.0.15 sha=..." or "Valkey server v=8.0.1 ...". */
async function identify(path: string, described: string): Promise<FoundProgram> {
  let stdout: string;
  try {
    ({ stdout } = await run(path, ['--version'], { timeout: 5000 }));
  } catch (error) {
    throw environmentError(`${described}: '${path} --version' did not run (${describeError(error)}).\n${installHint}`, error);
  }
  const parsed = parseServerVersion(stdout);
  if (!parsed)
    throw usageError(
      `${described}: ${path} does not say it is a Redis or Valkey server (--version printed: ${stdout.trim().slice(0, 80) || 'nothing'}).\n${installHint}`,
    );
  return { path, ...parsed, banner: stdout.trim().split('\n')[0]! };
}
