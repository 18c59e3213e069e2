import type { LabNode, Topology } from './topology.js';
import { redisNodes, sentinelNodes, serversOf } from './topology.js';

/**
 * How scenarios name nodes, so one file works whichever node is master when it starts:
 *   redis-master, redis-replica-2, redis-sentinel-1   a node by its name
 *   replica-2, sentinel-1                              the same, short
 *   master (or new-master)                             the node that is master now
 *   old-master                                         the node that was master when the scenario started
 *   replica                                            one current replica (the first in topology order)
 *   replica#2                                          the second current replica in topology order
 *   sentinel                                           the first sentinel
 *   replicas, sentinels, all                           groups: every current replica, every sentinel, every node
 *   server-a, server-b, ...                            servers layout: the nodes of one server (a group)
 *   server:<selector>                                  servers layout: the nodes of the server that holds a node,
 *                                                      e.g. server:master (a group)
 *   rest                                               in a partition: every node not in another group
 *   <alias>                                            a node an earlier step bound with `as: <alias>`
 */
export const roleSelectors = ['master', 'new-master', 'old-master', 'replica', 'sentinel'] as const;
export const groupSelectors = ['replicas', 'sentinels', 'all'] as const;
export const restSelector = 'rest';
export const serverOfPrefix = 'server:';

/** What a selector is resolved against at run time. */
export interface LabView {
  topology: Topology;
  /** Current role of every redis node ('down' when it does not answer). */
  roles: Map<string, 'master' | 'replica' | 'down'>;
  /** old-master and every `as:` binding, alias → node name. */
  aliases: Map<string, string>;
}

export type Resolution = { nodes: LabNode[] } | { error: string };

export function expandShortName(selector: string): string {
  const short = /^(replica|sentinel)-(\d+)$/.exec(selector);
  return short ? `redis-${short[1]}-${short[2]}` : selector;
}

/** Names an alias may not take: roles, groups, rest, replica#N and node names (long or short). */
export function isReservedName(name: string, topology: Topology): boolean {
  return (
    (roleSelectors as readonly string[]).includes(name) ||
    (groupSelectors as readonly string[]).includes(name) ||
    name === restSelector ||
    topology.nodes.some((n) => n.name === expandShortName(name) || n.server === name)
  );
}

/** Static check: does the selector make sense for this topology (and the aliases bound before it)? */
export function checkSelector(
  selector: string,
  topology: Topology,
  aliases: Set<string>,
  options: { group: boolean; rest?: boolean },
): string | undefined {
  if ((roleSelectors as readonly string[]).includes(selector) || aliases.has(selector) || /^replica#[1-9]\d*$/.test(selector))
    return undefined;
  if ((groupSelectors as readonly string[]).includes(selector)) {
    return options.group ? undefined : `'${selector}' names several nodes; this field takes one node`;
  }
  if (selector === restSelector) return options.rest ? undefined : `'rest' is only allowed in a partition group`;
  if (selector.startsWith(serverOfPrefix)) {
    if (topology.layout !== 'servers') return `'${selector}' needs the servers layout (layout: servers, or --layout servers)`;
    if (!options.group) return `'${selector}' names a server, which holds several nodes; this field takes one node`;
    return checkSelector(selector.slice(serverOfPrefix.length), topology, aliases, { group: false });
  }
  if (topology.nodes.some((n) => n.server === selector)) {
    return options.group ? undefined : `'${selector}' names a server, which holds several nodes; this field takes one node`;
  }
  const name = expandShortName(selector);
  if (topology.nodes.some((n) => n.name === name)) return undefined;
  const names = topology.nodes.map((n) => n.name).join(', ');
  return (
    `unknown node '${selector}': use a node name (${names}), a role (${roleSelectors.join(', ')}, replica#N)` +
    (options.group ? `, a group (${groupSelectors.join(', ')})` : '') +
    (options.group && topology.layout === 'servers'
      ? `, a server (${serversOf(topology)
          .map((s) => s.name)
          .join(', ')})`
      : '') +
    (aliases.size > 0 ? `, or an alias bound earlier (${[...aliases].join(', ')})` : '')
  );
}

/** Run time: the nodes a selector means now. */
export function resolveSelector(selector: string, view: LabView): Resolution {
  const { topology, roles } = view;
  const byName = (name: string) => topology.nodes.find((n) => n.name === name);
  const alias = view.aliases.get(selector);
  if (alias) return { nodes: [byName(alias)!] };
  if (selector.startsWith(serverOfPrefix)) {
    const inner = resolveSelector(selector.slice(serverOfPrefix.length), view);
    if ('error' in inner) return inner;
    const server = inner.nodes[0]!.server;
    return server ? { nodes: topology.nodes.filter((n) => n.server === server) } : { error: `${inner.nodes[0]!.name} is on no server` };
  }
  const currentReplicas = redisNodes(topology).filter((n) => roles.get(n.name) === 'replica');
  switch (selector) {
    case 'master':
    case 'new-master': {
      const masters = redisNodes(topology).filter((n) => roles.get(n.name) === 'master');
      if (masters.length !== 1) {
        return {
          error: `'${selector}' needs exactly one master, but ${masters.length === 0 ? 'no node' : masters.map((m) => m.name).join(' and ')} reports role:master`,
        };
      }
      return { nodes: masters };
    }
    case 'replica':
      return currentReplicas.length > 0 ? { nodes: [currentReplicas[0]!] } : { error: `'replica': no node reports role:slave right now` };
    case 'sentinel':
      return { nodes: [sentinelNodes(topology)[0]!] };
    case 'replicas':
      return currentReplicas.length > 0 ? { nodes: currentReplicas } : { error: `'replicas': no node reports role:slave right now` };
    case 'sentinels':
      return { nodes: sentinelNodes(topology) };
    case 'all':
      return { nodes: topology.nodes };
    case 'old-master':
      return { error: `'old-master' is not known: the scenario started without a single master` };
  }
  const nth = /^replica#(\d+)$/.exec(selector);
  if (nth) {
    const replica = currentReplicas[Number(nth[1]) - 1];
    return replica
      ? { nodes: [replica] }
      : {
          error: `'${selector}': only ${currentReplicas.length} node${currentReplicas.length === 1 ? '' : 's'} report${currentReplicas.length === 1 ? 's' : ''} role:slave right now`,
        };
  }
  const server = topology.nodes.filter((n) => n.server === selector);
  if (server.length > 0) return { nodes: server };
  const node = byName(expandShortName(selector));
  return node ? { nodes: [node] } : { error: `unknown node '${selector}'` };
}
