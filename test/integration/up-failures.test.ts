import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { labResources, skipDocker, testImage } from '../support/docker-helpers.js';
import { cliEnv, runCli, startCli, testHome } from '../support/run-cli.js';

describe('up when things go wrong', () => {
  const home = testHome();
  after(() => rmSync(home, { recursive: true, force: true }));

  test('--runtime docker with an unreachable daemon is an environment error that says what was tried and how to fix it (exit 3)', async () => {
    const run = await runCli(
      ['up', '--runtime', 'docker', '--name', 'itest-nodaemon'],
      cliEnv(home, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /cannot reach the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock/);
    assert.match(run.stderr, /DOCKER_HOST/);
    assert.equal(existsSync(join(home, 'labs', 'itest-nodaemon')), false);
  });

  test('status of a lab that is not up says so and how to start one (exit 2)', async () => {
    const run = await runCli(['status', '--name', 'itest-none'], cliEnv(home));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no lab named 'itest-none' is up/);
  });

  test('an unknown flag is a usage error (exit 2)', async () => {
    const run = await runCli(['up', '--replica', '3'], cliEnv(home));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--replica'/);
  });

  test('Ctrl-C during up removes everything it had created (exit 130)', { skip: skipDocker }, async () => {
    const lab = 'itest-sigint';
    const env = cliEnv(home, { REDIS_HA_LAB_IMAGE: testImage() });
    const { child, done } = startCli(['up', '--name', lab, '--port-base', '11379'], env);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        // Interrupt once the containers exist and the master is starting: the worst moment to leave orphans.
        if (/Start redis-master/.test(stderr)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGINT');
    const run = await done;
    try {
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stderr, /interrupted/);
      assert.deepEqual(await labResources(lab), { containers: [], networks: [] });
      assert.equal(existsSync(join(home, 'labs', lab)), false);
    } finally {
      await runCli(['down', '--name', lab], env);
    }
  });
});
