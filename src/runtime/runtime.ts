import type { RenderedFile } from '../topology/render.js';
import type { LabNode, Topology } from '../topology/topology.js';

/** A line of progress from long work (an image pull), shown under the running step. */
export type ProgressListener = (line: string) => void;

/** What a runtime removed for `down`. */
export interface Removal {
  nodes: number;
  /** Other things removed, for people: "network lab_lab", "firewall chain rhl-1a2b3c4d5e". */
  resources: string[];
}

/** A node's process state as the runtime sees it (not its Redis role). */
export type NodeProcessState = 'running' | 'paused' | 'stopped' | 'missing';

/** A fault the runtime applies to one node. */
export type NodeFault = 'stop' | 'kill' | 'start' | 'restart' | 'pause' | 'unpause';

/**
 * Where a lab's nodes run. `up` plans with the topology and calls these in order; scenarios use the fault
 * operations. Implementations: Docker (runtime/docker). Every resource a runtime creates carries the lab's
 * name so `remove` finds it even after a crash.
 */
export type RuntimeKind = 'docker' | 'local';

/** The lab records a runtime may read: where a lab's files live and what it was booted with (LabStore is one). */
export interface LabFiles {
  labDir(name: string): string;
  read(name: string): Promise<{ runtime: RuntimeKind; topology: Topology } | undefined>;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** Throws an environment error saying what was tried and how to fix it when the runtime cannot work here. */
  check(): Promise<void>;
  /** The topology with a network range this runtime can use (the default range may collide with an existing one). */
  placeTopology(topology: Topology, fixedSubnet: boolean): Promise<Topology>;
  /** Makes the image available, pulling it with progress when missing. */
  ensureImage(image: string, onProgress: ProgressListener): Promise<void>;
  /**
   * The topology with the programs its nodes will run settled (topology.programs, engineCompat): locally the
   * binaries found, as paths; on Docker the server the image has. Called once the images are there.
   */
  resolvePrograms(topology: Topology, onProgress: ProgressListener): Promise<Topology>;
  /** How many nodes of the lab exist in this runtime (0 when the lab is not up). */
  countNodes(lab: string): Promise<number>;
  /** The lab's files (configs, and a compose file on Docker), written into the lab directory before create. */
  render(topology: Topology, labDir: string): RenderedFile[];
  /** Creates the network and every node without starting them. */
  create(topology: Topology, labDir: string): Promise<void>;
  start(topology: Topology, nodes: LabNode[]): Promise<void>;
  /** stop: graceful (SIGTERM, then SIGKILL after 10 s, like docker stop); kill: SIGKILL; pause: freeze. */
  apply(topology: Topology, node: LabNode, fault: NodeFault): Promise<void>;
  state(topology: Topology, node: LabNode): Promise<NodeProcessState>;
  /**
   * Cuts every node off from the nodes of the other groups, both ways, replacing any earlier partition;
   * the lab's own client on the host still reaches every node. Nodes in no group keep all their links.
   */
  partition(topology: Topology, groups: LabNode[][]): Promise<void>;
  /** Removes every partition rule of the lab. */
  heal(topology: Topology): Promise<void>;
  /** The last lines a node wrote to its log (stdout and stderr). */
  logs(topology: Topology, node: LabNode, tailLines: number): Promise<string>;
  /** Removes every node and network of the lab; nothing to remove is not an error. */
  remove(lab: string): Promise<Removal>;
}
