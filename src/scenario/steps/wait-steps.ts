import type { TimelineEvent } from '../../observe/timeline.js';
import { sentinelNodes } from '../../topology/topology.js';
import { defineStep } from '../step-kind.js';
import { checkAgreement, checkHealthy, checkRole, pollCheck } from './lab-checks.js';

const defaultTimeoutMs = 30_000;
const roles = ['master', 'replica', 'down'] as const;
const instanceTypes = ['master', 'slave', 'sentinel'] as const;

/**
 * Waits for a sentinel event. It counts events since the most recent fault step started (or since the
 * scenario started), so an event that came between the fault and this step is not missed, and one from an
 * earlier failover is not taken for this one.
 */
export const waitEventStep = defineStep<{ event: string; timeoutMs: number; count: number | 'all'; instance?: string }>({
  kind: 'wait-event',
  category: 'wait',
  summary: 'wait for a sentinel event (+switch-master, +odown, ...), from one sentinel or `count` of them',
  shorthand: 'event',
  parse(args) {
    const event = args.string('event', { required: true });
    const timeoutMs = args.duration('timeout') ?? defaultTimeoutMs;
    const countText = args.string('count') ?? '1';
    const count = countText === 'all' ? 'all' : Number(countText);
    if (count !== 'all' && (!Number.isInteger(count) || count < 1))
      args.problem('count', `'count' must be a whole number of sentinels, or all`);
    const instance = args.string('instance', { oneOf: instanceTypes });
    return event !== undefined ? { event, timeoutMs, count: count === 'all' || Number.isInteger(count) ? count : 1, instance } : undefined;
  },
  title: (args) =>
    `wait for ${args.event}${args.instance ? ` on a ${args.instance}` : ''}${args.count === 1 ? '' : ` from ${args.count} sentinels`} (≤${args.timeoutMs / 1000}s)`,
  async run(args, ctx) {
    const needed = args.count === 'all' ? sentinelNodes(ctx.topology).length : args.count;
    const since = ctx.lastFaultAt();
    const sources = new Set<string>();
    const match = (e: TimelineEvent) =>
      e.kind === 'sentinel' &&
      e.name === args.event &&
      (!args.instance || e.detail.startsWith(`${args.instance} `)) &&
      !sources.has(e.source);
    const deadline = ctx.clock.now() + args.timeoutMs;
    let first: TimelineEvent | undefined;
    while (sources.size < needed) {
      const event = await ctx.timeline.waitFor(match, since, Math.max(0, deadline - ctx.clock.now()), ctx.signal);
      if (!event) break;
      first ??= event;
      sources.add(event.source);
    }
    if (sources.size >= needed) {
      return { status: 'passed', detail: `${args.event} from ${[...sources].join(', ')}: ${first?.detail ?? ''}` };
    }
    const seen = ctx.timeline.events.filter((e) => e.kind === 'sentinel' && e.at >= since);
    const counts = new Map<string, number>();
    for (const e of seen) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    return {
      status: 'failed',
      expected: `${args.event} from ${needed} sentinel${needed === 1 ? '' : 's'} within ${args.timeoutMs / 1000} s`,
      seen:
        sources.size > 0
          ? `only from ${[...sources].join(', ')}`
          : counts.size > 0
            ? `other events: ${[...counts].map(([n, c]) => `${n} ×${c}`).join(', ')}`
            : 'no sentinel events',
    };
  },
});

export const waitRoleStep = defineStep<{ node: string; role: string; timeoutMs: number }>({
  kind: 'wait-role',
  category: 'wait',
  summary: "wait until a node's role (INFO replication) is master, replica or down",
  parse(args) {
    const node = args.selector('node');
    const role = args.string('role', { required: true, oneOf: roles });
    const timeoutMs = args.duration('timeout') ?? defaultTimeoutMs;
    return node !== undefined && role !== undefined ? { node, role, timeoutMs } : undefined;
  },
  title: (args) => `wait until ${args.node} is ${args.role} (≤${args.timeoutMs / 1000}s)`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    return pollCheck(ctx, `${node.name} is ${args.role}`, args.timeoutMs, () => checkRole(ctx, node, args.role));
  },
});

export const waitAgreeStep = defineStep<{ timeoutMs: number }>({
  kind: 'wait-agree',
  category: 'wait',
  summary: 'wait until every answering sentinel reports the same master, and it is role:master',
  shorthand: 'timeout',
  parse: (args) => ({ timeoutMs: args.duration('timeout') ?? defaultTimeoutMs }),
  title: (args) => `wait until the sentinels agree (≤${args.timeoutMs / 1000}s)`,
  run: (args, ctx) => pollCheck(ctx, 'all sentinels report one master that is role:master', args.timeoutMs, () => checkAgreement(ctx)),
});

export const waitHealthyStep = defineStep<{ timeoutMs: number }>({
  kind: 'wait-healthy',
  category: 'wait',
  summary: 'wait until the lab is healthy again (as `status` judges it)',
  shorthand: 'timeout',
  parse: (args) => ({ timeoutMs: args.duration('timeout') ?? defaultTimeoutMs }),
  title: (args) => `wait until the lab is healthy (≤${args.timeoutMs / 1000}s)`,
  run: (args, ctx) => pollCheck(ctx, 'a healthy lab', args.timeoutMs, () => checkHealthy(ctx)),
});

export const waitStep = defineStep<{ ms: number }>({
  kind: 'wait',
  category: 'wait',
  summary: 'wait a fixed time, e.g. `wait: 2s`',
  shorthand: 'for',
  parse(args) {
    const ms = args.duration('for', { required: true });
    return ms !== undefined ? { ms } : undefined;
  },
  title: (args) => `wait ${args.ms / 1000} s`,
  async run(args, ctx) {
    await ctx.clock.sleep(args.ms, ctx.signal);
    return { status: 'done' };
  },
});
