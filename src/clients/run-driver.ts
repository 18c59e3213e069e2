// Runs one client driver for the length of a scenario: starts it, reads its lines as they come, and stops it by
// closing its stdin (the protocol's stop), killing it only if it does not finish. Whatever goes wrong with the
// driver itself (bad lines, an early exit, silence) is collected as problems naming the driver and the line,
// never thrown: the scenario goes on and restores the lab.
import type { Clock } from '../common/clock.js';
import type { DriverExit, SpawnDriver } from './driver-process.js';
import type { DriverAttempt, DriverHello, DriverSettings } from './driver-protocol.js';
import { driverEnvironment, readDriverLine } from './driver-protocol.js';

export interface DriverSpec {
  /** How the report names it: a built-in's name, or `client-cmd` for the user's own. */
  name: string;
  command: readonly string[];
}

export interface DriverRun {
  name: string;
  command: readonly string[];
  hello?: DriverHello;
  attempts: DriverAttempt[];
  /** What was wrong with the driver itself, each naming it (and the line, where there is one). */
  problems: string[];
  /** How it ended: it finished when asked, or had to be killed (a driver stuck in a command cannot hear stop). */
  ended: 'finished' | 'killed' | 'exited-early';
  exit?: DriverExit;
}

export interface RunningDriver {
  /** Resolves with the hello line, or undefined when the driver failed before printing one (see problems). */
  hello: Promise<DriverHello | undefined>;
  /**
   * Resolves true once the driver has reported its first attempt (it has connected, or tried), false when it
   * failed before one or took longer than firstAttemptTimeoutMs (see problems).
   */
  firstAttempt: Promise<boolean>;
  /** The attempts read so far, oldest first. */
  attempts(): readonly DriverAttempt[];
  /** What has gone wrong with the driver so far. */
  problems(): readonly string[];
  stop(): Promise<DriverRun>;
}

export interface DriverDeps {
  spawn: SpawnDriver;
  /** Run it with this group id (see client-firewall.ts). */
  gid?: number;
  clock: Clock;
  /** How long a driver may take to print its hello line (a cold interpreter loading its library). */
  helloTimeoutMs?: number;
  /** How long a driver may take from its start to its first attempt (connecting through the sentinels). */
  firstAttemptTimeoutMs?: number;
  /** How long a driver may take to finish after its stdin closes, before it is killed. */
  stopTimeoutMs?: number;
  onAttempt?: (attempt: DriverAttempt) => void;
}

/** Bad lines reported per driver: the first few say what is wrong; a driver that prints only garbage needs no more. */
const maxLineProblems = 5;

export function startDriver(spec: DriverSpec, settings: DriverSettings, deps: DriverDeps): RunningDriver {
  const helloTimeoutMs = deps.helloTimeoutMs ?? 15_000;
  const stopTimeoutMs = deps.stopTimeoutMs ?? 5_000;
  const run: DriverRun = { name: spec.name, command: spec.command, attempts: [], problems: [], ended: 'finished' };
  const child = deps.spawn(spec.command, driverEnvironment(settings), deps.gid !== undefined ? { gid: deps.gid } : undefined);
  let stopping = false;
  let lineNo = 0;
  let lineProblems = 0;
  let helloSeen: (hello: DriverHello | undefined) => void = () => undefined;
  const hello = new Promise<DriverHello | undefined>((resolve) => (helloSeen = resolve));
  let attempted: (ok: boolean) => void = () => undefined;
  const firstAttempt = new Promise<boolean>((resolve) => (attempted = resolve));
  void hello.then((h) => h || attempted(false));

  child.onLine((text) => {
    lineNo++;
    if (text.trim() === '') return;
    const reading = readDriverLine(text, run.hello === undefined && lineNo === 1);
    if (!reading.ok) {
      if (++lineProblems <= maxLineProblems) run.problems.push(`${spec.name}, stdout line ${lineNo}: ${reading.problem}`);
      if (lineNo === 1) helloSeen(undefined);
      return;
    }
    if (reading.line.type === 'hello') {
      run.hello = reading.line;
      helloSeen(reading.line);
    } else {
      run.attempts.push(reading.line);
      attempted(true);
      deps.onAttempt?.(reading.line);
    }
  });

  const exited = child.exited.then((exit) => {
    run.exit = exit;
    helloSeen(run.hello);
    attempted(run.attempts.length > 0);
    if (stopping) return exit;
    run.ended = 'exited-early';
    run.problems.push(`${spec.name} ${describeExit(exit, spec.command)} before the scenario ended${stderrOf(child.stderrTail())}`);
    return exit;
  });

  const helloTimer = new AbortController();
  void deps.clock.sleep(helloTimeoutMs, helloTimer.signal).then(
    () => {
      if (run.hello || run.exit || lineNo > 0) return;
      run.problems.push(`${spec.name} printed nothing in ${helloTimeoutMs / 1000} s: a driver's first line is its hello (docs/CLIENTS.md)`);
      helloSeen(undefined);
    },
    () => undefined,
  );

  const firstAttemptMs = deps.firstAttemptTimeoutMs ?? 30_000;
  void deps.clock.sleep(firstAttemptMs, helloTimer.signal).then(
    () => {
      if (run.attempts.length > 0 || run.exit || !run.hello) return;
      run.problems.push(`${spec.name} made no attempt in ${firstAttemptMs / 1000} s after starting (still connecting?)`);
      attempted(false);
    },
    () => undefined,
  );

  return {
    hello,
    firstAttempt,
    attempts: () => run.attempts,
    problems: () => run.problems,
    async stop() {
      helloTimer.abort();
      if (!run.exit) {
        stopping = true;
        child.closeStdin();
        if (!(await finishesWithin(exited, stopTimeoutMs, deps.clock))) {
          run.ended = 'killed';
          child.kill('SIGTERM');
          if (!(await finishesWithin(exited, 2000, deps.clock))) child.kill('SIGKILL');
          await exited;
        }
      }
      await exited;
      if (run.ended !== 'exited-early' && !run.hello && !run.problems.some((p) => p.includes('hello'))) {
        run.problems.push(`${spec.name} never printed its hello line${stderrOf(child.stderrTail())}`);
      }
      return run;
    },
  };
}

async function finishesWithin(done: Promise<unknown>, ms: number, clock: Clock): Promise<boolean> {
  const timer = new AbortController();
  const finished = await Promise.race([
    done.then(() => true),
    clock.sleep(ms, timer.signal).then(
      () => false,
      () => true,
    ),
  ]);
  timer.abort();
  return finished;
}

export function describeExit(exit: DriverExit, command: readonly string[]): string {
  if (exit.spawnError) return `could not be started (${command.join(' ')}: ${exit.spawnError})`;
  if (exit.signal) return `was ended by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

function stderrOf(tail: string): string {
  if (!tail) return '';
  const lines = tail.split('\n').slice(-5).join('\n  ');
  return `; its stderr ends with:\n  ${lines}`;
}
