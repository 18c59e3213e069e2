import { describeError } from '../../common/errors.js';
import { sentinelNodes } from '../../topology/topology.js';
import { defineStep, StepError } from '../step-kind.js';
import {
  checkOutcome,
  checkReplicasFollow,
  checkRole,
  checkSentinelsReport,
  describeRole,
  redisStatuses,
  sentinelStatuses,
} from './lab-checks.js';

const roles = ['master', 'replica', 'down'] as const;

export const assertRoleStep = defineStep<{ node: string; role: string }>({
  kind: 'assert-role',
  category: 'assert',
  summary: "a node's role from INFO replication is master, replica or down",
  parse(args) {
    const node = args.selector('node');
    const role = args.string('role', { required: true, oneOf: roles });
    return node !== undefined && role !== undefined ? { node, role } : undefined;
  },
  title: (args) => `${args.node} is ${args.role}`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    return checkOutcome(`${node.name} is ${args.role}`, await checkRole(ctx, node, args.role));
  },
});

export const assertReplicasFollowStep = defineStep<{ master: string }>({
  kind: 'assert-replicas-follow',
  category: 'assert',
  summary: 'every answering replica follows the master (default: the current one) with its link up',
  shorthand: 'master',
  parse(args) {
    const master = args.selector('master', { default: 'master' });
    return master !== undefined ? { master } : undefined;
  },
  title: (args) => `every replica follows ${args.master} with its link up`,
  async run(args, ctx) {
    const master = await ctx.resolveOne(args.master);
    return checkOutcome(`every answering replica follows ${master.name}, link up`, await checkReplicasFollow(ctx, master));
  },
});

export const assertSentinelsReportStep = defineStep<{ master: string; sentinels: string[] }>({
  kind: 'assert-sentinels-report',
  category: 'assert',
  summary: 'each sentinel (default: all that answer) reports the master (default: the current one)',
  shorthand: 'master',
  parse(args) {
    const master = args.selector('master', { default: 'master' });
    const sentinels = args.selectors('sentinels', { group: true, default: 'sentinels' });
    return master !== undefined && sentinels ? { master, sentinels } : undefined;
  },
  title: (args) => `${args.sentinels.join(', ')} report ${args.master} as master`,
  async run(args, ctx) {
    const master = await ctx.resolveOne(args.master);
    // A group may hold redis nodes too (server:old-master): the sentinels among them report.
    const sentinels = (await Promise.all(args.sentinels.map((s) => ctx.resolve(s)))).flat().filter((n) => n.kind === 'sentinel');
    return checkOutcome(
      `${sentinels.map((s) => s.name).join(', ')} report ${master.name}`,
      await checkSentinelsReport(ctx, master, sentinels),
    );
  },
});

export const assertRejoinedStep = defineStep<{ node: string }>({
  kind: 'assert-rejoined',
  category: 'assert',
  summary: 'the old master (or another node) came back as a replica of the current master, link up',
  shorthand: 'node',
  parse(args) {
    const node = args.selector('node', { default: 'old-master' });
    return node !== undefined ? { node } : undefined;
  },
  title: (args) => `${args.node} rejoined as a replica of the master`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    const master = await ctx.resolveOne('master');
    const [status] = await ctx.probe([node]);
    const ok = status!.kind === 'redis' && status!.role === 'replica' && status!.masterNode === master.name && status!.link === 'up';
    return checkOutcome(`${node.name} is a replica of ${master.name}, link up`, { ok, seen: `${node.name} is ${describeRole(status!)}` });
  },
});

