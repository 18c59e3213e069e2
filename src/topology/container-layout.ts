import { packageRoot } from '../common/package-paths.js';
import { defaults } from './defaults.js';
import type { ServerPrograms } from './server-programs.js';
import { engineArgs, engineNodeFlags, programName, serverForImageName } from './server-programs.js';
import type { LabNode, Topology } from './topology.js';

/**
 * How a node is laid out in a container, shared by the compose file and the Docker runtime so both boot the
 * same thing: the node's own writable directory is mounted at `mountPath` (Sentinel and CONFIG REWRITE rewrite
 * their files in place, which needs the directory, not just the file).
 */
export const mountPath = '/redis-ha-lab';

export function containerName(lab: string, node: LabNode): string {
  return `${lab}-${node.name}`;
}

/**
 * In the servers layout each server is a small container that owns the server's network namespace (its address
 * and published ports); the server's redis and sentinel containers join it. A node can then crash and restart on
 * its own while its server's address stays, and the whole server can go dark. The holder is the lab's Redis image
 * running a redis-server on the namespace's own loopback (any Redis image has one; nothing else is needed).
 */
export function serverContainerName(lab: string, server: string): string {
  return `${lab}-${server}`;
}

export function serverHolderCommand(topology: Topology): string[] {
  return [containerPrograms(topology).server, '--bind', '127.0.0.1', '--port', '16379', '--save', '', '--appendonly', 'no'];
}

/**
 * The programs in the lab's image, by name: the ones the runtime settled or the user named (a path given for the
 * local runtime counts by its last part), else the image's name says which (valkey/valkey:8 has valkey-server and
 * no redis-server).
 */
export function containerPrograms(topology: Topology): ServerPrograms {
  const server = programName(topology.programs?.server ?? serverForImageName(topology.image));
  return { server, sentinel: programName(topology.programs?.sentinel ?? server) };
}

export function configFileName(node: LabNode): string {
  return node.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf';
}

/**
 * The container command. `redis-server <conf> --sentinel` rather than `redis-sentinel <conf>`: the same binary,
 * and it needs no redis-sentinel link in the image. The official images' entrypoint recognises its server's
 * name (redis-server, or valkey-server in Valkey's) and drops to the image's user.
 */
export function containerCommand(topology: Topology, node: LabNode): string[] {
  const conf = `${mountPath}/${configFileName(node)}`;
  if (node.engine) return ['node', ...engineNodeFlags, `${enginePackagePath}/bin/redis-ha-lab.js`, ...engineArgs(topology, conf)];
  const programs = containerPrograms(topology);
  return node.kind === 'sentinel' ? [programs.sentinel, conf, '--sentinel'] : [programs.server, conf];
}

/** Where engine containers see this package (mounted read-only): the engine runs from the same build as the CLI. */
export const enginePackagePath = '/opt/redis-ha-lab';

export function containerImage(topology: Topology, node: LabNode): string {
  return node.engine ? (topology.engineImage ?? defaults.engineImage) : topology.image;
}

/** host path → container path mounts: the node's directory, and for engine nodes the package. */
export function containerMounts(labDir: string, node: LabNode): { host: string; container: string; readOnly: boolean }[] {
  const mounts = [{ host: `${labDir}/${node.name}`, container: mountPath, readOnly: false }];
  if (node.engine) mounts.push({ host: packageRoot, container: enginePackagePath, readOnly: true });
  return mounts;
}
