// A client driver process the test scripts, behind the DriverProcess boundary: it prints what it is told, and
// hears stop and signals as configured.
import type { ClientFirewall } from '../../src/clients/client-firewall.js';
import type { DriverExit, DriverProcess, SpawnDriver } from '../../src/clients/driver-process.js';

/** A driver process the test scripts: it prints what it is told, and hears stop and signals as configured. */
export class FakeDriverProcess implements DriverProcess {
  readonly signals: NodeJS.Signals[] = [];
  stdinClosed = false;
  private readonly listeners: ((line: string) => void)[] = [];
  private resolveExit!: (exit: DriverExit) => void;
  readonly exited = new Promise<DriverExit>((resolve) => (this.resolveExit = resolve));

  constructor(
    private readonly hears: { stdinClose: boolean; sigterm: boolean } = { stdinClose: true, sigterm: true },
    private readonly stderr = '',
  ) {}

  print(...lines: string[]): void {
    for (const line of lines) this.listeners.forEach((l) => l(line));
  }
  exit(exit: DriverExit): void {
    this.resolveExit(exit);
  }
  onLine(listener: (line: string) => void): void {
    this.listeners.push(listener);
  }
  stderrTail(): string {
    return this.stderr;
  }
  closeStdin(): void {
    this.stdinClosed = true;
    if (this.hears.stdinClose) this.exit({ code: 0, signal: null });
  }
  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.hears.sigterm) this.exit({ code: null, signal });
  }
}

/** A SpawnDriver that answers each built-in's availability check from a table: a hello line, or an exit with stderr. */
export function scriptedDrivers(answers: Record<string, { hello: string } | { exit: number; stderr: string }>): SpawnDriver {
  return (command) => {
    const name = Object.keys(answers).find((n) => command.some((part) => part.includes(`/${n}.`)));
    const answer = name ? answers[name] : undefined;
    if (!answer) {
      const missing = new FakeDriverProcess();
      queueMicrotask(() => missing.exit({ code: null, signal: null, spawnError: `spawn ${command[0]} ENOENT` }));
      return missing;
    }
    const child = new FakeDriverProcess(undefined, 'stderr' in answer ? answer.stderr : '');
    queueMicrotask(() => {
      if ('hello' in answer) child.print(answer.hello);
      child.exit({ code: 'exit' in answer ? answer.exit : 0, signal: null });
    });
    return child;
  };
}

/** A ClientFirewall that records what it was asked to do, in order. */
export class FakeClientFirewall implements ClientFirewall {
  readonly calls: string[] = [];
  async prepare(gids: number[]): Promise<void> {
    this.calls.push(`prepare ${gids.join(',')}`);
  }
  async block(gid: number, hosts: string[]): Promise<void> {
    this.calls.push(`block ${gid} from ${hosts.join(',')}`);
  }
  async clear(): Promise<void> {
    this.calls.push('clear');
  }
  async remove(): Promise<void> {
    this.calls.push('remove');
  }
}
