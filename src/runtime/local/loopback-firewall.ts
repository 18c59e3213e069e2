import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { environmentError } from '../../common/errors.js';

const run = promisify(execFile);

/** The lab's own iptables chain (names are limited to 28 characters, so a hash of the lab name). */
export function chainName(lab: string): string {
  return `rhl-${createHash('sha1').update(lab).digest('hex').slice(0, 10)}`;
}

/**
 * Partitions between loopback addresses: each node binds, and connects from, its own 127.x.y.z address, so a
 * DROP rule on a (source, destination) pair cuts exactly that link, while the lab's client, which connects
 * from 127.0.0.1, still reaches every node.
 */
export async function setBlockedPairs(lab: string, pairs: [string, string][]): Promise<void> {
  const chain = chainName(lab);
  await iptables(['-N', chain]).catch(() => undefined);
  await iptables(['-C', 'INPUT', '-j', chain]).catch(() => iptables(['-I', 'INPUT', '-j', chain]));
  await iptables(['-F', chain]);
  for (const [from, to] of pairs) await iptables(['-A', chain, '-s', from, '-d', to, '-j', 'DROP']);
}

export async function clearBlockedPairs(lab: string): Promise<void> {
  await iptables(['-F', chainName(lab)]).catch(() => undefined);
}

/** Removes the chain and its jump; true when there was one. */
export async function removeChain(lab: string): Promise<boolean> {
  const chain = chainName(lab);
  try {
    await iptables(['-S', chain]);
  } catch {
    return false;
  }
  while (
    await iptables(['-D', 'INPUT', '-j', chain]).then(
      () => true,
      () => false,
    )
  );
  await iptables(['-F', chain]).catch(() => undefined);
  await iptables(['-X', chain]).catch(() => undefined);
  return true;
}

async function iptables(args: string[]): Promise<void> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw environmentError(
      "partitions on the local runtime need root on Linux (they add iptables rules between the nodes' loopback addresses); run as root, or use the Docker runtime",
    );
  }
  try {
    await run('iptables', ['-w', ...args]);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw environmentError('partitions on the local runtime need iptables: apt-get install -y iptables');
    throw Object.assign(new Error(`iptables ${args.join(' ')}: ${err.stderr?.trim() || err.message}`), { cause: error });
  }
}
