import { describeError } from '../../common/errors.js';
import type { WrittenKey } from '../step-kind.js';
import { defineStep, StepError } from '../step-kind.js';
import { formatReply, sendCommand } from './command-steps.js';

/**
 * Writes keys with values unique to this run, remembered under a label so `assert-keys` can later check
 * whether they survived the failover (or, in a split brain, were lost).
 */
export const writeStep = defineStep<{
  node: string;
  keys: number;
  prefix: string;
  label: string;
  expect: 'ok' | 'error';
  wait?: { replicas: number; timeoutMs: number; confirmed: number };
}>({
  kind: 'write',
  category: 'action',
  summary: 'SET keys <label>:N on a node (default: 1 key on the master), remembered under the label',
  parse(args) {
    const node = args.selector('node', { default: 'master' });
    const keys = args.number('keys', { min: 1, max: 100_000 }) ?? 1;
    // Keys are named after the label, so two write steps with different labels never overwrite each other.
    const label = args.string('label') ?? 'writes';
    const prefix = args.string('prefix') ?? label;
    const expect = (args.string('expect', { oneOf: ['ok', 'error'] }) ?? 'ok') as 'ok' | 'error';
    const wait = args.number('wait', { min: 1, max: 20 });
    const waitTimeoutMs = args.duration('wait-timeout', { max: 60_000 }) ?? 2000;
    const confirmed = args.number('confirmed', { min: 0, max: 20 });
    if (confirmed !== undefined && wait === undefined)
      args.problem('confirmed', `'confirmed' checks what WAIT answers, so it needs 'wait'`);
    return node !== undefined
      ? {
          node,
          keys,
          prefix,
          label,
          expect,
          ...(wait !== undefined ? { wait: { replicas: wait, timeoutMs: waitTimeoutMs, confirmed: confirmed ?? wait } } : {}),
        }
      : undefined;
  },
  title: (args) =>
    `write ${args.keys} key${args.keys === 1 ? '' : 's'} ${args.prefix}:* to ${args.node}` +
    (args.wait
      ? `, WAIT ${args.wait.replicas}${args.wait.confirmed !== args.wait.replicas ? ` (expecting ${args.wait.confirmed})` : ''}`
      : '') +
    (args.expect === 'error' ? ' (expecting refusal)' : ''),
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    // WAIT blocks up to its timeout: the connection must wait at least that long for the reply.
    const client = await ctx.connect(node, Math.max(2000, (args.wait?.timeoutMs ?? 0) + 2000)).catch((error: unknown) => {
      throw new StepError(`${node.name} does not answer: ${describeError(error)}`);
    });
    const written: WrittenKey[] = [];
    let refusal: string | undefined;
    let confirmed: number | undefined;
    try {
      for (let i = 0; i < args.keys; i++) {
        const key = `${args.prefix}:${i}`;
        const value = `${ctx.runId}:${args.label}:${i}`;
        try {
          await client.call('SET', key, value);
          written.push({ key, value, node: node.name, at: ctx.clock.now() });
        } catch (error) {
          refusal = describeError(error);
          break;
        }
      }
      // WAIT counts replicas that have this connection's writes: it only means something on the same connection.
      if (args.wait && !refusal) confirmed = Number(await client.call('WAIT', String(args.wait.replicas), String(args.wait.timeoutMs)));
    } finally {
      client.disconnect();
    }
    ctx.written.set(args.label, [...(ctx.written.get(args.label) ?? []), ...written]);
    if (args.expect === 'error') {
      return refusal
        ? { status: 'passed', detail: `${node.name} refused: ${refusal}` }
        : { status: 'failed', expected: `${node.name} refuses the write`, seen: `${written.length} writes acknowledged` };
    }
    if (refusal)
      return {
        status: 'failed',
        expected: `${args.keys} writes acknowledged by ${node.name}`,
        seen: `${written.length} acknowledged, then: ${refusal}`,
      };
    if (args.wait && confirmed !== args.wait.confirmed) {
      return {
        status: 'failed',
        expected: `WAIT ${args.wait.replicas} ${args.wait.timeoutMs} to answer ${args.wait.confirmed}`,
        seen: `WAIT answered ${confirmed}`,
      };
    }
    return {
      status: args.wait ? 'passed' : 'done',
      detail: `${written.length} keys on ${node.name}${args.wait ? `, ${confirmed} replicas confirmed (WAIT)` : ''}`,
    };
  },
});

export const readStep = defineStep<{ node: string; key: string; expect?: string }>({
  kind: 'read',
  category: 'action',
  summary: 'GET a key on a node, optionally expecting a value ((nil) for none)',
  parse(args) {
    const node = args.selector('node', { default: 'master' });
    const key = args.string('key', { required: true });
    const expect = args.string('expect');
    return node !== undefined && key !== undefined ? { node, key, expect } : undefined;
  },
  title: (args) => `read ${args.key} on ${args.node}`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    const value = await sendCommand(ctx, node, ['GET', args.key]);
    if (args.expect !== undefined && value !== args.expect)
      return { status: 'failed', expected: `${args.key} = ${args.expect}`, seen: `${args.key} = ${value}` };
    return { status: args.expect === undefined ? 'done' : 'passed', detail: `${args.key} = ${formatReply(value)}` };
  },
});
