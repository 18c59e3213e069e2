// The built-in drivers (drivers/ in the package): one per client library, each using the library's own
// Sentinel support. Which of them can run here is found by running them: a driver started with RHL_HELLO_ONLY
// prints its hello line (library and version) and exits, so "available" means the interpreter starts and the
// library loads, exactly as it will during a scenario.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../common/clock.js';
import { packageRoot } from '../common/package-paths.js';
import type { SpawnDriver } from './driver-process.js';
import type { DriverHello } from './driver-protocol.js';
import { driverEnv, readDriverLine } from './driver-protocol.js';
import { describeExit } from './run-driver.js';

export const builtinDriverNames = ['ioredis', 'node-redis', 'redis-py', 'redis-rb', 'predis'] as const;
export type BuiltinDriverName = (typeof builtinDriverNames)[number];

export interface BuiltinDriver {
  name: BuiltinDriverName;
  language: string;
  command: readonly string[];
  /** What to install when it is not available. */
  install: string;
}

const driversDir = join(packageRoot, 'drivers');

/**
 * Debian installs python3-redis for /usr/bin/python3; a python3 earlier on PATH (pyenv, a virtualenv) would not
 * see it, so Debian's interpreter is preferred where it exists.
 */
function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export function builtinDrivers(): BuiltinDriver[] {
  return [
    { name: 'ioredis', language: 'Node.js', command: [process.execPath, join(driversDir, 'ioredis.mjs')], install: 'npm install ioredis' },
    {
      name: 'node-redis',
      language: 'Node.js',
      command: [process.execPath, join(driversDir, 'node-redis.mjs')],
      install: 'npm install redis@5',
    },
    {
      name: 'redis-py',
      language: 'Python',
      command: [python(), '-u', join(driversDir, 'redis-py.py')],
      install: 'apt-get install -y python3-redis (or pip install redis)',
    },
    {
      name: 'redis-rb',
      language: 'Ruby',
      command: ['ruby', join(driversDir, 'redis-rb.rb')],
      install: 'apt-get install -y ruby ruby-redis (or gem install redis -v "~> 4.8")',
    },
    {
      name: 'predis',
      language: 'PHP',
      command: ['php', join(driversDir, 'predis.php')],
      install: 'apt-get install -y php-cli php-predis',
    },
  ];
}

export type DriverAvailability =
  { driver: BuiltinDriver; available: true; hello: DriverHello } | { driver: BuiltinDriver; available: false; reason: string };

/** Runs the driver with RHL_HELLO_ONLY: available when it prints a valid hello line and exits 0. */
export async function checkDriver(
  driver: BuiltinDriver,
  spawn: SpawnDriver,
  clock: Clock,
  timeoutMs = 15_000,
): Promise<DriverAvailability> {
  const child = spawn(driver.command, { [driverEnv.helloOnly]: '1' });
  let first: string | undefined;
  child.onLine((line) => (first ??= line));
  const timer = new AbortController();
  const exit = await Promise.race([
    child.exited,
    clock.sleep(timeoutMs, timer.signal).then(
      () => undefined,
      () => undefined,
    ),
  ]);
  timer.abort();
  const missing = (why: string): DriverAvailability => ({ driver, available: false, reason: `${why}; install: ${driver.install}` });
  if (!exit) {
    child.kill('SIGKILL');
    return missing(`it did not answer in ${timeoutMs / 1000} s`);
  }
  if (exit.spawnError || exit.code !== 0) {
    const stderr = child.stderrTail().split('\n').at(-1);
    return missing(`${describeExit(exit, driver.command)}${stderr ? `: ${stderr}` : ''}`);
  }
  const reading = first === undefined ? undefined : readDriverLine(first, true);
  if (!reading?.ok || reading.line.type !== 'hello')
    return missing(`its hello line was wrong (${reading && !reading.ok ? reading.problem : 'no output'})`);
  return { driver, available: true, hello: reading.line };
}

/** Every built-in, checked at once (each check starts an interpreter). */
export function checkDrivers(
  spawn: SpawnDriver,
  clock: Clock,
  names: readonly string[] = builtinDriverNames,
): Promise<DriverAvailability[]> {
  return Promise.all(
    builtinDrivers()
      .filter((d) => names.includes(d.name))
      .map((d) => checkDriver(d, spawn, clock)),
  );
}