/** Keys a `write` step wrote: all still there with their values (present), or none of them (lost). */
export const assertKeysStep = defineStep<{ label: string; on: string; present: boolean }>({
  kind: 'assert-keys',
  category: 'assert',
  summary: 'keys a write step wrote are on a node (default: the master) — or, with present: false, are gone',
  shorthand: 'written',
  parse(args) {
    const label = args.string('written', { required: true });
    const on = args.selector('on', { default: 'master' });
    const present = args.boolean('present') ?? true;
    return label !== undefined && on !== undefined ? { label, on, present } : undefined;
  },
  title: (args) => `keys '${args.label}' are ${args.present ? '' : 'not '}on ${args.on}`,
  async run(args, ctx) {
    const written = ctx.written.get(args.label);
    if (!written || written.length === 0) throw new StepError(`no keys were written under the label '${args.label}' before this step`);
    const node = await ctx.resolveOne(args.on);
    const client = await ctx.connect(node).catch((error: unknown) => {
      throw new StepError(`${node.name} does not answer: ${describeError(error)}`);
    });
    let found: (string | null)[];
    try {
      found = (await client.call('MGET', ...written.map((w) => w.key))) as (string | null)[];
    } finally {
      client.disconnect();
    }
    const present = written.filter((w, i) => found[i] === w.value).length;
    const missing = found.filter((v) => v === null).length;
    const other = written.length - present - missing;
    const expected = args.present
      ? `all ${written.length} '${args.label}' keys on ${node.name}`
      : `none of the ${written.length} '${args.label}' keys on ${node.name}`;
    const ok = args.present ? present === written.length : present === 0;
    const acknowledgedBy = [...new Set(written.map((w) => w.node))].join(', ');
    const breakdown = [missing > 0 ? `${missing} missing` : '', other > 0 ? `${other} with another value` : ''].filter(Boolean).join(', ');
    return checkOutcome(expected, {
      ok,
      seen: `${present} of ${written.length} present${breakdown ? ` (${breakdown})` : ''}; acknowledged by ${acknowledgedBy}`,
    });
  },
});

export const assertNoFailoverStep = defineStep<Record<string, never>>({
  kind: 'assert-no-failover',
  category: 'assert',
  summary: 'no sentinel published +switch-master, and no node but the old master reports role:master',
  parse: () => ({}),
  title: () => 'no failover happened',
  async run(_args, ctx) {
    const switches = ctx.timeline.events.filter((e) => e.kind === 'sentinel' && e.name === '+switch-master');
    const oldMaster = await ctx.resolveOne('old-master');
    const promoted = redisStatuses(await ctx.probe()).filter((s) => s.role === 'master' && s.name !== oldMaster.name);
    const ok = switches.length === 0 && promoted.length === 0;
    const seen = `${switches.length} +switch-master event${switches.length === 1 ? '' : 's'}; ${promoted.length === 0 ? 'no other master' : `${promoted.map((p) => p.name).join(', ')} role:master`}`;
    return checkOutcome(`no +switch-master and no new master`, { ok, seen });
  },
});

export const assertCkquorumStep = defineStep<{ ok: boolean; sentinels: string[] }>({
  kind: 'assert-ckquorum',
  category: 'assert',
  summary: 'SENTINEL CKQUORUM is OK (or, with ok: false, fails) on each answering sentinel',
  shorthand: 'ok',
  parse(args) {
    const ok = args.boolean('ok') ?? true;
    const sentinels = args.selectors('sentinels', { group: true, default: 'sentinels' });
    return sentinels ? { ok, sentinels } : undefined;
  },
  title: (args) => `CKQUORUM ${args.ok ? 'is OK' : 'fails'} on ${args.sentinels.join(', ')}`,
  async run(args, ctx) {
    const nodes = (await Promise.all(args.sentinels.map((s) => ctx.resolve(s)))).flat();
    const statuses = sentinelStatuses(await ctx.probe(nodes.length > 0 ? nodes : sentinelNodes(ctx.topology))).filter(
      (s) => s.role === 'sentinel',
    );
    const seen = statuses.map((s) => `${s.name}: ${s.ckquorum?.message ?? '?'}`).join('; ') || 'no sentinel answers';
    const ok = statuses.length > 0 && statuses.every((s) => s.ckquorum?.ok === args.ok);
    return checkOutcome(`CKQUORUM ${args.ok ? 'OK' : 'failing'} on every answering sentinel`, { ok, seen });
  },
});
