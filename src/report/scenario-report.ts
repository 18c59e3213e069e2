import type { ClientVerdict, ErrorKind } from '../clients/client-verdict.js';
import { errorKind } from '../clients/client-verdict.js';
import type { DriverAttempt } from '../clients/driver-protocol.js';
import type { ClientsRecord } from '../clients/run-clients.js';
import type { TimelineEvent } from '../observe/timeline.js';
import type { RunRecord, StepStatus } from '../scenario/run-record.js';
import { runPassed } from '../scenario/run-record.js';
import type { TrafficRecord } from '../scenario/judge-traffic.js';
import type { Stopwatch } from '../traffic/stopwatch.js';

/** report.json and `scenario --json`: times in ms relative to the first fault (or to the start without one). */
export interface ScenarioReport {
  scenario: string;
  description: string;
  file: string;
  lab: string;
  runtime: string;
  /** redis, engine or mixed: which sentinels ran. */
  sentinelKind: string;
  bootedLab: boolean;
  passed: boolean;
  interrupted: boolean;
  startedAt: string;
  faultAt: string | null;
  durationMs: number;
  oldMaster: string | null;
  /** The lab's nodes, to read addresses and sentinel run ids in events. */
  nodes: { name: string; server?: string; kind: string; address: string; runId?: string }[];
  assertions: { total: number; passed: number; failed: number };
  steps: {
    index: number;
    line: number;
    kind: string;
    category: string;
    title: string;
    outcome: StepStatus;
    start: number | null;
    end: number | null;
    durationMs: number | null;
    detail?: string;
    expected?: string;
    seen?: string;
    error?: string;
  }[];
  events: { t: number; at: string; kind: TimelineEvent['kind']; source: string; name: string; detail: string }[];
  restore: RunRecord['restore'];
  traffic?: TrafficReport;
  clients?: ClientsReport;
}

/** Each client's verdict, with the library, version and every setting its driver used. */
export interface ClientsReport {
  profile: string;
  rate: number;
  ops: string[];
  unavailable: { name: string; reason: string }[];
  error?: string;
  clients: (Omit<ClientVerdict, 'lost' | 'ackedByNonMaster'> & {
    command: readonly string[];
    settings: Record<string, unknown>;
    lost: { key: string; t: number; server: string | null }[];
    ackedByNonMaster: { key: string; t: number; server: string | null }[];
    /** Every attempt, times from the run's start as elsewhere in the report; failed ones with their error's kind. */
    timeline: { t: number; ms: number; op: string; ok: boolean; kind?: ErrorKind; nonMaster?: true }[];
  })[];
}

/** What the application saw: times in ms from the fault. */
export interface TrafficReport {
  clients: string[];
  rate: number;
  wait: { replicas: number; timeoutMs: number } | null;
  finalMaster: string | null;
  attempted: number;
  acknowledged: number;
  present: number;
  lost: number;
  failed: number;
  indeterminate: number;
  lostWrites: { client: string; seq: number; key: string; node: string | null; t: number }[];
  stopwatch: Stopwatch;
  attempts: { client: string; seq: number; t: number; ms: number; ok: boolean; node: string | null; error?: string }[];
  error?: string;
}

