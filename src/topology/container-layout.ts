import type { LabNode } from './topology.js';

/**
 * How a node is laid out in a container, shared by the compose file and the Docker runtime so both boot the
 * same thing: the node's own writable directory is mounted at `mountPath` (Sentinel and CONFIG REWRITE rewrite
 * their files in place, which needs the directory, not just the file).
 */
export const mountPath = '/redis-ha-lab';

export function containerName(lab: string, node: LabNode): string {
  return `${lab}-${node.name}`;
}

export function configFileName(node: LabNode): string {
  return node.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf';
}

/**
 * The container command. `redis-server <conf> --sentinel` rather than `redis-sentinel <conf>`: the same binary,
 * and it needs no redis-sentinel link in the image. The official images' entrypoint recognises redis-server
 * and drops to the redis user.
 */
export function containerCommand(node: LabNode): string[] {
  const conf = `${mountPath}/${configFileName(node)}`;
  return node.kind === 'sentinel' ? ['redis-server', conf, '--sentinel'] : ['redis-server', conf];
}
