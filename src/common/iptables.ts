import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeError, environmentError } from './errors.js';

const run = promisify(execFile);

/**
 * Runs iptables (waiting for the xtables lock). `need` says what the rules are for, in the error a user gets on a
 * machine without root, Linux or iptables.
 */
export async function iptables(args: string[], need: string): Promise<void> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw environmentError(`${need} need root on Linux`);
  try {
    await run('iptables', ['-w', ...args]);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw environmentError(`${need} need iptables: apt-get install -y iptables`);
    throw Object.assign(new Error(`iptables ${args.join(' ')}: ${err.stderr?.trim() || describeError(err)}`), { cause: error });
  }
}
