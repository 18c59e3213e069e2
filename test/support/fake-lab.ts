import type { Clock } from '../../src/common/clock.js';
import type { LabIo, NodeClient } from '../../src/observe/lab-io.js';
import type { NodeStatus } from '../../src/observe/node-status.js';
import type { TimelineEvent } from '../../src/observe/timeline.js';
import type { NodeFault, NodeProcessState, Removal, Runtime } from '../../src/runtime/runtime.js';
import type { RuntimeFactory } from '../../src/runtime/select-runtime.js';
import type { RenderedFile } from '../../src/topology/render.js';
import type { LabNode, Topology } from '../../src/topology/topology.js';
import { formatAddress, redisNodes, sentinelNodes } from '../../src/topology/topology.js';

/**
 * A lab in memory, for in-process tests of `up` and the scenario runner without Docker or redis-server: a fake
 * runtime (processes that start, stop, pause; partitions) and a fake LabIo (probes computed from that state,
 * connections that answer a few commands, sentinel events the test publishes). Every effect is written to
 * `calls` in order, so a test asserts what was done, and `fail` makes any effect throw.
 *
 * The lab stays healthy unless the test breaks it: a running lab answers as a ready Sentinel setup does
 * (assessLab finds nothing). It does not fail over on its own; a test that wants a failover calls failOver().
 */
export class FakeLab {
  readonly calls: string[] = [];
  /** Effects that throw, by the text they log in `calls` (e.g. 'kill redis-master'). */
  readonly fail = new Map<string, Error>();
  /** Runs after each fault the runtime applies, so a test can script how the lab reacts (a failover). */
  onFault: (node: LabNode, fault: NodeFault) => void = () => undefined;
  /** Findings the probes show on top of the state: sentinels that report the master s_down, a CKQUORUM failure. */
  sentinelTrouble: string[] = [];
  readonly data = new Map<string, string>();
  /** Each sentinel's ping period, as SENTINEL DEBUG shows and sets it (1000 until set). */
  readonly pingPeriods = new Map<string, number>();

  private readonly processes = new Map<string, NodeProcessState>();
  private master: string;
  private readonly listeners = new Set<(event: TimelineEvent) => void>();
  private partitioned = false;

  readonly runtime: Runtime;
  readonly runtimes: RuntimeFactory;
  readonly io: LabIo;

  constructor(
    public topology: Topology,
    readonly clock: Clock,
  ) {
    this.master = redisNodes(topology)[0]!.name;
    for (const node of topology.nodes) this.processes.set(node.name, 'missing');
    this.runtime = this.createRuntime();
    this.runtimes = { docker: () => this.runtime, local: () => this.runtime };
    this.io = this.createIo();
  }

  /** The lab as `up` leaves it: every node running. */
  bootAll(): void {
    for (const node of this.topology.nodes) this.processes.set(node.name, 'running');
  }

  state(name: string): NodeProcessState {
    return this.processes.get(name)!;
  }

  /** A replica becomes master, the others follow it, and every sentinel that runs publishes +switch-master. */
  failOver(to: string): void {
    const from = this.node(this.master);
    this.master = to;
    const now = this.node(to);
    for (const sentinel of sentinelNodes(this.topology)) {
      if (this.processes.get(sentinel.name) !== 'running') continue;
      this.publish(
        sentinel.name,
        '+switch-master',
        `${this.topology.masterName} ${from.address.host} ${from.address.port} ${now.address.host} ${now.address.port}`,
      );
    }
  }

  /** A sentinel event, as a sentinel would publish it now. */
  publish(source: string, channel: string, message: string): void {
    const event: TimelineEvent = { at: this.clock.now(), kind: 'sentinel', source, name: channel, detail: message };
    for (const listener of this.listeners) listener(event);
  }

