import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabView } from '../../src/topology/node-selector.js';
import { checkSelector, expandShortName, resolveSelector } from '../../src/topology/node-selector.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import type { Topology } from '../../src/topology/topology.js';

type Role = 'master' | 'replica' | 'down';

/** The classic lab: redis-master, redis-replica-1..2, redis-sentinel-1..3. */
const classic = buildTopology(parseLabOptions({}, {}));

function view(roles: Record<string, Role>, aliases: Record<string, string> = {}, topology: Topology = classic): LabView {
  return { topology, roles: new Map(Object.entries(roles)), aliases: new Map(Object.entries(aliases)) };
}

/** The node names a selector resolves to, or the error it gives as `error: ...`. */
function resolved(selector: string, lab: LabView): string[] | string {
  const resolution = resolveSelector(selector, lab);
  return 'error' in resolution ? `error: ${resolution.error}` : resolution.nodes.map((n) => n.name);
}

const sentinels = ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'];

describe('resolveSelector', () => {
  const atBoot = view(
    { 'redis-master': 'master', 'redis-replica-1': 'replica', 'redis-replica-2': 'replica' },
    { 'old-master': 'redis-master' },
  );
  const afterFailover = view(
    { 'redis-master': 'down', 'redis-replica-1': 'replica', 'redis-replica-2': 'master' },
    { 'old-master': 'redis-master', victim: 'redis-replica-1' },
  );
  const afterRejoin = view(
    { 'redis-master': 'replica', 'redis-replica-1': 'master', 'redis-replica-2': 'replica' },
    { 'old-master': 'redis-master' },
  );

  const cases: { title: string; lab: LabView; selector: string; expected: string[] | string | RegExp }[] = [
    { title: 'master at boot', lab: atBoot, selector: 'master', expected: ['redis-master'] },
    { title: 'new-master is the current master too', lab: atBoot, selector: 'new-master', expected: ['redis-master'] },
    { title: 'replica is the first replica', lab: atBoot, selector: 'replica', expected: ['redis-replica-1'] },
    { title: 'replica#1', lab: atBoot, selector: 'replica#1', expected: ['redis-replica-1'] },
    { title: 'replica#2', lab: atBoot, selector: 'replica#2', expected: ['redis-replica-2'] },
    {
      title: 'replica#3 with two replicas',
      lab: atBoot,
      selector: 'replica#3',
      expected: "error: 'replica#3': only 2 nodes report role:slave right now",
    },
    { title: 'replicas', lab: atBoot, selector: 'replicas', expected: ['redis-replica-1', 'redis-replica-2'] },
    { title: 'sentinel is the first sentinel', lab: atBoot, selector: 'sentinel', expected: ['redis-sentinel-1'] },
    { title: 'sentinels', lab: atBoot, selector: 'sentinels', expected: sentinels },
    { title: 'all', lab: atBoot, selector: 'all', expected: ['redis-master', 'redis-replica-1', 'redis-replica-2', ...sentinels] },
    { title: 'a full node name', lab: atBoot, selector: 'redis-replica-2', expected: ['redis-replica-2'] },
    { title: 'a short replica name', lab: atBoot, selector: 'replica-2', expected: ['redis-replica-2'] },
    { title: 'a short sentinel name', lab: atBoot, selector: 'sentinel-3', expected: ['redis-sentinel-3'] },
    { title: 'an unknown node', lab: atBoot, selector: 'redis-replica-7', expected: "error: unknown node 'redis-replica-7'" },
    { title: 'an unknown short name', lab: atBoot, selector: 'sentinel-4', expected: "error: unknown node 'sentinel-4'" },
    { title: 'master after a failover', lab: afterFailover, selector: 'master', expected: ['redis-replica-2'] },
    { title: 'new-master after a failover', lab: afterFailover, selector: 'new-master', expected: ['redis-replica-2'] },
    { title: 'old-master after a failover', lab: afterFailover, selector: 'old-master', expected: ['redis-master'] },
    { title: 'a name still means that node after a failover', lab: afterFailover, selector: 'redis-master', expected: ['redis-master'] },
    {
      title: 'replicas leaves out the down node and the new master',
      lab: afterFailover,
      selector: 'replicas',
      expected: ['redis-replica-1'],
    },
    { title: 'replica after a failover', lab: afterFailover, selector: 'replica', expected: ['redis-replica-1'] },
    {
      title: 'replica#2 after a failover',
      lab: afterFailover,
      selector: 'replica#2',
      expected: /^error: 'replica#2': only 1 nodes? reports? role:slave right now$/,
    },
    { title: 'an alias bound by a step', lab: afterFailover, selector: 'victim', expected: ['redis-replica-1'] },
    {
      title: 'all still lists every node',
      lab: afterFailover,
      selector: 'all',
      expected: ['redis-master', 'redis-replica-1', 'redis-replica-2', ...sentinels],
    },
    { title: 'the rejoined old master is a replica, first by name', lab: afterRejoin, selector: 'replica#1', expected: ['redis-master'] },
    { title: 'replica#2 after the rejoin', lab: afterRejoin, selector: 'replica#2', expected: ['redis-replica-2'] },
    { title: 'replicas after the rejoin', lab: afterRejoin, selector: 'replicas', expected: ['redis-master', 'redis-replica-2'] },
    { title: 'master after the rejoin', lab: afterRejoin, selector: 'master', expected: ['redis-replica-1'] },
  ];
  for (const { title, lab, selector, expected } of cases) {
    test(`${title}: ${selector}`, () => {
      const actual = resolved(selector, lab);
      if (expected instanceof RegExp) assert.match(String(actual), expected);
      else assert.deepEqual(actual, expected);
    });
  }

  const masters: { title: string; roles: Record<string, Role>; selector: string; expected: string | RegExp }[] = [
    {
      title: 'no master',
      roles: { 'redis-master': 'down', 'redis-replica-1': 'replica', 'redis-replica-2': 'replica' },
      selector: 'master',
      expected: "error: 'master' needs exactly one master, but no node reports role:master",
    },
    {
      title: 'two masters (split brain)',
      roles: { 'redis-master': 'master', 'redis-replica-1': 'master', 'redis-replica-2': 'replica' },
      selector: 'master',
      expected: /^error: 'master' needs exactly one master, but redis-master and redis-replica-1 reports? role:master$/,
    },
    {
      title: 'two masters, asked as new-master',
      roles: { 'redis-master': 'master', 'redis-replica-1': 'replica', 'redis-replica-2': 'master' },
      selector: 'new-master',
      expected: /^error: 'new-master' needs exactly one master, but redis-master and redis-replica-2 reports? role:master$/,
    },
    {
      title: 'no replica answers',
      roles: { 'redis-master': 'master', 'redis-replica-1': 'down', 'redis-replica-2': 'down' },
      selector: 'replica',
      expected: "error: 'replica': no node reports role:slave right now",
    },
    {
      title: 'old-master when the run started without a single master',
      roles: { 'redis-master': 'master', 'redis-replica-1': 'replica', 'redis-replica-2': 'replica' },
      selector: 'old-master',
      expected: "error: 'old-master' is not known: the scenario started without a single master",
    },
  ];
  for (const { title, roles, selector, expected } of masters) {
    test(`error: ${title}`, () => {
      const actual = resolved(selector, view(roles));
      if (expected instanceof RegExp) assert.match(String(actual), expected);
      else assert.equal(actual, expected);
    });
  }

  test('replica#N counts replicas in node order, so replica#2 is redis-replica-2 even with ten or more replicas', () => {
    const big = buildTopology(parseLabOptions({ replicas: '11' }, {}));
    const roles: Record<string, Role> = { 'redis-master': 'master' };
    for (let i = 1; i <= 11; i++) roles[`redis-replica-${i}`] = 'replica';
    const lab = view(roles, {}, big);
    assert.deepEqual(resolved('replica#2', lab), ['redis-replica-2']);
    assert.deepEqual(resolved('replica#10', lab), ['redis-replica-10']);
    assert.deepEqual(resolved('replica#11', lab), ['redis-replica-11']);
    assert.deepEqual(resolved('replica-11', lab), ['redis-replica-11']);
  });

  test('resolved nodes are the topology nodes, with their addresses', () => {
    const resolution = resolveSelector('replica-1', view({ 'redis-master': 'master' }));
    assert.ok('nodes' in resolution);
    assert.equal(
      resolution.nodes[0],
      classic.nodes.find((n) => n.name === 'redis-replica-1'),
    );
    assert.equal(resolution.nodes[0]!.kind, 'redis');
  });
});

