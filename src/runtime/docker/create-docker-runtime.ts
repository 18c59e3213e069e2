import Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime.js';

/** A Docker runtime for the daemon the environment points at (DOCKER_HOST, else the local socket). */
export function createDockerRuntime(env: NodeJS.ProcessEnv = process.env): DockerRuntime {
  const docker = new Dockerode();
  const described = env.DOCKER_HOST?.trim() || 'unix:///var/run/docker.sock';
  return new DockerRuntime(docker, described);
}
