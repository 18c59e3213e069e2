import type { LabNode, Topology } from '../../topology/topology.js';

/** Our own labels: `down` finds every container and network of a lab by `lab`. */
export const labLabel = 'io.redis-ha-lab.lab';
export const nodeLabel = 'io.redis-ha-lab.node';
export const kindLabel = 'io.redis-ha-lab.kind';

/** The compose network key; Docker compose names the network `<project>_<key>`. */
export const composeNetworkKey = 'lab';

export function networkName(lab: string): string {
  return `${lab}_${composeNetworkKey}`;
}

/**
 * Labels Docker compose puts on what it creates, so `docker compose -p <lab> ps` lists the containers `up`
 * made and `docker compose -p <lab> down` can remove them.
 */
export function containerLabels(topology: Topology, node: LabNode, labDir: string): Record<string, string> {
  return composeLabels(topology.name, node.name, node.kind, labDir);
}

function composeLabels(lab: string, service: string, kind: string, labDir: string): Record<string, string> {
  return {
    [labLabel]: lab,
    [nodeLabel]: service,
    [kindLabel]: kind,
    'com.docker.compose.project': lab,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.working_dir': labDir,
    'com.docker.compose.project.config_files': `${labDir}/compose.yaml`,
  };
}

/** A server's holder container (servers layout): found by `down` like the nodes, told apart by its kind. */
export function serverLabels(topology: Topology, server: string, labDir: string): Record<string, string> {
  return composeLabels(topology.name, server, serverKind, labDir);
}

export const serverKind = 'server';

export function networkLabels(lab: string): Record<string, string> {
  return {
    [labLabel]: lab,
    'com.docker.compose.project': lab,
    'com.docker.compose.network': composeNetworkKey,
  };
}

export function labFilter(lab: string): string {
  return JSON.stringify({ label: [`${labLabel}=${lab}`] });
}