describe('checkSelector', () => {
  const one = { group: false };
  const group = { group: true };
  const partition = { group: true, rest: true };
  const none = new Set<string>();

  const valid: { selector: string; options: { group: boolean; rest?: boolean }; aliases?: string[] }[] = [
    { selector: 'master', options: one },
    { selector: 'new-master', options: one },
    { selector: 'old-master', options: one },
    { selector: 'replica', options: one },
    { selector: 'sentinel', options: one },
    { selector: 'replica#1', options: one },
    { selector: 'replica#12', options: one },
    { selector: 'replicas', options: group },
    { selector: 'sentinels', options: group },
    { selector: 'all', options: group },
    { selector: 'rest', options: partition },
    { selector: 'redis-master', options: one },
    { selector: 'redis-replica-2', options: one },
    { selector: 'replica-2', options: one },
    { selector: 'sentinel-1', options: one },
    { selector: 'redis-sentinel-3', options: one },
    { selector: 'victim', options: one, aliases: ['victim'] },
  ];
  for (const { selector, options, aliases } of valid) {
    test(`'${selector}' is valid${options.group ? ' where a group is allowed' : ''}`, () => {
      assert.equal(checkSelector(selector, classic, new Set(aliases ?? []), options), undefined);
    });
  }

  const names = 'redis-master, redis-replica-1, redis-replica-2, redis-sentinel-1, redis-sentinel-2, redis-sentinel-3';
  const roles = 'master, new-master, old-master, replica, sentinel, replica#N';
  const invalid: { selector: string; options: { group: boolean; rest?: boolean }; aliases?: Set<string>; message: string }[] = [
    { selector: 'replicas', options: one, message: "'replicas' names several nodes; this field takes one node" },
    { selector: 'sentinels', options: one, message: "'sentinels' names several nodes; this field takes one node" },
    { selector: 'all', options: one, message: "'all' names several nodes; this field takes one node" },
    { selector: 'rest', options: one, message: "'rest' is only allowed in a partition group" },
    { selector: 'rest', options: group, message: "'rest' is only allowed in a partition group" },
    { selector: 'redis-replica-7', options: one, message: `unknown node 'redis-replica-7': use a node name (${names}), a role (${roles})` },
    {
      selector: 'replica-3',
      options: group,
      message: `unknown node 'replica-3': use a node name (${names}), a role (${roles}), a group (replicas, sentinels, all)`,
    },
    { selector: 'sentinel-4', options: one, message: `unknown node 'sentinel-4': use a node name (${names}), a role (${roles})` },
    { selector: 'replica#0', options: one, message: `unknown node 'replica#0': use a node name (${names}), a role (${roles})` },
    { selector: 'Master', options: one, message: `unknown node 'Master': use a node name (${names}), a role (${roles})` },
    {
      selector: 'victm',
      options: one,
      aliases: new Set(['victim', 'preferred']),
      message: `unknown node 'victm': use a node name (${names}), a role (${roles}), or an alias bound earlier (victim, preferred)`,
    },
  ];
  for (const { selector, options, aliases, message } of invalid) {
    test(`'${selector}' is rejected${options.group ? ' even where a group is allowed' : ''}`, () => {
      assert.equal(checkSelector(selector, classic, aliases ?? none, options), message);
    });
  }

  test('the node names come from the topology: a third replica exists only when asked for', () => {
    const three = buildTopology(parseLabOptions({ replicas: '3' }, {}));
    assert.equal(checkSelector('replica-3', three, none, one), undefined);
    assert.match(checkSelector('replica-3', classic, none, one) ?? '', /^unknown node 'replica-3'/);
  });
});

