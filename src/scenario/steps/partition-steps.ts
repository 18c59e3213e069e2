import type { LabNode } from '../../topology/topology.js';
import { restSelector } from '../../topology/node-selector.js';
import { defineStep, StepError } from '../step-kind.js';

/**
 * Splits the lab into groups that cannot reach each other (both ways), as a network partition would; the
 * lab's own client on the host still reaches every node, so the runner keeps watching all sides.
 */
export const partitionStep = defineStep<{ groups: string[][] }>({
  kind: 'partition',
  category: 'fault',
  summary: 'cut groups of nodes off from each other, e.g. [[old-master, sentinel-1], [rest]]',
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
      const named = group.filter((s) => s !== restSelector);
      explicit.push((await Promise.all(named.map((s) => ctx.resolve(s)))).flat());
    }
    const placed = new Map<string, number>();
    explicit.forEach((group, index) =>
      group.forEach((node) => {
        const other = placed.get(node.name);
        if (other !== undefined && other !== index) throw new StepError(`${node.name} is in group ${other + 1} and group ${index + 1}`);
        placed.set(node.name, index);
      }),
    );
    const groups = explicit.map((group, index) =>
      args.groups[index]!.includes(restSelector) ? [...group, ...ctx.topology.nodes.filter((n) => !placed.has(n.name))] : group,
    );
    ctx.markFault();
    await ctx.runtime.partition(ctx.topology, groups);
    return { status: 'done', detail: groups.map((g) => `[${g.map((n) => n.name).join(', ')}]`).join(' | ') };
  },
});

export const healStep = defineStep<Record<string, never>>({
  kind: 'heal',
  category: 'action',
  summary: 'remove every partition',
  parse: () => ({}),
  title: () => 'heal the partition',
  async run(_args, ctx) {
    await ctx.runtime.heal(ctx.topology);
    return { status: 'done' };
  },
});
