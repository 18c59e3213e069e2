import { describeError, environmentError, usageError } from '../common/errors.js';
import type { Runtime, RuntimeKind } from './runtime.js';

export type RuntimeChoice = RuntimeKind | 'auto';

export const runtimeChoices: RuntimeChoice[] = ['auto', 'docker', 'local'];

/** Makes a runtime of each kind; the CLI passes real ones, tests may pass their own. */
export interface RuntimeFactory {
  docker(): Runtime;
  local(): Runtime;
}

export function runtimeOf(kind: RuntimeKind, factory: RuntimeFactory): Runtime {
  return kind === 'docker' ? factory.docker() : factory.local();
}

export function parseRuntimeChoice(value: string | undefined): RuntimeChoice {
  const choice = (value ?? 'auto') as RuntimeChoice;
  if (!runtimeChoices.includes(choice)) throw usageError(`--runtime '${value}' is not allowed: use ${runtimeChoices.join(', ')}`);
  return choice;
}

const dockerCheckMs = 3000;

/**
 * auto: Docker when its daemon answers, else local processes when redis-server runs, else an error saying
 * how to get either.
 */
export async function chooseRuntime(choice: RuntimeChoice, factory: RuntimeFactory): Promise<Runtime> {
  if (choice !== 'auto') return runtimeOf(choice, factory);
  const docker = factory.docker();
  let dockerProblem: string;
  try {
    await withTimeout(docker.check(), dockerCheckMs);
    return docker;
  } catch (error) {
    dockerProblem = describeError(error).split('\n')[0]!;
  }
  const local = factory.local();
  try {
    await local.check();
    return local;
  } catch (error) {
    throw environmentError(
      `no runtime to run the lab on:\n  - Docker: ${dockerProblem}\n  - local: ${describeError(error).split('\n')[0]}\n` +
        `Start Docker (systemctl start docker, or 'dockerd &' as root), or install Redis 7+ (apt-get install redis-server redis-sentinel).`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
