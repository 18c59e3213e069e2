import { describeError, environmentError, usageError } from '../common/errors.js';
import type { ProgramChoice } from '../topology/server-programs.js';
import type { Runtime, RuntimeKind } from './runtime.js';

export type RuntimeChoice = RuntimeKind | 'auto';

export const runtimeChoices: RuntimeChoice[] = ['auto', 'docker', 'local'];

/** Makes a runtime of each kind; the CLI passes real ones, tests may pass their own. */
export interface RuntimeFactory {
  docker(): Runtime;
  /** `programs`: the binaries asked for (--redis-server, --redis-sentinel), which decide whether it can run here. */
  local(programs?: ProgramChoice): Runtime;
}

/** `programs`: a lab's own (its record's topology.programs), so a local lab runs the binaries it was booted with. */
export function runtimeOf(kind: RuntimeKind, factory: RuntimeFactory, programs: ProgramChoice = {}): Runtime {
  return kind === 'docker' ? factory.docker() : factory.local(programs);
}

export function parseRuntimeChoice(value: string | undefined): RuntimeChoice {
  const choice = (value ?? 'auto') as RuntimeChoice;
  if (!runtimeChoices.includes(choice)) throw usageError(`--runtime '${value}' is not allowed: use ${runtimeChoices.join(', ')}`);
  return choice;
}

const dockerCheckMs = 3000;

/**
 * auto: Docker when its daemon answers, else local processes when a server binary runs (the one named, or
 * redis-server / valkey-server on PATH), else an error saying how to get either.
 */
export async function chooseRuntime(choice: RuntimeChoice, factory: RuntimeFactory, programs: ProgramChoice = {}): Promise<Runtime> {
  if (choice !== 'auto') return runtimeOf(choice, factory, programs);
  const docker = factory.docker();
  let dockerProblem: string;
  try {
    await withTimeout(docker.check(), dockerCheckMs);
    return docker;
  } catch (error) {
    dockerProblem = describeError(error).split('\n')[0]!;
  }
  const local = factory.local(programs);
  try {
    await local.check();
    return local;
  } catch (error) {
    throw environmentError(
      `no runtime to run the lab on:\n  - Docker: ${dockerProblem}\n  - local: ${describeError(error).split('\n')[0]}\n` +
        `Start Docker (systemctl start docker, or 'dockerd &' as root), or install Redis 7+ (apt-get install redis-server redis-sentinel) ` +
        `or Valkey 8, or name a server binary with --redis-server PATH.`,
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
