import { createHash } from 'node:crypto';
import { parseSubnet24 } from './lab-options.js';
import type { Topology } from './topology.js';

/**
 * Local processes have no network of their own, so each node gets its own loopback address, like a separate
 * host with the usual ports (127.a.b.10:6379 for the master, 127.a.b.41:26379 for the first sentinel). On Linux
 * every 127.x.y.z address answers on `lo` without any setup. The host reaches nodes at the same address.
 */
export function toLoopbackLayout(topology: Topology, subnet: string): Topology {
  const octets = parseSubnet24(subnet);
  if (!octets || octets[0] !== 127) throw new Error(`not a loopback /24: ${subnet}`);
  const prefix = octets.join('.');
  return {
    ...topology,
    subnet,
    nodes: topology.nodes.map((node) => {
      const address = { host: `${prefix}.${node.address.host.split('.')[3]}`, port: node.address.port };
      return { ...node, address, published: address };
    }),
  };
}

/**
 * Where only 127.0.0.1 is on loopback (macOS), every node listens there on a distinct port: the ports the
 * Docker layout publishes (--port-base).
 */
export function toSharedLoopbackLayout(topology: Topology): Topology {
  return {
    ...topology,
    subnet: '127.0.0.0/24',
    nodes: topology.nodes.map((node) => ({ ...node, address: { ...node.published }, published: { ...node.published } })),
  };
}

/** A stable loopback /24 per lab name, away from 127.0.0.0/24 where other local services usually listen. */
export function defaultLoopbackSubnet(name: string, attempt = 0): string {
  const hash = createHash('sha1').update(`${name}/${attempt}`).digest();
  return `127.${1 + (hash[0]! % 254)}.${hash[1]!}.0/24`;
}
