// The client drivers of a scenario run: checked, started before the first step, stopped after the restore,
// then judged one by one on the settled lab.
import type { Clock } from '../common/clock.js';
import { describeError, environmentError } from '../common/errors.js';
import { findFinalMaster, readKeys } from '../observe/final-master.js';
import type { LabIo } from '../observe/lab-io.js';
import type { TimelineEvent } from '../observe/timeline.js';
import type { Topology } from '../topology/topology.js';
import { sentinelNodes } from '../topology/topology.js';
import type { ExpectationResult } from '../traffic/expectations.js';
import type { DriverAvailability } from './builtin-drivers.js';
import { builtinDrivers, checkDriver } from './builtin-drivers.js';
import { judgeClientExpectations } from './client-expectations.js';
import type { ClientVerdict } from './client-verdict.js';
import { judgeClient } from './client-verdict.js';
import type { ClientFirewall } from './client-firewall.js';
import type { ClientsOptions } from './clients-options.js';
import type { SpawnDriver } from './driver-process.js';
import type { DriverRun, DriverSpec, RunningDriver } from './run-driver.js';
import { startDriver } from './run-driver.js';
import { masterHistory } from './master-history.js';

export interface ClientsRecord {
  options: ClientsOptions;
  /** Built-ins asked for with `all` that cannot run here, and why (what to install). */
  unavailable: { name: string; reason: string }[];
  runs: DriverRun[];
  verdicts: ClientVerdict[];
  expectations: ExpectationResult[];
  /** Why the writes could not be judged (no single final master, the master did not answer). */
  error?: string;
}

/** What partition steps do to clients: cut one off from some nodes (both ways, packets dropped), heal all. */
export interface ClientNetwork {
  cut(client: string, hosts: string[]): Promise<void>;
  heal(): Promise<void>;
}

export interface RunningClients {
  unavailable: ClientsRecord['unavailable'];
  /** Present when the clients run isolated (a partition step names one). */
  network?: ClientNetwork;
  stop(): Promise<DriverRun[]>;
}

/** The first group id of isolated clients: one per client, above the ids distributions give to groups. */
const firstClientGid = 47001;

/**
 * Checks the built-ins asked for, before the run touches the lab: one that was named and cannot run is an
 * environment error; with `all`, the ones that cannot run are reported and left out.
 */
export async function checkClientDrivers(options: ClientsOptions, spawn: SpawnDriver, clock: Clock): Promise<DriverAvailability[]> {
  const checked = await Promise.all(
    builtinDrivers()
      .filter((d) => options.builtins.includes(d.name))
      .map((d) => checkDriver(d, spawn, clock)),
  );
  const unavailable = unavailableOf(checked);
  if (unavailable.length > 0 && !options.all) {
    throw environmentError(
      `client driver${unavailable.length > 1 ? 's' : ''} not available here:\n${unavailable.map((u) => `  ${u.name}: ${u.reason}`).join('\n')}`,
    );
  }
  return checked;
}

function unavailableOf(checked: DriverAvailability[]): ClientsRecord['unavailable'] {
  return checked.flatMap((c) => (c.available ? [] : [{ name: c.driver.name, reason: c.reason }]));
}

/**
 * Starts every driver against the sentinels' announced addresses and waits for their hello lines.
 * Each driver gets its own key space under the run's id.
 */
