import { execFileSync } from 'node:child_process';
import { eventually } from './eventually.js';

/** A program in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen. */
export class TmuxSession {
  constructor(readonly name: string) {}

  static start(name: string, command: string, size = { width: 200, height: 150 }): TmuxSession {
    new TmuxSession(name).kill();
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(size.width), '-y', String(size.height), command]);
    return new TmuxSession(name);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    let screen = '';
    try {
      return await eventually(`the screen to show ${pattern}`, () => (pattern.test((screen = this.screen())) ? screen : undefined), {
        timeoutMs,
        intervalMs: 200,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; last screen:\n${screen}`, { cause: error });
    }
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
