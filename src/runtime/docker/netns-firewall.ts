import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { environmentError } from '../../common/errors.js';

const run = promisify(execFile);

/** The chain that holds a node's partition rules, inside the node's own network namespace. */
export const partitionChain = 'redis-ha-lab';

/**
 * Firewall rules inside a container's network namespace, entered from the host with nsenter (MACHINE-NOTES:
 * the image needs nothing, and traffic from the host through the published ports is never matched).
 */
export async function setBlockedPeers(pid: number, blocked: string[]): Promise<void> {
  const script = [
    `iptables -w -N ${partitionChain} 2>/dev/null || true`,
    `iptables -w -C INPUT -j ${partitionChain} 2>/dev/null || iptables -w -I INPUT -j ${partitionChain}`,
    `iptables -w -C OUTPUT -j ${partitionChain} 2>/dev/null || iptables -w -I OUTPUT -j ${partitionChain}`,
    `iptables -w -F ${partitionChain}`,
    ...blocked.flatMap((ip) => [`iptables -w -A ${partitionChain} -s ${ip} -j DROP`, `iptables -w -A ${partitionChain} -d ${ip} -j DROP`]),
  ].join(' && ');
  await inNetns(pid, script);
}

export async function clearBlockedPeers(pid: number): Promise<void> {
  await inNetns(pid, `iptables -w -F ${partitionChain} 2>/dev/null || true`);
}

async function inNetns(pid: number, script: string): Promise<void> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw environmentError(
      "partitions need root on the Linux host that runs Docker (they add iptables rules inside the containers' network namespaces with nsenter); run redis-ha-lab as root there",
    );
  }
  try {
    await run('nsenter', ['-t', String(pid), '-n', 'sh', '-c', script]);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT')
      throw environmentError('partitions need nsenter (util-linux) and iptables on the host: apt-get install -y util-linux iptables');
    throw environmentError(
      `could not change the firewall of process ${pid}'s network namespace: ${err.stderr?.trim() || err.message}`,
      error,
    );
  }
}
