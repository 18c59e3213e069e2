import Dockerode from 'dockerode';
import { traceDockerCalls } from './docker-call-timings.js';
import { DockerRuntime } from './docker-runtime.js';

/**
 * A Docker runtime for the daemon the environment points at (DOCKER_HOST, else the local socket). With
 * REDIS_HA_LAB_TIMINGS set, every Docker API call is timed on stderr.
 */
export function createDockerRuntime(env: NodeJS.ProcessEnv = process.env): DockerRuntime {
  const docker = new Dockerode();
  if (env.REDIS_HA_LAB_TIMINGS) traceDockerCalls(docker, (line) => void process.stderr.write(`${line}\n`));
  const described = env.DOCKER_HOST?.trim() || 'unix:///var/run/docker.sock';
  return new DockerRuntime(docker, described);
}
