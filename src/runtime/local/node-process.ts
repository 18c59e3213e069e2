import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { NodeProcessState } from '../runtime.js';

/**
 * One redis-server or redis-sentinel process of a local lab. It runs detached, so it outlives the CLI; its pid
 * is kept in `<nodeDir>/pid`, and a pid is only believed while that process still runs in the node's directory
 * (Redis chdir's to its `dir`), so a pid reused by another program is never signalled.
 */
export class NodeProcess {
  constructor(
    readonly nodeDir: string,
    readonly logFile: string,
  ) {}

  private get pidFile(): string {
    return join(this.nodeDir, 'pid');
  }

  async pid(): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.pidFile, 'utf8');
    } catch {
      return undefined;
    }
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 1) return undefined;
    return (await this.isOurs(pid)) ? pid : undefined;
  }

  private async isOurs(pid: number): Promise<boolean> {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    if (process.platform !== 'linux') return true;
    try {
      const [cwd, stat] = await Promise.all([readlink(`/proc/${pid}/cwd`), readFile(`/proc/${pid}/stat`, 'utf8')]);
      return cwd === this.nodeDir && processState(stat) !== 'Z';
    } catch {
      return false;
    }
  }

  async state(): Promise<NodeProcessState> {
    const pid = await this.pid();
    if (pid === undefined) return 'stopped';
    if (process.platform !== 'linux') return 'running';
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return processState(stat) === 'T' ? 'paused' : 'running';
  }

  /** Starts the process (unless it runs already) with its output appended to the node's log. */
  async start(command: string, args: string[]): Promise<number> {
    const running = await this.pid();
    if (running !== undefined) return running;
    const out = openSync(this.logFile, 'a');
    try {
      const child = spawn(command, args, { cwd: this.nodeDir, detached: true, stdio: ['ignore', out, out] });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid!));
        child.once('error', reject);
      });
      child.unref();
      await writeFile(this.pidFile, `${pid}\n`);
      return pid;
    } finally {
      closeSync(out);
    }
  }

  async signal(signal: NodeJS.Signals): Promise<boolean> {
    const pid = await this.pid();
    if (pid === undefined) return false;
    process.kill(pid, signal);
    return true;
  }

  /** SIGTERM (after SIGCONT, or a paused process never sees it), then SIGKILL if it is still there after graceMs. */
  async stop(clock: Clock, graceMs: number): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGTERM');
    const deadline = clock.now() + graceMs;
    while ((await this.pid()) !== undefined) {
      if (clock.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        await clock.sleep(50);
        break;
      }
      await clock.sleep(25);
    }
    await rm(this.pidFile, { force: true });
  }

  async kill(clock: Clock): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    while ((await this.pid()) !== undefined) await clock.sleep(10);
    await rm(this.pidFile, { force: true });
  }
}

/** The state letter of /proc/<pid>/stat (R, S, T stopped, Z zombie...); the name may hold spaces and ')'. */
export function processState(stat: string): string | undefined {
  const end = stat.lastIndexOf(')');
  return end < 0 ? undefined : stat.slice(end + 2, end + 3);
}