export async function startClients(input: {
  options: ClientsOptions;
  /** What checkClientDrivers found. */
  checked: DriverAvailability[];
  topology: Topology;
  runId: string;
  spawn: SpawnDriver;
  clock: Clock;
  note: (message: string) => void;
  /** Needed when options.isolate: the host's firewall for this run. */
  firewall?: ClientFirewall;
}): Promise<RunningClients> {
  const { options, topology, checked } = input;
  const unavailable = unavailableOf(checked);
  for (const u of unavailable) input.note(`client ${u.name} not available: ${u.reason}`);

  const specs: DriverSpec[] = checked.filter((c) => c.available).map((c) => ({ name: c.driver.name, command: c.driver.command }));
  if (options.command) specs.push({ name: 'client-cmd', command: options.command });
  const sentinels = sentinelNodes(topology).map((s) => ({ host: s.address.host, port: s.address.port }));
  const gids = new Map(specs.map((spec, i) => [spec.name, firstClientGid + i]));
  const firewall = options.isolate ? input.firewall : undefined;
  if (options.isolate && !firewall) throw new Error('isolated clients need a firewall');
  await firewall?.prepare([...gids.values()]).catch(async (error: unknown) => {
    await firewall.remove().catch(() => undefined);
    throw error;
  });
  const running: RunningDriver[] = specs.map((spec) =>
    startDriver(
      spec,
      {
        sentinels,
        masterName: topology.masterName,
        ...(topology.password ? { password: topology.password } : {}),
        rate: options.rate,
        keyPrefix: `rhl:${input.runId}:${spec.name}:`,
        ops: options.ops,
        profile: options.profile,
      },
      { spawn: input.spawn, clock: input.clock, ...(firewall ? { gid: gids.get(spec.name)! } : {}) },
    ),
  );
  const hellos = await Promise.all(running.map((r) => r.hello));
  // The first fault comes once every client is attempting: a library still connecting would miss it.
  await Promise.all(running.map((r) => r.firstAttempt));
  hellos.forEach((hello, i) => {
    const name = specs[i]!.name;
    if (hello)
      input.note(
        `client ${name}: ${hello.library} ${hello.version}, ${hello.profile ?? options.profile} ${JSON.stringify(hello.settings ?? {})}`,
      );
    else input.note(`client ${name}: no hello line (${running[i]!.problems().join('; ') || 'see its problems in the report'})`);
  });
  const network: ClientNetwork | undefined = firewall && {
    async cut(client, hosts) {
      const gid = gids.get(client);
      // With `all`, a driver that cannot run here is reported as unavailable; there is nothing of it to cut off.
      if (gid === undefined && unavailable.some((u) => u.name === client)) return;
      if (gid === undefined) throw new Error(`no client named ${client} is running (${[...gids.keys()].join(', ')})`);
      await firewall.block(gid, hosts);
    },
    heal: () => firewall.clear(),
  };
  return {
    unavailable,
    ...(network ? { network } : {}),
    async stop() {
      try {
        return await Promise.all(running.map((r) => r.stop()));
      } finally {
        await firewall?.remove();
      }
    },
  };
}

/** Once the lab has settled: each client's verdict against the final master and the sentinels' history. */
export async function judgeClients(input: {
  options: ClientsOptions;
  unavailable: ClientsRecord['unavailable'];
  runs: DriverRun[];
  topology: Topology;
  io: LabIo;
  events: TimelineEvent[];
  faultAt: number;
  endedAt: number;
  initialMaster?: string;
}): Promise<ClientsRecord> {
  const { options, runs, topology } = input;
  const base = { options, unavailable: input.unavailable, runs };
  const keys = runs.flatMap((r) => r.attempts.filter((a) => a.op === 'write' && a.ok).map((a) => a.key));
  let stored = new Map<string, string | null>();
  let error: string | undefined;
  const final = await findFinalMaster(input.io, topology);
  if ('error' in final) error = final.error;
  else {
    try {
      stored = await readKeys(input.io, topology, final.node, keys);
    } catch (cause) {
      error = `could not read the clients' writes back from ${final.node.name}: ${describeError(cause)}`;
    }
  }
  const history = masterHistory(topology, input.initialMaster, input.events);
  const switchedAt = history.changes.find((c) => c.at >= input.faultAt)?.at;
  const verdicts = runs.map((run) =>
    judgeClient({ run, faultAt: input.faultAt, endedAt: input.endedAt, stored, wasMaster: (s, t) => history.wasMaster(s, t), switchedAt }),
  );
  // Without the final master's data, lost writes are unknown: thresholds on them fail rather than pass.
  if (error) for (const v of verdicts) v.lost = [];
  const expectations = verdicts.flatMap((v) =>
    judgeClientExpectations(options.expect, v).map((r) =>
      error && r.title.includes('lost') ? { ...r, ok: false, seen: `unknown: ${error}` } : r,
    ),
  );
  return { ...base, verdicts, expectations, ...(error ? { error } : {}) };
}
