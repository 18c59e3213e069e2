import type Dockerode from 'dockerode';
import { describeError, environmentError, usageError } from '../../common/errors.js';
import { takenPorts } from '../../common/host-ports.js';
import { subnetsOverlap } from './subnets.js';
import {
  containerCommand,
  containerImage,
  containerMounts,
  containerName,
  serverContainerName,
  serverHolderCommand,
} from '../../topology/container-layout.js';
import { defaultSubnet, moveToSubnet } from '../../topology/build-topology.js';
import type { RenderedFile } from '../../topology/render.js';
import { renderDockerLab } from '../../topology/render.js';
import type { LabNode, Topology } from '../../topology/topology.js';
import { engineCompatFor, productOfProgram, programName, serverForImage } from '../../topology/server-programs.js';
import { formatAddress, sentinelNodes, serversOf } from '../../topology/topology.js';
import { planPartition } from '../partition-plan.js';
import type { NodeFault, NodeProcessState, ProgressListener, Removal, Runtime } from '../runtime.js';
import { clearBlockedPeers, setBlockedPeers } from './netns-firewall.js';
import { containerLabels, kindLabel, labFilter, networkLabels, networkName, serverKind, serverLabels } from './labels.js';
import { pullImage } from './pull-image.js';

/** Docker through dockerode: one bridge network per lab, one container per node, fixed addresses. */
export class DockerRuntime implements Runtime {
  readonly kind = 'docker' as const;
  /** Image configs ensureImage inspected, so resolvePrograms does not ask Docker again. */
  private readonly imageConfigs = new Map<string, Dockerode.ImageInspectInfo['Config']>();

  constructor(
    private readonly docker: Dockerode,
    private readonly describeDaemon: string,
  ) {}

  async check(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (error) {
      throw environmentError(
        `cannot reach the Docker daemon at ${this.describeDaemon} (${describeError(error)}).\n` +
          `Start it (systemctl start docker, or 'dockerd &' as root), or point DOCKER_HOST at a running daemon.`,
        error,
      );
    }
  }