describe('expandShortName', () => {
  const cases: [string, string][] = [
    ['replica-1', 'redis-replica-1'],
    ['replica-12', 'redis-replica-12'],
    ['sentinel-2', 'redis-sentinel-2'],
    ['redis-replica-1', 'redis-replica-1'],
    ['master', 'master'],
    ['replica', 'replica'],
    ['replica-x', 'replica-x'],
    ['replica#2', 'replica#2'],
  ];
  for (const [selector, expected] of cases) {
    test(`${selector} → ${expected}`, () => {
      assert.equal(expandShortName(selector), expected);
    });
  }
});

describe('the servers layout', () => {
  const servers = buildTopology(parseLabOptions({ layout: 'servers', subnet: '172.30.5.0/24' }, {}));
  const fiveSentinels = buildTopology(parseLabOptions({ layout: 'servers', sentinels: '5', quorum: '3' }, {}));

  test('each server holds one redis and one sentinel on one address; extra sentinels get servers of their own', () => {
    const placement = servers.nodes.map((n) => `${n.server} ${n.name} ${n.address.host}:${n.address.port}`);
    assert.deepEqual(placement, [
      'server-a redis-master 172.30.5.10:6379',
      'server-b redis-replica-1 172.30.5.11:6379',
      'server-c redis-replica-2 172.30.5.12:6379',
      'server-a redis-sentinel-1 172.30.5.10:26379',
      'server-b redis-sentinel-2 172.30.5.11:26379',
      'server-c redis-sentinel-3 172.30.5.12:26379',
    ]);
    assert.equal(servers.layout, 'servers');
    const sentinelOnly = fiveSentinels.nodes.filter((n) => n.server === 'server-e').map((n) => n.name);
    assert.deepEqual(sentinelOnly, ['redis-sentinel-5']);
    assert.equal(
      classic.nodes.some((n) => n.server),
      false,
      'the nodes layout has no servers',
    );
  });

  test('server-a names its nodes, server:<node> the server that holds a node now', () => {
    const afterFailover = view(
      { 'redis-master': 'down', 'redis-replica-1': 'master', 'redis-replica-2': 'replica' },
      { 'old-master': 'redis-master' },
      servers,
    );
    assert.deepEqual(resolved('server-a', afterFailover), ['redis-master', 'redis-sentinel-1']);
    assert.deepEqual(resolved('server:master', afterFailover), ['redis-replica-1', 'redis-sentinel-2']);
    assert.deepEqual(resolved('server:old-master', afterFailover), ['redis-master', 'redis-sentinel-1']);
  });

  test('static checks: a server is a group, server:<node> needs the servers layout', () => {
    assert.equal(checkSelector('server-b', servers, new Set(), { group: true }), undefined);
    assert.equal(checkSelector('server:master', servers, new Set(), { group: true }), undefined);
    assert.match(checkSelector('server-b', servers, new Set(), { group: false }) ?? '', /names a server, which holds several nodes/);
    assert.match(checkSelector('server:master', classic, new Set(), { group: true }) ?? '', /needs the servers layout/);
    assert.match(checkSelector('server:mastr', servers, new Set(), { group: true }) ?? '', /unknown node 'mastr'/);
    assert.match(checkSelector('server-x', servers, new Set(), { group: true }) ?? '', /a server \(server-a, server-b, server-c\)/);
  });
});
