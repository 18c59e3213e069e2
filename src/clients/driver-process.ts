// A driver is a separate program; this is the one place that starts it. Behind the small DriverProcess interface,
// so the driver runner is tested with a fake process, and so a runtime could later start drivers elsewhere
// (in a network namespace of their own, in a container).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface DriverExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: string;
}

export interface DriverProcess {
  /** Called with each line of stdout, in order, without its newline. */
  onLine(listener: (line: string) => void): void;
  /** The end of what it wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Says "finish the attempt under way and exit" (the protocol's stop). */
  closeStdin(): void;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once it has exited and its stdout has been read to the end. */
  exited: Promise<DriverExit>;
}

/**
 * `gid`: run the driver with that group id, so the host's firewall can tell its packets apart (iptables owner
 * match). The user stays the same: the driver still reads the package's files wherever it is installed.
 */
export type SpawnDriver = (command: readonly string[], env: Record<string, string>, options?: { gid?: number }) => DriverProcess;

const stderrKeep = 4000;

/** Starts a driver as a child process with `env` on top of this process's environment (PATH, HOME...). */
export const spawnDriver: SpawnDriver = (command, env, options = {}) => {
  const [program, ...args] = command;
  const child = spawn(program!, args, {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  const listeners: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrKeep);
  });
  child.stdin.on('error', () => undefined); // a driver that exits early closes its stdin under us: reported by exited
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on('line', (line) => listeners.forEach((l) => l(line)));
  const stdoutDone = new Promise<void>((resolve) => lines.once('close', resolve));
  const exited = new Promise<DriverExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, spawnError: error.message }));
    child.once('exit', (code, signal) => void stdoutDone.then(() => resolve({ code, signal })));
  });
  return {
    onLine: (listener) => void listeners.push(listener),
    stderrTail: () => stderr.trim(),
    closeStdin: () => void child.stdin.end(),
    kill: (signal) => void child.kill(signal),
    exited,
  };
};
