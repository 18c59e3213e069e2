import type { LabNode } from '../topology/topology.js';

/** For one node: the in-lab addresses it must neither receive from nor send to. */
export interface NodeCut {
  node: LabNode;
  blocked: string[];
}

/**
 * Pure: groups → per-node blocked peers. Every node of a group is cut from every node of every other group;
 * nodes in no group are not touched. A node in two groups is a mistake the scenario validator reports first.
 */
export function planPartition(groups: LabNode[][]): NodeCut[] {
  const cuts: NodeCut[] = [];
  groups.forEach((group, index) => {
    const others = groups.filter((_, j) => j !== index).flat();
    for (const node of group) cuts.push({ node, blocked: [...new Set(others.map((peer) => peer.address.host))] });
  });
  return cuts;
}