  async placeTopology(topology: Topology, fixedSubnet: boolean): Promise<Topology> {
    const networks = await this.docker.listNetworks();
    const used = networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => Boolean(s)));
    const clash = (subnet: string) => used.find((u) => subnetsOverlap(u, subnet));
    if (fixedSubnet) {
      const other = clash(topology.subnet);
      if (other) throw usageError(`--subnet ${topology.subnet} overlaps the existing Docker network ${other}; choose another /24`);
      return topology;
    }
    for (let attempt = 0; attempt < 64; attempt++) {
      const subnet = defaultSubnet(topology.name, attempt);
      if (!clash(subnet)) return moveToSubnet(topology, subnet);
    }
    throw environmentError('found no free /24 in 172.28.0.0/14 for the lab network; pass one with --subnet');
  }

  async ensureImage(image: string, onProgress: ProgressListener): Promise<void> {
    try {
      this.imageConfigs.set(image, (await this.docker.getImage(image).inspect()).Config);
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    try {
      await pullImage(this.docker, image, onProgress);
    } catch (error) {
      throw environmentError(
        `image ${image} is not on this machine and pulling it failed (${describeError(error)}).\n` +
          `Provide one: pull or 'docker load' it, or build one from the local redis-server with 'npm run images:local' ` +
          `and use it with --image redis-ha-lab/redis:local (or export REDIS_HA_LAB_IMAGE=redis-ha-lab/redis:local).`,
        error,
      );
    }
  }

  /**
   * The server program the image has, unless the user named one (--redis-server, by its last path part): from
   * the image's own command (redis-server in Redis's images, valkey-server in Valkey's, which need not have any
   * redis-* name).
   */
  async resolvePrograms(topology: Topology, onProgress: ProgressListener): Promise<Topology> {
    let server = topology.programs?.server && programName(topology.programs.server);
    if (!server) {
      const config =
        this.imageConfigs.get(topology.image) ??
        (await this.docker
          .getImage(topology.image)
          .inspect()
          .then((info) => info.Config)
          .catch(() => undefined));
      server = serverForImage(topology.image, config);
    }
    const sentinel = programName(topology.programs?.sentinel ?? server);
    onProgress(`${topology.image}: ${server}${sentinel !== server ? `, sentinels ${sentinel}` : ''}`);
    const engines = sentinelNodes(topology).some((n) => n.engine);
    const real = sentinelNodes(topology).some((n) => !n.engine);
    const engineCompat = engines ? engineCompatFor(productOfProgram(real ? sentinel : server)) : undefined;
    return { ...topology, programs: { server, sentinel }, ...(engineCompat ? { engineCompat } : {}) };
  }

  render(topology: Topology): RenderedFile[] {
    return renderDockerLab(topology);
  }

  async logs(topology: Topology, node: LabNode, tailLines: number): Promise<string> {
    const container = this.docker.getContainer(containerName(topology.name, node));
    const raw = (await container.logs({ stdout: true, stderr: true, tail: tailLines, follow: false })) as unknown as Buffer;
    return demuxLogs(raw);
  }

  async countNodes(lab: string): Promise<number> {
    return (await this.docker.listContainers({ all: true, filters: labFilter(lab) })).length;
  }

  async create(topology: Topology, labDir: string): Promise<void> {
    const taken = await takenPorts(topology.nodes.map((n) => n.published));
    if (taken.length > 0) {
      throw usageError(
        `port${taken.length > 1 ? 's' : ''} ${taken.map(formatAddress).join(', ')} already in use on this machine ` +
          `(another lab or another Redis?); choose other ports with --port-base (e.g. --port-base ${topology.nodes[0]!.published.port + 100})`,
      );
    }
    const network = networkName(topology.name);
    await this.docker.createNetwork({
      Name: network,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: networkLabels(topology.name),
      IPAM: { Driver: 'default', Config: [{ Subnet: topology.subnet }] },
    });
    // Servers first: their nodes join the network namespace each one owns.
    await Promise.all(serversOf(topology).map((server) => this.createServer(topology, server, labDir, network)));
    await Promise.all(topology.nodes.map((node) => this.createContainer(topology, node, labDir, network)));
  }

  /** A server's holder (servers layout): the server's address, aliases and every port its nodes publish. */
  private async createServer(
    topology: Topology,
    server: { name: string; nodes: LabNode[] },
    labDir: string,
    network: string,
  ): Promise<void> {
    const ports = server.nodes.map((node) => ({ node, port: `${node.address.port}/tcp` }));
    await this.docker.createContainer({
      name: serverContainerName(topology.name, server.name),
      Hostname: server.name,
      Image: topology.image,
      Cmd: serverHolderCommand(topology),
      Labels: serverLabels(topology, server.name, labDir),
      ExposedPorts: Object.fromEntries(ports.map(({ port }) => [port, {}])),
      HostConfig: {
        PortBindings: Object.fromEntries(
          ports.map(({ node, port }) => [port, [{ HostIp: node.published.host, HostPort: String(node.published.port) }]]),
        ),
        NetworkMode: network,
      },
      NetworkingConfig: {
        EndpointsConfig: {
          [network]: {
            IPAMConfig: { IPv4Address: server.nodes[0]!.address.host },
            Aliases: [server.name, ...server.nodes.map((n) => n.name)],
          },
        },
      },
    });
  }

  private async createContainer(topology: Topology, node: LabNode, labDir: string, network: string): Promise<void> {
    if (node.server) {
      await this.docker.createContainer({
        name: containerName(topology.name, node),
        Image: containerImage(topology, node),
        Cmd: containerCommand(topology, node),
        Labels: containerLabels(topology, node, labDir),
        HostConfig: {
          Binds: containerMounts(labDir, node).map((m) => `${m.host}:${m.container}${m.readOnly ? ':ro' : ''}`),
          NetworkMode: `container:${serverContainerName(topology.name, node.server)}`,
        },
      });
      return;
    }
    const port = `${node.address.port}/tcp`;
    await this.docker.createContainer({
      name: containerName(topology.name, node),
      Hostname: node.name,
      Image: containerImage(topology, node),
      Cmd: containerCommand(topology, node),
      Labels: containerLabels(topology, node, labDir),
      ExposedPorts: { [port]: {} },
      HostConfig: {
        Binds: containerMounts(labDir, node).map((m) => `${m.host}:${m.container}${m.readOnly ? ':ro' : ''}`),
        PortBindings: { [port]: [{ HostIp: node.published.host, HostPort: String(node.published.port) }] },
        NetworkMode: network,
      },
      NetworkingConfig: {
        EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: node.address.host }, Aliases: [node.name] } },
      },
    });
  }

  async start(topology: Topology, nodes: LabNode[]): Promise<void> {
    await this.startServers(topology, nodes);
    await Promise.all(
      nodes.map(async (node) => {
        try {
          await this.docker.getContainer(containerName(topology.name, node)).start();
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 304) return; // already running
          const message = describeError(error);
          if (/port is already allocated|address already in use/i.test(message)) {
            throw usageError(`${node.name}: port ${formatAddress(node.published)} is already in use; choose other ports with --port-base`);
          }
          throw environmentError(`${node.name}: the container did not start (${message})`, error);
        }
      }),
    );
  }

  /** Servers layout: a node's server must be up (its namespace) before the node starts. */
  private async startServers(topology: Topology, nodes: LabNode[]): Promise<void> {
    const servers = [...new Set(nodes.map((n) => n.server).filter((s): s is string => s !== undefined))];
    await Promise.all(
      servers.map(async (server) => {
        try {
          await this.docker.getContainer(serverContainerName(topology.name, server)).start();
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 304) return; // already running
          throw environmentError(`${server}: its container did not start (${describeError(error)})`, error);
        }
      }),
    );
  }

  /**
   * Servers layout: once every node of a server is down, the server goes dark too, as a dead machine does: its
   * address stops answering (connections time out) instead of refusing connections.
   */
  private async darkenServerIfAllDown(topology: Topology, node: LabNode): Promise<void> {
    if (!node.server) return;
    const nodes = topology.nodes.filter((n) => n.server === node.server);
    const states = await Promise.all(nodes.map((n) => this.state(topology, n)));
    if (!states.every((s) => s === 'stopped' || s === 'missing')) return;
    await this.docker
      .getContainer(serverContainerName(topology.name, node.server))
      .kill({ signal: 'SIGKILL' })
      .catch((error: unknown) => {
        // 304/409: already stopped (the other node of the server got there first).
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== 304 && status !== 409) throw error;
      });
  }

  async apply(topology: Topology, node: LabNode, fault: NodeFault): Promise<void> {
    const container = this.docker.getContainer(containerName(topology.name, node));
    try {
      switch (fault) {
        case 'stop':
          await container.stop({ t: 10 }).catch(ignoreNotModified);
          return await this.darkenServerIfAllDown(topology, node);
        case 'kill':
          await container.kill({ signal: 'SIGKILL' }).catch(ignoreNotModified);
          return await this.darkenServerIfAllDown(topology, node);
        case 'start':
          await this.startServers(topology, [node]);
          return await container.start();
        case 'restart':
          await this.startServers(topology, [node]);
          return await container.restart({ t: 10 });
        case 'pause':
          return await container.pause();
        case 'unpause':
          return await container.unpause();
      }
    } catch (error) {
      // 304: already in the asked state (stopping a stopped container, starting a running one).
      if ((error as { statusCode?: number }).statusCode === 304) return;
      throw environmentError(`${fault} ${node.name}: ${describeError(error)}`, error);
    }
  }

  state(topology: Topology, node: LabNode): Promise<NodeProcessState> {
    return this.containerState(containerName(topology.name, node));
  }

  private async containerState(name: string): Promise<NodeProcessState> {
    try {
      const info = await this.docker.getContainer(name).inspect();
      if (info.State.Paused) return 'paused';
      return info.State.Running ? 'running' : 'stopped';
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return 'missing';
      throw error;
    }
  }

  async partition(topology: Topology, groups: LabNode[][]): Promise<void> {
    // The nodes of one server share its namespace: one set of rules per namespace.
    const byNamespace = new Map<string, { node: LabNode; blocked: string[] }>();
    for (const cut of planPartition(groups)) byNamespace.set(this.namespaceOf(topology, cut.node), cut);
    await Promise.all([...byNamespace.values()].map(async (cut) => setBlockedPeers(await this.pidOf(topology, cut.node), cut.blocked)));
  }

  async heal(topology: Topology): Promise<void> {
    const owners = new Map(topology.nodes.map((node) => [this.namespaceOf(topology, node), node]));
    await Promise.all(
      [...owners].map(async ([container, node]) => {
        const state = await this.containerState(container);
        if (state === 'stopped' || state === 'missing') return; // its network namespace is gone, and its rules with it
        await clearBlockedPeers(await this.pidOf(topology, node));
      }),
    );
  }

  /** The container that owns a node's network namespace: its server's in the servers layout, else its own. */
  private namespaceOf(topology: Topology, node: LabNode): string {
    return node.server ? serverContainerName(topology.name, node.server) : containerName(topology.name, node);
  }

  private async pidOf(topology: Topology, node: LabNode): Promise<number> {
    const info = await this.docker.getContainer(this.namespaceOf(topology, node)).inspect();
    if (!info.State.Running || !info.State.Pid) throw environmentError(`${node.name} is not running, so it cannot be partitioned`);
    return info.State.Pid;
  }

  async remove(lab: string): Promise<Removal> {
    const containers = await this.docker.listContainers({ all: true, filters: labFilter(lab) });
    // Nodes first: a server's holder goes once nothing joins its namespace.
    const isServer = (c: Dockerode.ContainerInfo) => c.Labels[kindLabel] === serverKind;
    await Promise.all(containers.filter((c) => !isServer(c)).map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true })));
    const servers = containers.filter(isServer);
    await Promise.all(servers.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true })));
    const networks = await this.docker.listNetworks({ filters: labFilter(lab) });
    await Promise.all(networks.map((n) => this.docker.getNetwork(n.Id).remove()));
    return {
      nodes: containers.length - servers.length,
      resources: [...(servers.length > 0 ? [`${servers.length} server containers`] : []), ...networks.map((n) => `network ${n.Name}`)],
    };
  }
}

/** 304: the container is already in the asked state (stopping a stopped one). */
function ignoreNotModified(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 304) throw error;
}

/**
 * Docker multiplexes a container's stdout and stderr into frames of an 8-byte header (stream, 0, 0, 0,
 * big-endian length) and the payload, when the container has no TTY.
 */
export function demuxLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const length = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}
