import type { NodeFault } from '../../runtime/runtime.js';
import type { StepKind } from '../step-kind.js';
import { defineStep } from '../step-kind.js';

interface LifecycleArgs {
  nodes: string[];
  alias?: string;
}

const lifecycle: { fault: NodeFault; summary: string; breaks: boolean }[] = [
  { fault: 'kill', summary: 'SIGKILL a node (crash, no goodbye)', breaks: true },
  { fault: 'stop', summary: 'stop a node gracefully (SIGTERM, like docker stop)', breaks: true },
  { fault: 'start', summary: 'start a stopped or killed node', breaks: false },
  { fault: 'restart', summary: 'restart a node (stop, then start)', breaks: true },
  { fault: 'pause', summary: 'freeze a node (docker pause / SIGSTOP): alive but silent', breaks: true },
  { fault: 'unpause', summary: 'unfreeze a paused node', breaks: false },
];

/** kill, stop, start, restart, pause, unpause: the same shape, one runtime operation each. */
export const lifecycleSteps: StepKind<LifecycleArgs>[] = lifecycle.map(({ fault, summary, breaks }) =>
  defineStep<LifecycleArgs>({
    kind: fault,
    category: breaks ? 'fault' : 'action',
    summary,
    shorthand: 'node',
    parse(args) {
      const nodes = args.selectors('node', { group: true });
      const alias = args.alias();
      if (alias && nodes && nodes.length > 1) args.problem('as', `'as' binds one node, but 'node' lists several`);
      return nodes && { nodes, alias };
    },
    title: (args) => `${fault} ${args.nodes.join(', ')}`,
    async run(args, ctx) {
      const nodes = (await Promise.all(args.nodes.map((selector) => ctx.resolve(selector)))).flat();
      if (args.alias && nodes.length === 1) ctx.bind(args.alias, nodes[0]!);
      if (breaks) ctx.markFault();
      await Promise.all(nodes.map((node) => ctx.runtime.apply(ctx.topology, node, fault)));
      if (fault === 'start' || fault === 'restart') for (const node of nodes) ctx.sleeping.delete(node.name);
      return { status: 'done', detail: `${fault}: ${nodes.map((n) => n.name).join(', ')}` };
    },
  }),
);
