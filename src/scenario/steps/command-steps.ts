import { describeError } from '../../common/errors.js';
import type { StepContext } from '../step-kind.js';
import { defineStep, StepError } from '../step-kind.js';
import type { LabNode } from '../../topology/topology.js';

/** Sends one command to a node and returns its reply as text (arrays joined), or throws a StepError. */
export async function sendCommand(ctx: StepContext, node: LabNode, words: string[]): Promise<string> {
  const client = await ctx.connect(node).catch((error: unknown) => {
    throw new StepError(`${node.name} does not answer: ${describeError(error)}`);
  });
  try {
    const reply = await client.call(words[0]!, ...words.slice(1));
    return formatReply(reply);
  } catch (error) {
    throw new StepError(`${words.join(' ')} on ${node.name} failed: ${describeError(error)}`);
  } finally {
    client.disconnect();
  }
}

export function formatReply(reply: unknown): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (Array.isArray(reply)) return reply.map(formatReply).join(' ');
  return String(reply);
}

/** Any Redis command on a node, optionally checking the reply and undoing it when the scenario ends. */
export const commandStep = defineStep<{
  node: string;
  words: string[];
  expect?: string;
  undo?: string[];
  alias?: string;
  fault: boolean;
}>({
  kind: 'command',
  category: 'action',
  summary: 'run any Redis command on a node (optionally: expect a reply, undo at the end, fault: true when it breaks the lab)',
  parse(args) {
    const node = args.selector('node');
    const words = args.words('args', { required: true });
    const expect = args.string('expect');
    const undo = args.words('undo');
    const alias = args.alias();
    // A command that breaks the lab (FAILOVER, REPLICAOF, DEBUG SEGFAULT) is the fault: times count from it.
    const fault = args.boolean('fault') ?? false;
    return node !== undefined && words ? { node, words, expect, undo, alias, fault } : undefined;
  },
  title: (args) => `${args.words.join(' ')} on ${args.node}`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    if (args.alias) ctx.bind(args.alias, node);
    if (args.fault) ctx.markFault();
    const reply = await sendCommand(ctx, node, args.words);
    if (args.undo) {
      const undo = args.undo;
      ctx.onRestore(`${undo.join(' ')} on ${node.name}`, async () => void (await sendCommand(ctx, node, undo)));
    }
    if (args.expect !== undefined && reply !== args.expect) {
      return { status: 'failed', expected: `reply ${args.expect}`, seen: `reply ${reply}` };
    }
    return { status: 'done', detail: `${node.name} replied ${reply}` };
  },
});

/** SENTINEL FAILOVER: a failover ordered by hand, without the master being down. */
export const failoverStep = defineStep<{ sentinel: string }>({
  kind: 'failover',
  category: 'fault',
  summary: 'SENTINEL FAILOVER <master> on a sentinel (a manual failover)',
  shorthand: 'sentinel',
  parse(args) {
    const sentinel = args.selector('sentinel', { default: 'sentinel' });
    return sentinel !== undefined ? { sentinel } : undefined;
  },
  title: (args) => `SENTINEL FAILOVER via ${args.sentinel}`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.sentinel);
    if (node.kind !== 'sentinel') throw new StepError(`failover needs a sentinel; ${node.name} is a redis node`);
    ctx.markFault();
    const reply = await sendCommand(ctx, node, ['SENTINEL', 'FAILOVER', ctx.topology.masterName]);
    return { status: 'done', detail: `${node.name} replied ${reply}` };
  },
});
