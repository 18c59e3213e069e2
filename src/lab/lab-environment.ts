import type { ClientFirewall } from '../clients/client-firewall.js';
import { hostClientFirewall } from '../clients/client-firewall.js';
import type { SpawnDriver } from '../clients/driver-process.js';
import { spawnDriver } from '../clients/driver-process.js';
import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import type { LabIo } from '../observe/lab-io.js';
import { createLabIo } from '../observe/lab-io.js';
import { createDockerRuntime } from '../runtime/docker/create-docker-runtime.js';
import { LocalRuntime } from '../runtime/local/local-runtime.js';
import type { RuntimeFactory } from '../runtime/select-runtime.js';
import type { StartTraffic } from '../traffic/traffic-client.js';
import { startTraffic } from '../traffic/traffic-client.js';
import { LabStore, labsHome } from './lab-store.js';

/** What `up` and `runScenario` need from the world: lab files, clock, network, Docker and processes. */
export interface LabEnvironment {
  store: LabStore;
  clock: Clock;
  io: LabIo;
  runtimes: RuntimeFactory;
  startTraffic: StartTraffic;
  /** Starts client drivers (programs that speak docs/CLIENTS.md). */
  spawnDriver: SpawnDriver;
  /** The host's firewall for clients a partition cuts off (see clients/client-firewall.ts), one per run. */
  clientFirewall: (runId: string) => ClientFirewall;
  /** Aborting it stops what runs (Ctrl-C): `up` removes what it created, a scenario restores the lab. */
  signal: AbortSignal;
}

/** The real world, with lab files under `home` (default $REDIS_HA_LAB_HOME or ~/.redis-ha-lab). */
export function labEnvironment(options: { home?: string; signal?: AbortSignal } = {}): LabEnvironment {
  const store = new LabStore(options.home ?? labsHome());
  return {
    store,
    clock: systemClock,
    io: createLabIo(systemClock),
    runtimes: { docker: () => createDockerRuntime(), local: (programs) => new LocalRuntime(store, systemClock, programs) },
    startTraffic,
    spawnDriver,
    clientFirewall: hostClientFirewall,
    signal: options.signal ?? new AbortController().signal,
  };
}
