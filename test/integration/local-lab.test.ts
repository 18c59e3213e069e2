import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chainName } from '../../src/runtime/local/loopback-firewall.js';
import { mastersOf, parseStatus, replicasOf, sentinelsOf } from '../support/lab-status-json.js';
import { isRunning, labProcesses } from '../support/local-helpers.js';
import { cliEnv, runCli, startCli, testHome } from '../support/run-cli.js';
import { execFileSync } from 'node:child_process';

describe('a lab on the local runtime: real redis-server processes on loopback', () => {
  const home = testHome();
  const lab = 'itest-local';
  let env: NodeJS.ProcessEnv;
  before(() => {
    env = cliEnv(home);
  });
  after(async () => {
    for (const name of [lab, 'itest-local-killed', 'itest-local-killed2']) await runCli(['down', '--name', name], env);
    rmSync(home, { recursive: true, force: true });
  });

  test('up --runtime local boots a ready lab, each node on its own 127.x.y.z address with the usual ports', async () => {
    const run = await runCli(['up', '--runtime', 'local', '--name', lab, '--down-after', '1000'], env);
    assert.equal(run.code, 0, run.stderr);
    const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
    assert.equal(status.runtime, 'local');
    assert.equal(status.healthy, true, JSON.stringify(status.findings));
    assert.equal(mastersOf(status).length, 1);
    assert.equal(replicasOf(status).filter((r) => r.link === 'up').length, 2);
    assert.equal(sentinelsOf(status).length, 3);
    const hosts = new Set(status.nodes.map((n) => n.address.split(':')[0]));
    assert.equal(hosts.size, 6, 'six distinct loopback addresses');
    for (const node of status.nodes) {
      assert.match(node.address, /^127\.\d+\.\d+\.\d+:(6379|26379)$/);
      assert.equal(node.published, node.address, 'the host reaches a node where the others do');
    }
  });

  test('its processes outlive the CLI, live in the lab directory, and log there', async () => {
    const processes = labProcesses(join(home, 'labs', lab));
    assert.equal(processes.length, 6);
    const logs = await runCli(['logs', 'sentinel-1', '--name', lab, '--lines', '200'], env);
    assert.equal(logs.code, 0);
    assert.match(logs.stdout, /Sentinel ID is|monitor master mymaster/);
  });

  test("down stops exactly the lab's processes and removes its firewall chain and files", async () => {
    // A partition makes the lab's firewall chain; a brief one is enough (split-brain runs in builtin-scenarios).
    const partition = await runCli(['scenario', 'test/fixtures/partition-briefly.yaml', '--name', lab, '--json'], env, {
      timeoutMs: 120_000,
    });
    assert.equal(partition.code, 0, partition.stderr);
    const run = await runCli(['down', '--name', lab], env);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /removed lab 'itest-local': 6 nodes, firewall chain rhl-[0-9a-f]+, its files/);
    assert.deepEqual(labProcesses(join(home, 'labs', lab)), []);
    assert.equal(existsSync(join(home, 'labs', lab)), false);
    assert.throws(() => execFileSync('iptables', ['-S', chainName(lab)], { stdio: 'ignore' }), 'the chain is gone');
  });

  for (const then of ['up', 'down'] as const) {
    test(`a lab left behind by a killed up is found and removed by the next ${then}`, async () => {
      const name = then === 'up' ? 'itest-local-killed' : 'itest-local-killed2';
      const { child, done } = startCli(['up', '--runtime', 'local', '--name', name], env);
      await new Promise<void>((resolve) => {
        let stderr = '';
        child.stderr!.on('data', (chunk) => {
          stderr += chunk;
          // Every process spawned and not all answering yet: the last phase waits.
          if (/Start 2 replicas and 3 sentinels\n› waiting/.test(stderr)) resolve();
        });
        child.on('close', () => resolve());
      });
      child.kill('SIGKILL');
      await done;
      const left = labProcesses(join(home, 'labs', name));
      assert.ok(left.length >= 3, `the killed up left processes behind (${left.length})`);

      const next = await runCli(then === 'up' ? ['up', '--runtime', 'local', '--name', name] : ['down', '--name', name], env);
      assert.equal(next.code, 0, next.stderr);
      if (then === 'up') {
        assert.match(next.stderr, /removed what an interrupted 'up' had left of lab 'itest-local-killed'/);
        for (const pid of left) assert.equal(isRunning(pid), false, `old process ${pid} is gone`);
        assert.equal(labProcesses(join(home, 'labs', name)).length, 6);
      } else {
        assert.deepEqual(labProcesses(join(home, 'labs', name)), []);
      }
    });
  }
});

describe('the local runtime without redis-server', () => {
  const home = testHome();
  after(() => rmSync(home, { recursive: true, force: true }));

  test('says how to get it (exit 3), and auto without Docker says how to get either', async () => {
    const env = cliEnv(home, { PATH: '/nonexistent', DOCKER_HOST: 'unix:///nonexistent.sock' });
    const local = await runCli(['up', '--runtime', 'local', '--name', 'itest-nobin'], env);
    assert.equal(local.code, 3, local.stderr);
    assert.match(
      local.stderr,
      /the local runtime needs a Redis or Valkey server, and found neither redis-server nor valkey-server on PATH/,
    );
    assert.match(local.stderr, /--redis-server PATH/);
    assert.match(local.stderr, /apt-get install redis-server redis-sentinel/);
    const auto = await runCli(['up', '--name', 'itest-nobin'], env);
    assert.equal(auto.code, 3, auto.stderr);
    assert.match(auto.stderr, /no runtime to run the lab on:\n {2}- Docker: cannot reach the Docker daemon/);
  });
});
