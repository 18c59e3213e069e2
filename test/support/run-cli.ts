import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/common/package-paths.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const bin = join(packageRoot, 'bin', 'redis-ha-lab.js');

/**
 * A private REDIS_HA_LAB_HOME per test file, so tests never see a developer's own labs.
 *
 * Port bases in tests stay at or below 12379, so the sentinels' ports (20000 above) stay below 32768 and never
 * meet the kernel's ephemeral ports, which an outgoing connection may hold at any moment.
 */
export function testHome(): string {
  return mkdtempSync(join(tmpdir(), 'redis-ha-lab-test-'));
}

/** The environment the CLI runs with in tests: no colour, plain progress, the local image when set. */
export function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, REDIS_HA_LAB_HOME: home, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...extra };
}

/** Runs `redis-ha-lab args...` as a user would, to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, options.timeoutMs ?? 120_000);
}

/** Starts the CLI and hands back the child, to interrupt it midway. */
export function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, done: collect(child, 120_000) };
}

function collect(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
