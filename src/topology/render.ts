import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../common/package-paths.js';
import {
  configFileName,
  containerCommand,
  containerImage,
  containerName,
  enginePackagePath,
  mountPath,
  serverContainerName,
  serverHolderCommand,
} from './container-layout.js';
import { packageRoot } from '../common/package-paths.js';
import { renderTemplate } from './template.js';
import type { LabNode, Topology } from './topology.js';
import { initialMaster, persistenceOf, redisNodes, sentinelNodes, serversOf } from './topology.js';

export interface RenderedFile {
  /** Path relative to the lab's directory. */
  path: string;
  content: string;
  /**
   * Files and their directories are world-writable: official Redis images run as the redis user, which must be
   * able to rewrite configs that the host user wrote.
   */
  mode: number;
}

/** Where a node's process binds and keeps its files; differs between containers and local processes. */
export interface NodePlacement {
  bind: string;
  dir: string;
  /** The address outgoing connections leave from, when the node shares a host with others (local runtime). */
  bindSource?: string;
}

const templateCache = new Map<string, string>();
function template(name: string): string {
  let text = templateCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(templatesDir, name), 'utf8');
    templateCache.set(name, text);
  }
  return text;
}

/** A node's redis.conf or sentinel.conf, from templates/. */
export function renderNodeConfig(topology: Topology, node: LabNode, placement: NodePlacement): RenderedFile {
  const master = initialMaster(topology);
  const file = configFileName(node);
  const context = {
    lab: topology.name,
    node,
    bind: placement.bind,
    dir: placement.dir,
    bindSource: placement.bindSource,
    masterName: topology.masterName,
    master: master.address,
    quorum: topology.quorum,
    downAfterMs: topology.downAfterMs,
    failoverTimeoutMs: topology.failoverTimeoutMs,
    parallelSyncs: topology.parallelSyncs,
    password: topology.password,
    persistence: { [persistenceOf(topology)]: true },
    replicaOf: node.initialRole === 'replica' ? master.address : undefined,
    extraConfig: node.kind === 'redis' ? Object.entries(topology.redisConfig ?? {}).map(([key, value]) => `${key} ${value}`) : [],
    // Seeded the way Sentinel itself rewrites its file after discovery, so a sentinel knows its peers and the
    // replicas from its first second instead of after the first hello messages (sentinel.c: sentinelFlushConfig).
    myid: node.sentinelId,
    knownReplicas: redisNodes(topology)
      .filter((n) => n !== master)
      .map((n) => n.address),
    knownSentinels: sentinelNodes(topology)
      .filter((n) => n !== node)
      .map((n) => ({ ...n.address, id: n.sentinelId })),
  };
  return { path: join(node.name, file), content: renderTemplate(template(file), context, `templates/${file}`), mode: 0o666 };
}

/** The compose file: the same topology `redis-ha-lab up` boots, for `docker compose up` without our CLI. */
export function renderCompose(topology: Topology): RenderedFile {
  const summary =
    `master ${initialMaster(topology).name}, ${redisNodes(topology).length - 1} replicas, ` +
    `${sentinelNodes(topology).length} sentinels${engineSummary(topology)}, quorum ${topology.quorum}` +
    (topology.layout === 'servers' ? `, on ${serversOf(topology).length} servers` : '');
  const context = {
    name: topology.name,
    summary,
    subnet: topology.subnet,
    nodes: topology.nodes.map((node) => ({
      ...node,
      lab: topology.name,
      image: containerImage(topology, node),
      packageMount: node.engine ? `${packageRoot}:${enginePackagePath}:ro` : undefined,
      containerName: containerName(topology.name, node),
      command: containerCommand(topology, node)
        .map((part) => JSON.stringify(part))
        .join(', '),
      mountPath,
    })),
    servers: serversOf(topology).map((server) => ({
      name: server.name,
      lab: topology.name,
      holds: server.nodes.map((n) => n.name).join(' and '),
      image: topology.image,
      containerName: serverContainerName(topology.name, server.name),
      command: serverHolderCommand(topology)
        .map((part) => JSON.stringify(part))
        .join(', '),
      ports: server.nodes.map((n) => `${n.published.host}:${n.published.port}:${n.address.port}`),
      address: server.nodes[0]!.address.host,
      aliases: [server.name, ...server.nodes.map((n) => n.name)].join(', '),
    })),
  };
  return { path: 'compose.yaml', content: renderTemplate(template('compose.yaml'), context, 'templates/compose.yaml'), mode: 0o644 };
}

/** Every file of a Docker lab: the compose file and one config directory per node. */
export function renderDockerLab(topology: Topology): RenderedFile[] {
  const placement: NodePlacement = { bind: '0.0.0.0', dir: mountPath };
  return [renderCompose(topology), ...topology.nodes.map((node) => renderNodeConfig(topology, node, placement))];
}

/** Every file of a local lab: one config directory per node, each process bound to its own address. */
export function renderLocalLab(topology: Topology, labDir: string): RenderedFile[] {
  // With one shared address (macOS: all on 127.0.0.1) there is nothing to bind outgoing connections to.
  const shared = topology.nodes.every((n) => n.address.host === topology.nodes[0]!.address.host);
  return topology.nodes.map((node) =>
    renderNodeConfig(topology, node, {
      bind: node.address.host,
      dir: join(labDir, node.name),
      bindSource: shared ? undefined : node.address.host,
    }),
  );
}

function engineSummary(topology: Topology): string {
  const engines = sentinelNodes(topology).filter((n) => n.engine).length;
  if (engines === 0) return '';
  return engines === sentinelNodes(topology).length ? ' (embedded engine)' : ` (${engines} embedded engine)`;
}
