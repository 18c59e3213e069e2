import { waitFor } from '../../common/wait-for.js';
import { assessLab } from '../../observe/assess-lab.js';
import type { NodeStatus, RedisNodeStatus, SentinelNodeStatus } from '../../observe/node-status.js';
import type { LabNode } from '../../topology/topology.js';
import type { StepContext, StepOutcome } from '../step-kind.js';

/** A check of the lab now: whether it holds, and what was seen, for the report's expected/seen. */
export interface Check {
  ok: boolean;
  seen: string;
}

export function describeRole(status: NodeStatus): string {
  if (status.kind === 'redis' && status.role === 'replica') return `replica of ${status.masterNode ?? status.master} (link ${status.link})`;
  return status.role;
}

export async function probeAll(ctx: StepContext): Promise<NodeStatus[]> {
  return ctx.probe();
}

export function redisStatuses(statuses: NodeStatus[]): RedisNodeStatus[] {
  return statuses.filter((s): s is RedisNodeStatus => s.kind === 'redis');
}

export function sentinelStatuses(statuses: NodeStatus[]): SentinelNodeStatus[] {
  return statuses.filter((s): s is SentinelNodeStatus => s.kind === 'sentinel');
}

/** The node has this role now ('replica' also requires nothing else: use checkFollows for the master). */
export async function checkRole(ctx: StepContext, node: LabNode, role: string): Promise<Check> {
  const [status] = await ctx.probe([node]);
  return { ok: status!.role === role, seen: `${node.name} is ${describeRole(status!)}` };
}

/** Every answering redis node other than `master` replicates from it with its link up. */
export async function checkReplicasFollow(ctx: StepContext, master: LabNode): Promise<Check> {
  const redis = redisStatuses(await probeAll(ctx)).filter((s) => s.name !== master.name);
  const answering = redis.filter((s) => s.role !== 'down');
  const wrong = answering.filter((s) => s.role !== 'replica' || s.masterNode !== master.name || s.link !== 'up');
  const seen = redis.map((s) => `${s.name}: ${describeRole(s)}`).join('; ');
  return { ok: answering.length > 0 && wrong.length === 0, seen: seen || 'no replicas' };
}

/** Every answering sentinel reports `master` as the master's address. */
export async function checkSentinelsReport(ctx: StepContext, master: LabNode, sentinels: LabNode[]): Promise<Check> {
  const statuses = sentinelStatuses(await ctx.probe(sentinels));
  const answering = statuses.filter((s) => s.role === 'sentinel');
  const seen = statuses.map((s) => `${s.name} → ${s.role === 'down' ? 'down' : (s.masterNode ?? s.master ?? 'nothing')}`).join(', ');
  return { ok: answering.length > 0 && answering.every((s) => s.masterNode === master.name), seen };
}

/** All answering sentinels report the same master, and that node says role:master. */
export async function checkAgreement(ctx: StepContext): Promise<Check & { master?: string }> {
  const statuses = await probeAll(ctx);
  const sentinels = sentinelStatuses(statuses).filter((s) => s.role === 'sentinel');
  const reported = new Set(sentinels.map((s) => s.masterNode ?? s.master));
  const masterName = [...reported][0];
  const masterStatus = redisStatuses(statuses).find((s) => s.name === masterName);
  const seen =
    sentinels.map((s) => `${s.name} → ${s.masterNode ?? s.master}`).join(', ') +
    (masterStatus ? `; ${masterName} is ${describeRole(masterStatus)}` : '');
  return { ok: sentinels.length > 0 && reported.size === 1 && masterStatus?.role === 'master', seen, master: masterName };
}

export async function checkHealthy(ctx: StepContext): Promise<Check> {
  const findings = assessLab(ctx.topology, await probeAll(ctx));
  return { ok: findings.length === 0, seen: findings.length === 0 ? 'healthy' : findings.map((f) => f.message).join('; ') };
}

/** Polls a check until it holds or the timeout passes; the outcome carries the last thing seen. */
export async function pollCheck(ctx: StepContext, expected: string, timeoutMs: number, check: () => Promise<Check>): Promise<StepOutcome> {
  let last: Check = { ok: false, seen: 'nothing yet' };
  const outcome = await waitFor(
    async () => {
      last = await check();
      return last.ok ? { done: true, value: last } : { done: false, pending: [last.seen] };
    },
    { clock: ctx.clock, timeoutMs, intervalMs: 200, signal: ctx.signal },
  );
  if (outcome.ok) return { status: 'passed', detail: `${last.seen} (after ${(outcome.elapsedMs / 1000).toFixed(1)} s)` };
  return { status: 'failed', expected: `${expected} within ${timeoutMs / 1000} s`, seen: last.seen };
}

export function checkOutcome(expected: string, check: Check): StepOutcome {
  return check.ok ? { status: 'passed', detail: check.seen } : { status: 'failed', expected, seen: check.seen };
}
