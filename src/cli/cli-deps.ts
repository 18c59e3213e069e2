import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import { LabStore, labsHome } from '../lab/lab-store.js';
import { createDockerRuntime } from '../runtime/docker/create-docker-runtime.js';
import { LocalRuntime } from '../runtime/local/local-runtime.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';

/** Everything a command touches outside itself, so tests can run commands in-process with their own. */
export interface CliDeps {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  clock: Clock;
  store: LabStore;
  runtimes: RuntimeFactory;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export function defaultDeps(signal: AbortSignal): CliDeps {
  const store = new LabStore(labsHome());
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    store,
    runtimes: { docker: () => createDockerRuntime(), local: () => new LocalRuntime(store, systemClock) },
    signal,
  };
}
