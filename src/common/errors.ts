/**
 * Exit codes of every command, documented in the README. Expected failures end with one of these; a bug ends
 * with a stack trace and code 70 (EX_SOFTWARE) so it is never mistaken for a failed check.
 */
export const ExitCode = {
  ok: 0,
  /** A scenario assertion failed: the lab worked, the outcome was not the expected one. */
  failed: 1,
  /** Bad usage or input: a flag value, a name, a file. Change the command and try again. */
  usage: 2,
  /** The environment is not able to run the lab: Docker unreachable, image missing, lab not ready in time. */
  environment: 3,
  /** A bug in redis-ha-lab. */
  internal: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error a user can act on: its message says what failed and what to change. The CLI prints the message
 * (never the stack) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue = ExitCode.usage, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): UserError {
  return new UserError(message, ExitCode.usage);
}

export function environmentError(message: string, cause?: unknown): UserError {
  return new UserError(message, ExitCode.environment, { cause });
}

/** Raised when the user interrupts a long command; the CLI exits 130 after cleanup has run. */
export class InterruptedError extends UserError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted);
    this.name = 'InterruptedError';
  }
}

/** The message of anything thrown, for error texts that quote the underlying cause. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
