import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import { packageRoot } from '../../common/package-paths.js';
import { describeError, environmentError, usageError } from '../../common/errors.js';
import { takenPorts } from '../../common/host-ports.js';
import { parseSubnet24 } from '../../topology/lab-options.js';
import { defaultLoopbackSubnet, toLoopbackLayout, toSharedLoopbackLayout } from '../../topology/loopback-layout.js';
import type { RenderedFile } from '../../topology/render.js';
import { renderLocalLab } from '../../topology/render.js';
import type { ProgramChoice } from '../../topology/server-programs.js';
import { engineArgs, engineCompatFor, engineNodeFlags, programsOf } from '../../topology/server-programs.js';
import type { LabNode, Topology } from '../../topology/topology.js';
import { formatAddress, sentinelNodes } from '../../topology/topology.js';
import { planPartition } from '../partition-plan.js';
import type { LabFiles, NodeFault, NodeProcessState, ProgressListener, Removal, Runtime } from '../runtime.js';
import { findPrograms } from './find-programs.js';
import { chainName, clearBlockedPairs, removeChain, setBlockedPairs } from './loopback-firewall.js';
import { NodeProcess } from './node-process.js';
import { isRunning, processesUnder } from './stray-processes.js';

const stopGraceMs = 10_000;

/**
 * The lab as local redis-server (or valkey-server) processes, each on its own loopback address (see
 * loopback-layout.ts). Which binaries run is the lab's setting (topology.programs), settled at `up`.
 */
export class LocalRuntime implements Runtime {
  readonly kind = 'local' as const;

