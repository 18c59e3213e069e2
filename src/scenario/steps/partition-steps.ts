import type { LabNode } from '../../topology/topology.js';
import { restSelector } from '../../topology/node-selector.js';
import { clientSelectorPrefix } from '../../clients/clients-options.js';
import { defineStep, StepError } from '../step-kind.js';

/**
 * Splits the lab into groups that cannot reach each other (both ways), as a network partition would; the
 * lab's own client on the host still reaches every node, so the runner keeps watching all sides. A group may
 * hold clients (`client:redis-py`): such a client then reaches only the nodes of its own group.
 */
export const partitionStep = defineStep<{ groups: string[][] }>({
  kind: 'partition',
  category: 'fault',
  summary: 'cut groups of nodes (and clients) off from each other, e.g. [[old-master, client:redis-py], [rest]]',
  shorthand: 'groups',
  parse(args) {
    const groups = args.groups('groups');
    if (groups && groups.filter((g) => g.includes(restSelector)).length > 1) {
      args.problem('groups', `'rest' may appear in one group only`);
      return undefined;
    }
    return groups && { groups };
  },
  title: (args) => `partition ${args.groups.map((g) => `[${g.join(', ')}]`).join(' | ')}`,
  async run(args, ctx) {
    const explicit: LabNode[][] = [];
    for (const group of args.groups) {
      const named = group.filter((s) => s !== restSelector && !s.startsWith(clientSelectorPrefix));
      explicit.push(wholeServers((await Promise.all(named.map((s) => ctx.resolve(s)))).flat(), ctx.topology.nodes));
    }
    const placed = new Map<string, number>();
    explicit.forEach((group, index) =>
      group.forEach((node) => {
        const other = placed.get(node.name);
        if (other !== undefined && other !== index)
          throw new StepError(
            node.server
              ? `${node.server} (${node.name}) is in group ${other + 1} and group ${index + 1}: in the servers layout a partition cuts whole servers`
              : `${node.name} is in group ${other + 1} and group ${index + 1}`,
          );
        placed.set(node.name, index);
      }),
    );
    const groups = explicit.map((group, index) =>
      args.groups[index]!.includes(restSelector) ? [...group, ...ctx.topology.nodes.filter((n) => !placed.has(n.name))] : group,
    );
    const clients = args.groups.map((group) => group.filter((s) => s.startsWith(clientSelectorPrefix)));
    if (clients.flat().length > 0 && !ctx.clients) throw new StepError('this run has no isolated clients to cut off');
    ctx.markFault();
    if (groups.filter((g) => g.length > 0).length >= 2) await ctx.runtime.partition(ctx.topology, groups);
    if (clients.flat().length > 0) {
      ctx.onRestore('let the clients reach every node again', () => ctx.clients!.heal());
      for (const [index, group] of clients.entries()) {
        // A client reaches the nodes of its own group only: the announced addresses it was given.
        const elsewhere = groups.filter((_, i) => i !== index).flat();
        for (const client of group)
          await ctx.clients!.cut(
            client.slice(clientSelectorPrefix.length),
            elsewhere.map((n) => n.address.host),
          );
      }
    }
    const describe = (i: number) => [...groups[i]!.map((n) => n.name), ...clients[i]!].join(', ');
    return { status: 'done', detail: groups.map((_, i) => `[${describe(i)}]`).join(' | ') };
  },
});

/** In the servers layout a node's address is its server's: cutting one of its nodes cuts them all. */
function wholeServers(nodes: LabNode[], all: LabNode[]): LabNode[] {
  const servers = new Set(nodes.map((n) => n.server).filter((s) => s !== undefined));
  return [...new Set([...nodes, ...all.filter((n) => n.server !== undefined && servers.has(n.server))])];
}

export const healStep = defineStep<Record<string, never>>({
  kind: 'heal',
  category: 'action',
  summary: 'remove every partition',
  parse: () => ({}),
  title: () => 'heal the partition',
  async run(_args, ctx) {
    await ctx.runtime.heal(ctx.topology);
    await ctx.clients?.heal();
    return { status: 'done' };
  },
});
