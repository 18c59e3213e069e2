import type { SpawnDriver } from '../../src/clients/driver-process.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliDeps } from '../../src/cli/cli-deps.js';
import { runProgram } from '../../src/cli/main.js';
import { LabStore } from '../../src/lab/lab-store.js';
import type { StartTraffic } from '../../src/traffic/traffic-client.js';
import type { FakeClock } from './fake-clock.js';
import type { FakeLab } from './fake-lab.js';

/** A stream that keeps what is written to it (stdout or stderr of a command run in-process). */
export class CapturedStream extends PassThrough {
  text = '';
  constructor(readonly isTTY = false) {
    super();
    this.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }
}

/** What a command run in-process printed and returned. */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI's dependencies with a fake lab behind them: commands run in-process, exactly as main() runs them
 * (same parsing, same error handling), without Docker or redis-server. Each call gets fresh output streams.
 */
export class FakeCli {
  readonly home = mkdtempSync(join(tmpdir(), 'redis-ha-lab-cli-'));
  readonly store = new LabStore(this.home);
  readonly controller = new AbortController();
  /** Client drivers: none unless a test scripts them (test/support/fake-driver.ts). */
  spawnDriver: SpawnDriver = (command) => {
    throw new Error(`no client drivers on a fake lab (asked for ${command.join(' ')})`);
  };

  constructor(
    readonly lab: FakeLab,
    readonly clock: FakeClock,
    readonly env: NodeJS.ProcessEnv = { CI: '1', NO_COLOR: '1' },
  ) {}

  deps(stdout = new CapturedStream(), stderr = new CapturedStream()): CliDeps & { stdout: CapturedStream; stderr: CapturedStream } {
    const noTraffic: StartTraffic = () => {
      throw new Error('no traffic on a fake lab');
    };
    return {
      stdout,
      stderr,
      env: this.env,
      clock: this.clock,
      store: this.store,
      runtimes: this.lab.runtimes,
      io: this.lab.io,
      startTraffic: noTraffic,
      spawnDriver: this.spawnDriver,
      clientFirewall: () => {
        throw new Error('no client firewall on a fake lab');
      },
      signal: this.controller.signal,
    };
  }

  async run(...args: string[]): Promise<InProcessRun> {
    const deps = this.deps();
    const code = await runProgram(['node', 'redis-ha-lab', ...args], deps);
    return { code, stdout: deps.stdout.text, stderr: deps.stderr.text };
  }

  /** Writes the record `up` leaves, for a lab that is up on the fake runtime. */
  async recordLab(runtime: 'docker' | 'local' = 'local'): Promise<void> {
    this.lab.bootAll();
    await this.store.create(
      {
        formatVersion: 1,
        runtime,
        createdAt: new Date(this.clock.now()).toISOString(),
        state: 'ready',
        bootedBy: process.pid,
        topology: this.lab.topology,
      },
      [],
    );
  }
}
