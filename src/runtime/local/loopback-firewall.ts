import { createHash } from 'node:crypto';
import { iptables as runIptables } from '../../common/iptables.js';

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

function iptables(args: string[]): Promise<void> {
  return runIptables(
    args,
    "partitions on the local runtime (iptables rules between the nodes' loopback addresses; or use the Docker runtime)",
  );
}