export function buildReport(record: RunRecord): ScenarioReport {
  const zero = record.faultAt ?? record.startedAt;
  const rel = (at: number | undefined) => (at === undefined ? null : at - zero);
  const checks = record.steps.filter((s) => !s.notApplicable && (isCheck(s) || s.status === 'failed' || s.status === 'error'));
  return {
    scenario: record.scenario.name,
    description: record.scenario.description,
    file: record.scenario.file,
    lab: record.lab,
    runtime: record.runtime,
    sentinelKind: record.topology.sentinelKind ?? 'redis',
    bootedLab: record.bootedLab,
    passed: runPassed(record),
    interrupted: record.interrupted,
    startedAt: new Date(record.startedAt).toISOString(),
    faultAt: record.faultAt === undefined ? null : new Date(record.faultAt).toISOString(),
    durationMs: record.endedAt - record.startedAt,
    oldMaster: record.oldMaster ?? null,
    nodes: record.topology.nodes.map((n) => ({
      name: n.name,
      ...(n.server ? { server: n.server } : {}),
      kind: n.kind,
      address: `${n.address.host}:${n.address.port}`,
      ...(n.sentinelId ? { runId: n.sentinelId } : {}),
    })),
    assertions: {
      total: checks.length,
      passed: checks.filter((s) => s.status === 'passed').length,
      failed: checks.filter((s) => s.status === 'failed' || s.status === 'error').length,
    },
    steps: record.steps.map((s) => ({
      index: s.index,
      line: s.line,
      kind: s.kind,
      category: s.category,
      title: s.title,
      outcome: s.status,
      start: rel(s.startedAt),
      end: rel(s.endedAt),
      durationMs: s.startedAt !== undefined && s.endedAt !== undefined ? s.endedAt - s.startedAt : null,
      ...(s.detail ? { detail: s.detail } : {}),
      ...(s.expected ? { expected: s.expected, seen: s.seen } : {}),
      ...(s.error ? { error: s.error } : {}),
    })),
    events: record.events.map((e) => ({
      t: e.at - zero,
      at: new Date(e.at).toISOString(),
      kind: e.kind,
      source: e.source,
      name: e.name,
      detail: e.detail,
    })),
    restore: record.restore,
    ...(record.traffic ? { traffic: trafficReport(record.traffic, zero) } : {}),
    ...(record.clients ? { clients: clientsReport(record.clients, zero) } : {}),
  };
}

function clientsReport(clients: ClientsRecord, zero: number): ClientsReport {
  const write = (a: DriverAttempt) => ({ key: a.key, t: a.t - zero, server: a.server ?? null });
  return {
    profile: clients.options.profile,
    rate: clients.options.rate,
    ops: clients.options.ops,
    unavailable: clients.unavailable,
    ...(clients.error ? { error: clients.error } : {}),
    clients: clients.verdicts.map((v, i) => ({
      ...v,
      command: clients.runs[i]!.command,
      settings: clients.runs[i]!.hello?.settings ?? {},
      lost: v.lost.map(write),
      ackedByNonMaster: v.ackedByNonMaster.map(write),
      timeline: clients.runs[i]!.attempts.map((a) => ({
        t: a.t - zero,
        ms: a.ms,
        op: a.op,
        ok: a.ok,
        ...(a.ok ? {} : { kind: errorKind(a.error ?? '') }),
        ...(v.ackedByNonMaster.includes(a) ? { nonMaster: true as const } : {}),
      })),
    })),
  };
}

function trafficReport(traffic: TrafficRecord, zero: number): TrafficReport {
  const check = traffic.check;
  return {
    clients: traffic.options.clients,
    rate: traffic.options.rate,
    wait: traffic.options.wait ?? null,
    finalMaster: traffic.finalMaster ?? null,
    attempted: traffic.attempts.length,
    acknowledged: check?.acknowledged ?? traffic.attempts.filter((a) => a.ok).length,
    present: check?.present ?? 0,
    lost: check?.lost.length ?? 0,
    failed: check?.failed ?? traffic.attempts.filter((a) => !a.ok).length,
    indeterminate: check?.indeterminate ?? 0,
    lostWrites: (check?.lost ?? []).map((w) => ({ client: w.client, seq: w.seq, key: w.key, node: w.node ?? null, t: w.endedAt - zero })),
    stopwatch: traffic.stopwatch,
    attempts: traffic.attempts.map((a) => ({
      client: a.client,
      seq: a.seq,
      t: a.startedAt - zero,
      ms: a.endedAt - a.startedAt,
      ok: a.ok,
      node: a.node ?? null,
      ...(a.error ? { error: a.error } : {}),
    })),
    ...(traffic.error ? { error: traffic.error } : {}),
  };
}

/** "+1.234s", "-0.500s": a time relative to the fault. */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)}s`;
}

/** Assertions, and waits for a condition (a fixed-time wait checks nothing). */
export function isCheck(step: { category: string; kind: string }): boolean {
  return step.category === 'assert' || (step.category === 'wait' && step.kind !== 'wait');
}
