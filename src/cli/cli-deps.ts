import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import { LabStore, labsHome } from '../lab/lab-store.js';
import type { Runtime } from '../runtime/runtime.js';
import { createDockerRuntime } from '../runtime/docker/create-docker-runtime.js';

/** Everything a command touches outside itself, so tests can run commands in-process with their own. */
export interface CliDeps {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  clock: Clock;
  store: LabStore;
  runtime: () => Runtime;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export function defaultDeps(signal: AbortSignal): CliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    store: new LabStore(labsHome()),
    runtime: () => createDockerRuntime(),
    signal,
  };
}