  constructor(
    private readonly store: LabFiles,
    private readonly clock: Clock,
    /** The programs asked for when the runtime is chosen (--redis-server, --redis-sentinel); unset: found on PATH. */
    private readonly requested: ProgramChoice = {},
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async check(): Promise<void> {
    await findPrograms(this.requested);
  }

  /**
   * The binaries found (named, or redis-server / valkey-server on PATH), as paths, so every later start runs the
   * same ones; engines beside valkey-sentinel (or on a Valkey lab) answer as Valkey 8.
   */
  async resolvePrograms(topology: Topology, onProgress: ProgressListener): Promise<Topology> {
    const real = sentinelNodes(topology).filter((n) => !n.engine).length;
    const found = await findPrograms({ server: topology.programs?.server, ...(real > 0 ? { sentinel: topology.programs?.sentinel } : {}) });
    onProgress(`${found.server.path}: ${found.server.banner}`);
    if (real > 0 && found.sentinel !== found.server) onProgress(`${found.sentinel.path} (sentinels): ${found.sentinel.banner}`);
    const engines = sentinelNodes(topology).length - real;
    const engineCompat = engines > 0 ? engineCompatFor(real > 0 ? found.sentinel.product : found.server.product) : undefined;
    return {
      ...topology,
      programs: { server: found.server.path, sentinel: found.sentinel.path },
      ...(engineCompat ? { engineCompat } : {}),
    };
  }

  async placeTopology(topology: Topology, fixedSubnet: boolean): Promise<Topology> {
    if (this.platform !== 'linux') return toSharedLoopbackLayout(topology);
    if (fixedSubnet) {
      if (parseSubnet24(topology.subnet)?.[0] !== 127)
        throw usageError(`--subnet ${topology.subnet}: the local runtime needs a loopback /24 such as 127.12.34.0/24`);
      return toLoopbackLayout(topology, topology.subnet);
    }
    // Another lab may use the name's default range: take the first range whose addresses are all free.
    for (let attempt = 0; attempt < 16; attempt++) {
      const placed = toLoopbackLayout(topology, defaultLoopbackSubnet(topology.name, attempt));
      if ((await takenPorts(placed.nodes.map((n) => n.published))).length === 0) return placed;
    }
    throw environmentError('found no free loopback range for the lab; pass one with --subnet 127.x.y.0/24');
  }

  /** Nothing to fetch locally: resolvePrograms finds the binaries and says which. */
  async ensureImage(): Promise<void> {}

  render(topology: Topology, labDir: string): RenderedFile[] {
    return renderLocalLab(topology, labDir);
  }

  async countNodes(lab: string): Promise<number> {
    const record = await this.store.read(lab).catch(() => undefined);
    if (!record || record.runtime !== 'local') return 0;
    const pids = await Promise.all(record.topology.nodes.map((node) => this.process(lab, node).pid()));
    return pids.filter((pid) => pid !== undefined).length;
  }

  async create(topology: Topology): Promise<void> {
    const taken = await takenPorts(topology.nodes.map((n) => n.published));
    if (taken.length > 0) {
      throw usageError(
        `${taken.map(formatAddress).join(', ')} already in use on this machine (another lab or another Redis?); ` +
          (this.platform === 'linux' ? 'choose other addresses with --subnet 127.x.y.0/24' : 'choose other ports with --port-base'),
      );
    }
  }

  async start(topology: Topology, nodes: LabNode[]): Promise<void> {
    await Promise.all(nodes.map((node) => this.startNode(topology, node)));
  }

  private async startNode(topology: Topology, node: LabNode): Promise<void> {
    const conf = join(this.store.labDir(topology.name), node.name, node.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf');
    // Engine sentinels run this package's CLI with the same Node; the others are redis-server (or valkey-server)
    // processes, real sentinels with --sentinel.
    const programs = programsOf(topology);
    const [command, args] = node.engine
      ? [process.execPath, [...engineNodeFlags, join(packageRoot, 'bin', 'redis-ha-lab.js'), ...engineArgs(topology, conf)]]
      : node.kind === 'sentinel'
        ? [programs.sentinel, [conf, '--sentinel']]
        : [programs.server, [conf]];
    try {
      await this.process(topology.name, node).start(command, args);
    } catch (error) {
      throw environmentError(`${node.name}: ${command} did not start (${describeError(error)})`, error);
    }
  }

  async apply(topology: Topology, node: LabNode, fault: NodeFault): Promise<void> {
    const proc = this.process(topology.name, node);
    switch (fault) {
      case 'stop':
        return proc.stop(this.clock, stopGraceMs);
      case 'kill':
        return proc.kill(this.clock);
      case 'start':
        return this.startNode(topology, node);
      case 'restart':
        await proc.stop(this.clock, stopGraceMs);
        return this.startNode(topology, node);
      case 'pause':
        if (!(await proc.signal('SIGSTOP'))) throw environmentError(`pause ${node.name}: it is not running`);
        return;
      case 'unpause':
        await proc.signal('SIGCONT');
        return;
    }
  }

  state(topology: Topology, node: LabNode): Promise<NodeProcessState> {
    return this.process(topology.name, node).state();
  }

  async partition(topology: Topology, groups: LabNode[][]): Promise<void> {
    if (this.platform !== 'linux')
      throw environmentError('partitions on the local runtime need Linux (one loopback address per node); use the Docker runtime');
    // Nodes of one server share its address: one pair per pair of addresses.
    const pairs = new Map<string, [string, string]>();
    for (const cut of planPartition(groups))
      for (const peer of cut.blocked) pairs.set(`${cut.node.address.host} ${peer}`, [cut.node.address.host, peer]);
    await setBlockedPairs(topology.name, [...pairs.values()]);
  }

  async heal(topology: Topology): Promise<void> {
    if (this.platform === 'linux') await clearBlockedPairs(topology.name);
  }

  async logs(topology: Topology, node: LabNode, tailLines: number): Promise<string> {
    const text = await readFile(this.process(topology.name, node).logFile, 'utf8').catch(() => '');
    return text
      .split('\n')
      .slice(-tailLines - 1)
      .join('\n');
  }

  /**
   * Stops every process the lab's pid files point at (only if they still run in the lab's directories), then
   * any other process still running in them (one started by an `up` killed before it wrote the pid file).
   */
  async remove(lab: string): Promise<Removal> {
    const record = await this.store.read(lab).catch(() => undefined);
    let nodes = 0;
    if (record?.runtime === 'local') {
      const stopped = await Promise.all(
        record.topology.nodes.map(async (node) => {
          const proc = this.process(lab, node);
          if ((await proc.pid()) === undefined) return false;
          await proc.stop(this.clock, 2000);
          return true;
        }),
      );
      nodes = stopped.filter(Boolean).length;
    }
    const strays = await processesUnder(this.store.labDir(lab));
    for (const pid of strays) {
      try {
        process.kill(pid, 'SIGKILL');
        nodes++;
      } catch {
        // already gone
      }
    }
    // Wait until they are gone, so their addresses are free for the next `up`.
    for (let i = 0; i < 100 && (await Promise.all(strays.map(isRunning))).some(Boolean); i++) await this.clock.sleep(20);
    const chain = this.platform === 'linux' ? await removeChain(lab).catch(() => false) : false;
    return { nodes, resources: chain ? [`firewall chain ${chainName(lab)}`] : [] };
  }

  private process(lab: string, node: LabNode): NodeProcess {
    const dir = join(this.store.labDir(lab), node.name);
    return new NodeProcess(dir, join(dir, `${node.name}.log`));
  }
}
