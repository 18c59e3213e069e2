import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { docker, labResources, skipDocker, testImage } from '../support/docker-helpers.js';
import { mastersOf, parseStatus, replicasOf, sentinelsOf } from '../support/lab-status-json.js';
import { eventually } from '../support/eventually.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

const labA = 'itest-a';
const labB = 'itest-b';
const labClash = 'itest-clash';

describe('a lab on Docker with real redis-sentinel', { skip: skipDocker }, () => {
  const home = testHome();
  let env: NodeJS.ProcessEnv;

  before(() => {
    env = cliEnv(home, { REDIS_HA_LAB_IMAGE: testImage() });
  });

  after(async () => {
    for (const lab of [labA, labB, labClash]) await runCli(['down', '--name', lab], env);
    rmSync(home, { recursive: true, force: true });
  });

  test('up boots a ready lab: one master, two linked replicas, three sentinels agreeing', async () => {
    const run = await runCli(['up', '--name', labA, '--port-base', '8379', '--down-after', '1000'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /healthy/);
    assert.match(run.stdout, /redis-cli -h 127\.0\.0\.1 -p 8379/);

    const status = await runCli(['status', '--name', labA, '--json'], env);
    assert.equal(status.code, 0, status.stdout);
    const lab = parseStatus(status.stdout);
    const masters = mastersOf(lab);
    assert.deepEqual(
      masters.map((m) => m.name),
      ['redis-master'],
    );
    const replicas = replicasOf(lab);
    assert.deepEqual(
      replicas.map((r) => [r.name, r.masterNode, r.master, r.link]),
      [
        ['redis-replica-1', 'redis-master', masters[0]!.address, 'up'],
        ['redis-replica-2', 'redis-master', masters[0]!.address, 'up'],
      ],
    );
    const sentinels = sentinelsOf(lab);
    assert.equal(sentinels.length, 3);
    for (const sentinel of sentinels) {
      assert.equal(sentinel.master, masters[0]!.address, `${sentinel.name} reports the master`);
      assert.equal(sentinel.numSlaves, 2);
      assert.equal(sentinel.numOtherSentinels, 2);
      assert.equal(sentinel.ckquorum?.ok, true);
    }
  });

  test('its ports are published on 127.0.0.1 only, and docker compose ps lists its containers', async () => {
    const info = await docker.getContainer(`${labA}-redis-master`).inspect();
    assert.deepEqual(info.HostConfig.PortBindings?.['6379/tcp'], [{ HostIp: '127.0.0.1', HostPort: '8379' }]);
    const composeFile = join(home, 'labs', labA, 'compose.yaml');
    const ids = execFileSync('docker-compose', ['-p', labA, '-f', composeFile, 'ps', '-q'], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(ids.length, 6);
  });

  test('a second lab with another --name runs beside the first', async () => {
    const run = await runCli(['up', '--name', labB, '--port-base', '9379', '--replicas', '1'], env);
    assert.equal(run.code, 0, run.stderr);
    for (const lab of [labA, labB]) {
      const status = await runCli(['status', '--name', lab, '--json'], env);
      assert.equal(status.code, 0, `${lab}: ${status.stdout}`);
    }
    assert.equal(replicasOf(parseStatus((await runCli(['status', '--name', labB, '--json'], env)).stdout)).length, 1);
  });

  test('up refuses a lab name that is already up, saying how to proceed (exit 2)', async () => {
    const run = await runCli(['up', '--name', labA, '--port-base', '10379'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /a lab named 'itest-a' is already up/);
    assert.match(run.stderr, /redis-ha-lab down --name itest-a/);
  });

  test('up refuses ports that are taken, names them and the flag to change, and leaves nothing (exit 2)', async () => {
    const run = await runCli(['up', '--name', labClash, '--port-base', '8379'], env);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /127\.0\.0\.1:8379/);
    assert.match(run.stderr, /--port-base/);
    assert.deepEqual(await labResources(labClash), { containers: [], networks: [] });
    assert.equal(existsSync(join(home, 'labs', labClash)), false);
  });

  test('docker stop of the master (its DNS name disappears) still leads to a new master', async () => {
    await docker.getContainer(`${labA}-redis-master`).stop({ t: 10 });
    await eventually('a new master agreed by all sentinels', async () => {
      const lab = parseStatus((await runCli(['status', '--name', labA, '--json'], env)).stdout);
      const masters = mastersOf(lab);
      const sentinels = sentinelsOf(lab);
      return masters.length === 1 && masters[0]!.name !== 'redis-master' && sentinels.every((s) => s.master === masters[0]!.address)
        ? true
        : undefined;
    });
  });

  test('down removes every container, network and file of the lab; a second down is a no-op', async () => {
    const run = await runCli(['down', '--name', labA], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /removed lab 'itest-a': 6 nodes, network itest-a_lab, its files/);
    assert.deepEqual(await labResources(labA), { containers: [], networks: [] });
    assert.equal(existsSync(join(home, 'labs', labA)), false);
    const again = await runCli(['down', '--name', labA], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /nothing to remove/);
  });
});
