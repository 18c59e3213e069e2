/**
 * The classic hand-written compose lab (bench/classic-compose) as a contender of `npm run bench:labs`: booted with
 * `docker-compose up -d` and timed to the same readiness as `redis-ha-lab up` (assessLab finds nothing).
 *
 * Its nodes have no fixed addresses and its replicas follow the master by hostname, so before each probe the
 * topology takes the addresses Docker gave the containers, and a replica's `master_host:redis-master` is read as
 * the master's address: the rules that judge the lab are assessLab's own, unchanged.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import type { Clock } from '../src/common/clock.js';
import { packageRoot } from '../src/common/package-paths.js';
import { waitFor } from '../src/common/wait-for.js';
import { assessLab } from '../src/observe/assess-lab.js';
import type { LabIo } from '../src/observe/lab-io.js';
import type { Topology } from '../src/topology/topology.js';
import { formatAddress } from '../src/topology/topology.js';

export const classicComposeFile = join(packageRoot, 'bench', 'classic-compose', 'compose.yaml');
/** The image compose builds for the sentinels (their config copied in); removed by removeClassicImage. */
const sentinelImage = 'redis-ha-lab-classic-sentinel';

export interface ClassicLab {
  /** The compose project name (containers are `<project>_<service>_1`). */
  project: string;
  /** The lab as redis-ha-lab would boot it with the same names and published ports; its addresses are replaced. */
  topology: Topology;
}

/** The variables compose.yaml reads: the image, and the published ports of the topology. */
function composeEnv(lab: ClassicLab): NodeJS.ProcessEnv {
  const port = (name: string) => String(lab.topology.nodes.find((n) => n.name === name)?.published.port ?? '');
  return {
    ...process.env,
    REDIS_IMAGE: lab.topology.image,
    MASTER_PORT: port('redis-master'),
    REPLICA_1_PORT: port('redis-replica-1'),
    REPLICA_2_PORT: port('redis-replica-2'),
    SENTINEL_1_PORT: port('redis-sentinel-1'),
    SENTINEL_2_PORT: port('redis-sentinel-2'),
    SENTINEL_3_PORT: port('redis-sentinel-3'),
  };
}

function compose(lab: ClassicLab, ...args: string[]): void {
  execFileSync('docker-compose', ['-p', lab.project, '-f', classicComposeFile, ...args], { stdio: 'ignore', env: composeEnv(lab) });
}

/** Builds the sentinels' image once, outside the timings (a tutorial's `docker-compose build`). */
export function buildClassicImage(lab: ClassicLab): void {
  compose(lab, 'build', '-q');
}

export function removeClassicImage(docker: Dockerode): Promise<void> {
  return docker
    .getImage(sentinelImage)
    .remove()
    .then(
      () => undefined,
      () => undefined,
    );
}

/** Removes the lab's containers and network (nothing up is not an error). */
export function downClassic(lab: ClassicLab): void {
  compose(lab, 'down', '--volumes', '--timeout', '1');
}

/** `docker-compose up -d`, then waits until the lab is ready; the milliseconds from the command to ready. */
export async function timeClassicUp(
  lab: ClassicLab,
  deps: { docker: Dockerode; io: LabIo; clock: Clock; timeoutMs: number },
): Promise<number> {
  const start = performance.now();
  compose(lab, 'up', '-d');
  const topology = await withContainerAddresses(lab, deps.docker);
  const hostnames = new Map(topology.nodes.map((n) => [`${n.name}:${n.address.port}`, formatAddress(n.address)]));
  const outcome = await waitFor(
    async () => {
      const statuses = (await deps.io.probe(topology)).map((s) =>
        s.kind === 'redis' && s.master && hostnames.has(s.master) ? { ...s, master: hostnames.get(s.master) } : s,
      );
      const findings = assessLab(topology, statuses);
      return findings.length === 0 ? { done: true, value: true } : { done: false, pending: findings.map((f) => f.message) };
    },
    { clock: deps.clock, timeoutMs: deps.timeoutMs, intervalMs: 50 },
  );
  const elapsed = performance.now() - start;
  if (!outcome.ok) throw new Error(`classic compose lab not ready after ${deps.timeoutMs} ms: ${outcome.pending.join('; ')}`);
  return elapsed;
}

/** The topology with each node's address the one Docker gave its container on the compose network. */
async function withContainerAddresses(lab: ClassicLab, docker: Dockerode): Promise<Topology> {
  const nodes = await Promise.all(
    lab.topology.nodes.map(async (node) => {
      const info = await docker.getContainer(`${lab.project}_${node.name}_1`).inspect();
      const ip = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
      if (!ip) throw new Error(`${node.name}: its container has no address`);
      return { ...node, address: { ...node.address, host: ip } };
    }),
  );
  return { ...lab.topology, nodes };
}
