import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { partitionChain } from '../../src/runtime/docker/netns-firewall.js';
import { docker, skipDocker, testImage } from '../support/docker-helpers.js';
import { cliEnv, runCli, startCli, testHome } from '../support/run-cli.js';

describe('scenario input errors (exit 2)', () => {
  const home = testHome();
  after(() => rmSync(home, { recursive: true, force: true }));

  test('a malformed scenario reports every problem with file:line before anything runs', async () => {
    const run = await runCli(['scenario', 'test/fixtures/malformed.yaml'], cliEnv(home, { DOCKER_HOST: 'unix:///nonexistent.sock' }));
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /test\/fixtures\/malformed\.yaml:1:\d+: 'name' must be lowercase/);
    assert.match(run.stderr, /test\/fixtures\/malformed\.yaml:4:\d+: step 1: unknown step kind 'kil'; valid kinds: kill, stop, start/);
    assert.match(run.stderr, /malformed\.yaml:5:\d+: step 2 \(wait-event\): 'timeout' must be a duration/);
    assert.match(run.stderr, /malformed\.yaml:6:\d+: step 3 \(assert-role\): unknown node 'redis-replica-7'/);
    assert.doesNotMatch(run.stderr, /Docker/, 'nothing ran: the daemon was never asked');
  });

  test('an unknown scenario name lists the built-ins', async () => {
    const run = await runCli(['scenario', 'kill-the-master'], cliEnv(home));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no scenario 'kill-the-master': not a built-in \(.*kill-master.*\)/);
  });
});

describe('a scenario interrupted with Ctrl-C', { skip: skipDocker }, () => {
  const home = testHome();
  const lab = 'itest-int';
  let env: NodeJS.ProcessEnv;
  before(async () => {
    env = cliEnv(home, { REDIS_HA_LAB_IMAGE: testImage() });
    const upRun = await runCli(['up', '--name', lab, '--port-base', '10379', '--quiet'], env);
    assert.equal(upRun.code, 0, upRun.stderr);
  });
  after(async () => {
    await runCli(['down', '--name', lab], env);
    rmSync(home, { recursive: true, force: true });
  });

  test('halfway leaves the lab that was up healed: no partition, nothing paused, healthy (exit 130)', async () => {
    const { child, done } = startCli(['scenario', 'test/fixtures/interrupt-me.yaml', '--name', lab], env);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        if (/wait 120 s/.test(stderr)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 130, run.stderr + run.stdout);
    assert.match(run.stdout, /interrupted/);
    assert.match(run.stdout, /restore: healed the partition, unpaused redis-replica-1/);

    for (const container of await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`io.redis-ha-lab.lab=${lab}`] }),
    })) {
      assert.equal(container.State, 'running', `${container.Names[0]} is ${container.State}`);
      const pid = (await docker.getContainer(container.Id).inspect()).State.Pid;
      const rules = execFileSync('nsenter', ['-t', String(pid), '-n', 'iptables', '-S', partitionChain], { encoding: 'utf8' });
      assert.doesNotMatch(rules, /DROP/, `${container.Names[0]} still has partition rules`);
    }
    const status = await runCli(['status', '--name', lab], env);
    assert.equal(status.code, 0, status.stdout);
  });
});
