import Dockerode from 'dockerode';
import { labFilter } from '../../src/runtime/docker/labels.js';

export const docker = new Dockerode();

/** Containers and networks that carry the lab's label: what `down` must leave at zero. */
export async function labResources(lab: string): Promise<{ containers: string[]; networks: string[] }> {
  const containers = await docker.listContainers({ all: true, filters: labFilter(lab) });
  const networks = await docker.listNetworks({ filters: labFilter(lab) });
  return { containers: containers.map((c) => c.Names[0] ?? c.Id), networks: networks.map((n) => n.Name) };
}

/**
 * Integration tests need a Docker daemon; they fail without one rather than skip, so a CI without Docker
 * cannot pass by testing nothing. REDIS_HA_LAB_SKIP_DOCKER=1 skips them on purpose.
 */
export const skipDocker = process.env.REDIS_HA_LAB_SKIP_DOCKER === '1' ? 'REDIS_HA_LAB_SKIP_DOCKER=1' : false;

/** The image the tests boot: the local one CI builds (npm run images:local), since no registry is reachable. */
/** The image engine sentinels run in during Docker tests (npm run images:local builds redis-ha-lab/node:local). */
export function testEngineImage(): string {
  const image = process.env.REDIS_HA_LAB_ENGINE_IMAGE;
  if (!image)
    throw new Error(
      'set REDIS_HA_LAB_ENGINE_IMAGE (e.g. redis-ha-lab/node:local from npm run images:local) to run the Docker engine tests',
    );
  return image;
}

export function testImage(): string {
  const image = process.env.REDIS_HA_LAB_IMAGE;
  if (!image) throw new Error('set REDIS_HA_LAB_IMAGE (e.g. redis-ha-lab/redis:local from npm run images:local) to run the Docker tests');
  return image;
}
