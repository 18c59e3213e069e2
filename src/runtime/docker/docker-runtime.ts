import type Dockerode from 'dockerode';
import { describeError, environmentError, usageError } from '../../common/errors.js';
import { takenPorts } from '../../common/host-ports.js';
import { subnetsOverlap } from './subnets.js';
import { containerCommand, containerImage, containerMounts, containerName } from '../../topology/container-layout.js';
import { defaultSubnet, moveToSubnet } from '../../topology/build-topology.js';
import type { RenderedFile } from '../../topology/render.js';
import { renderDockerLab } from '../../topology/render.js';
import type { LabNode, Topology } from '../../topology/topology.js';
import { formatAddress } from '../../topology/topology.js';
import { planPartition } from '../partition-plan.js';
import type { NodeFault, NodeProcessState, ProgressListener, Removal, Runtime } from '../runtime.js';
import { clearBlockedPeers, setBlockedPeers } from './netns-firewall.js';
import { containerLabels, labFilter, networkLabels, networkName } from './labels.js';
import { pullImage } from './pull-image.js';

/** Docker through dockerode: one bridge network per lab, one container per node, fixed addresses. */
export class DockerRuntime implements Runtime {
  readonly kind = 'docker' as const;

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
      await this.docker.getImage(image).inspect();
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
    await Promise.all(topology.nodes.map((node) => this.createContainer(topology, node, labDir, network)));
  }

  private async createContainer(topology: Topology, node: LabNode, labDir: string, network: string): Promise<void> {
    const port = `${node.address.port}/tcp`;
    await this.docker.createContainer({
      name: containerName(topology.name, node),
      Hostname: node.name,
      Image: containerImage(topology, node),
      Cmd: containerCommand(node),
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

  async apply(topology: Topology, node: LabNode, fault: NodeFault): Promise<void> {
    const container = this.docker.getContainer(containerName(topology.name, node));
    try {
      switch (fault) {
        case 'stop':
          return await container.stop({ t: 10 });
        case 'kill':
          return await container.kill({ signal: 'SIGKILL' });
        case 'start':
          return await container.start();
        case 'restart':
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

  async state(topology: Topology, node: LabNode): Promise<NodeProcessState> {
    try {
      const info = await this.docker.getContainer(containerName(topology.name, node)).inspect();
      if (info.State.Paused) return 'paused';
      return info.State.Running ? 'running' : 'stopped';
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return 'missing';
      throw error;
    }
  }

  async partition(topology: Topology, groups: LabNode[][]): Promise<void> {
    const cuts = planPartition(groups);
    await Promise.all(cuts.map(async (cut) => setBlockedPeers(await this.pidOf(topology, cut.node), cut.blocked)));
  }

  async heal(topology: Topology): Promise<void> {
    await Promise.all(
      topology.nodes.map(async (node) => {
        const state = await this.state(topology, node);
        if (state === 'stopped' || state === 'missing') return; // its network namespace is gone, and its rules with it
        await clearBlockedPeers(await this.pidOf(topology, node));
      }),
    );
  }

  private async pidOf(topology: Topology, node: LabNode): Promise<number> {
    const info = await this.docker.getContainer(containerName(topology.name, node)).inspect();
    if (!info.State.Running || !info.State.Pid) throw environmentError(`${node.name} is not running, so it cannot be partitioned`);
    return info.State.Pid;
  }

  async remove(lab: string): Promise<Removal> {
    const containers = await this.docker.listContainers({ all: true, filters: labFilter(lab) });
    await Promise.all(containers.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true })));
    const networks = await this.docker.listNetworks({ filters: labFilter(lab) });
    await Promise.all(networks.map((n) => this.docker.getNetwork(n.Id).remove()));
    return { nodes: containers.length, resources: networks.map((n) => `network ${n.Name}`) };
  }
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