  private node(name: string): LabNode {
    const node = this.topology.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  private effect(call: string): void {
    this.calls.push(call);
    const error = this.fail.get(call);
    if (error) throw error;
  }

  private answers(node: LabNode): boolean {
    return this.processes.get(node.name) === 'running';
  }

  private status(node: LabNode): NodeStatus {
    const base = { name: node.name, address: formatAddress(node.address), published: formatAddress(node.published) };
    const master = this.node(this.master);
    if (node.kind === 'redis') {
      if (!this.answers(node)) return { ...base, kind: 'redis', role: 'down', error: 'connection refused or closed: not running?' };
      if (node.name === this.master)
        return { ...base, kind: 'redis', role: 'master', offset: 100, connectedReplicas: redisNodes(this.topology).length - 1 };
      return {
        ...base,
        kind: 'redis',
        role: 'replica',
        master: formatAddress(master.address),
        masterNode: master.name,
        link: 'up',
        offset: 100,
      };
    }
    if (!this.answers(node)) return { ...base, kind: 'sentinel', role: 'down', error: 'connection refused or closed: not running?' };
    const replicas = redisNodes(this.topology).filter((n) => n.name !== this.master);
    const others = sentinelNodes(this.topology).filter((n) => n.name !== node.name);
    return {
      ...base,
      kind: 'sentinel',
      role: 'sentinel',
      master: formatAddress(master.address),
      masterNode: master.name,
      flags: this.sentinelTrouble.includes('s_down') ? ['s_down', 'master'] : ['master'],
      numSlaves: replicas.length,
      numOtherSentinels: others.length,
      quorum: this.topology.quorum,
      ckquorum: this.sentinelTrouble.includes('ckquorum')
        ? { ok: false, message: 'NOQUORUM 1 usable Sentinels' }
        : { ok: true, message: `OK ${others.length + 1} usable Sentinels` },
      knownReplicas: replicas.map((r) => ({ address: formatAddress(r.address), node: r.name, flags: ['slave'] })),
      knownSentinels: others.map((s) => ({ address: formatAddress(s.address), node: s.name, flags: ['sentinel'] })),
    };
  }

  private createRuntime(): Runtime {
    return {
      kind: 'local',
      check: async () => {
        this.effect('check');
      },
      placeTopology: async (topology) => topology,
      ensureImage: async () => {},
      resolvePrograms: async (topology) => topology,
      countNodes: async () => [...this.processes.values()].filter((s) => s !== 'missing').length,
      render: (): RenderedFile[] => [],
      create: async () => {
        this.effect('create');
        for (const node of this.topology.nodes) this.processes.set(node.name, 'stopped');
      },
      start: async (_topology, nodes) => {
        this.effect(`start ${nodes.map((n) => n.name).join(',')}`);
        for (const node of nodes) this.processes.set(node.name, 'running');
      },
      apply: async (_topology, node, fault) => {
        this.effect(`${fault} ${node.name}`);
        const next: Record<NodeFault, NodeProcessState> = {
          kill: 'stopped',
          stop: 'stopped',
          start: 'running',
          restart: 'running',
          pause: 'paused',
          unpause: 'running',
        };
        this.processes.set(node.name, next[fault]);
        this.onFault(node, fault);
      },
      state: async (_topology, node) => this.processes.get(node.name)!,
      partition: async (_topology, groups) => {
        this.effect(`partition ${groups.map((g) => `[${g.map((n) => n.name).join(',')}]`).join(' ')}`);
        this.partitioned = true;
      },
      heal: async () => {
        this.effect(this.partitioned ? 'heal' : 'heal (nothing to heal)');
        this.partitioned = false;
      },
      logs: async () => '',
      remove: async (): Promise<Removal> => {
        this.effect('remove');
        const nodes = [...this.processes.values()].filter((s) => s !== 'missing').length;
        for (const node of this.topology.nodes) this.processes.set(node.name, 'missing');
        return { nodes, resources: [] };
      },
    };
  }

  private createIo(): LabIo {
    return {
      probe: async (_topology, nodes = this.topology.nodes) => nodes.map((node) => this.status(node)),
      connect: async (_topology, node): Promise<NodeClient> => {
        if (!this.answers(node)) throw new Error(`connect ECONNREFUSED ${formatAddress(node.published)}`);
        return {
          call: async (command, ...args) => {
            this.effect(`${node.name}: ${[command, ...args].join(' ')}`);
            switch (command.toUpperCase()) {
              case 'SET':
                this.data.set(args[0]!, args[1]!);
                return 'OK';
              case 'GET':
                return this.data.get(args[0]!) ?? null;
              case 'MGET':
                return args.map((key) => this.data.get(key) ?? null);
              case 'WAIT':
                return Number(args[0]);
              case 'CONFIG':
                return args[0]?.toUpperCase() === 'GET' ? [args[1], '0'] : 'OK';
              case 'SENTINEL':
                if (node.kind !== 'sentinel' || args[0]?.toUpperCase() !== 'DEBUG') return 'OK';
                if (args.length === 1) return ['INFO-PERIOD', 10000, 'PING-PERIOD', this.pingPeriods.get(node.name) ?? 1000];
                this.pingPeriods.set(node.name, Number(args[2]));
                return 'OK';
              default:
                return 'OK';
            }
          },
          disconnect: () => undefined,
        };
      },
      watchSentinels: async (_topology, onEvent) => {
        this.listeners.add(onEvent);
        return () => void this.listeners.delete(onEvent);
      },
    };
  }
}
