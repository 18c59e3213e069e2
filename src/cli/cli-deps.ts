import type { LabEnvironment } from '../lab/lab-environment.js';
import { labEnvironment } from '../lab/lab-environment.js';

/** Everything a command touches outside itself, so tests can run commands in-process with their own. */
export interface CliDeps extends LabEnvironment {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function defaultDeps(signal: AbortSignal): CliDeps {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, ...labEnvironment({ signal }) };
}
