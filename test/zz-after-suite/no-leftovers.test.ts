/**
 * Runs after the whole suite (node --test runs files in path order, and zz-after-suite sorts last): whatever the tests started, they stopped. No container
 * or network with the lab label, no lab process in a test home, no firewall chain of a lab.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import Dockerode from 'dockerode';

const labLabel = 'io.redis-ha-lab.lab';

test('no container or network of any lab is left', { skip: process.env.REDIS_HA_LAB_SKIP_DOCKER === '1' }, async () => {
  const docker = new Dockerode();
  const filters = JSON.stringify({ label: [labLabel] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  assert.deepEqual(
    containers.map((c) => c.Names[0]),
    [],
  );
  assert.deepEqual(
    networks.map((n) => n.Name),
    [],
  );
});

test('no redis process of a test lab is left running', () => {
  const prefix = `${tmpdir()}/redis-ha-lab-`;
  const left: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd.startsWith(prefix)) left.push(`${entry} in ${cwd}`);
    } catch {
      // gone, or a zombie (no cwd): not running
    }
  }
  assert.deepEqual(left, []);
});

test("no firewall chain of a lab or of a run's clients is left", () => {
  for (const table of ['filter', 'mangle']) {
    const rules = execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' });
    assert.deepEqual(
      rules.split('\n').filter((line) => /rhl-[0-9a-f]{10}/.test(line)),
      [],
      `iptables -t ${table}`,
    );
  }
});
