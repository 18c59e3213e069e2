import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/common/package-paths.js';
import { skipDocker, testImage } from '../support/docker-helpers.js';
import { eventually } from '../support/eventually.js';
import { cliEnv, runCli, startCli, testHome } from '../support/run-cli.js';
import { TmuxSession } from '../support/tmux.js';

const bin = join(packageRoot, 'bin', 'redis-ha-lab.js');

describe('watch, during kill-master', () => {
  const home = testHome();
  const lab = 'itest-watch';
  let env: NodeJS.ProcessEnv;
  before(async () => {
    env = cliEnv(home);
    const run = await runCli(['up', '--runtime', 'local', '--name', lab, '--down-after', '1000', '--quiet'], env);
    assert.equal(run.code, 0, run.stderr);
  });
  after(async () => {
    await runCli(['down', '--name', lab], env);
    rmSync(home, { recursive: true, force: true });
  });

  test('in a real terminal: the master line changes and +switch-master appears in the feed; Ctrl-C restores the terminal', async () => {
    const command = `cd ${packageRoot} && REDIS_HA_LAB_HOME=${home} ${process.execPath} ${bin} watch --name ${lab}; echo WATCH-EXIT=$?; sleep 30`;
    const tmux = TmuxSession.start('rhl-watch-test', command);
    try {
      const before = await tmux.waitFor(/redis-master\s+master/, 10_000);
      assert.match(before, /redis-sentinel-1\s+sentinel\s+reports redis-master/);
      const scenario = await runCli(['scenario', 'kill-master', '--name', lab, '--quiet'], env, { timeoutMs: 120_000 });
      assert.equal(scenario.code, 0, scenario.stdout);
      const during = await tmux.waitFor(/redis-replica-\d\s+master/, 10_000);
      assert.match(during, /redis-sentinel-\d\s+\+switch-master mymaster/);
      assert.match(during, /\[redis-master → redis-replica-\d\]/);
      tmux.keys('C-c');
      const afterwards = await tmux.waitFor(/WATCH-EXIT=0/, 10_000);
      assert.doesNotMatch(afterwards, /Sentinel events/, 'the alternate screen is gone, the terminal is as it was');
    } finally {
      tmux.kill();
    }
  });

  test('as JSON lines: a node change to master and the +switch-master events', async () => {
    const { child, done } = startCli(['watch', '--name', lab, '--json'], env);
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    // watch is watching once it has printed the nodes as it first sees them.
    await eventually('watch to print the nodes', () => (stdout.includes('"type":"node"') ? true : undefined), { timeoutMs: 10_000 });
    const scenario = await runCli(['scenario', 'kill-master', '--name', lab, '--quiet'], env, { timeoutMs: 120_000 });
    assert.equal(scenario.code, 0, scenario.stdout);
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 0, run.stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const initialMaster = lines.find((l) => l.type === 'node' && l.role === 'master')!.name;
    assert.ok(
      lines.some((l) => l.type === 'node' && l.role === 'master' && l.name !== initialMaster),
      'another node became master',
    );
    assert.ok(lines.some((l) => l.type === 'event' && l.name === '+switch-master' && String(l.source).startsWith('redis-sentinel-')));
    assert.ok(lines.every((l) => typeof l.at === 'string'));
  });
});

for (const runtime of ['docker', 'local'] as const) {
  for (const password of [undefined, 'w0rkshop']) {
    describe(`cli on ${runtime}, ${password ? 'with' : 'without'} a password`, { skip: runtime === 'docker' ? skipDocker : false }, () => {
      const home = testHome();
      const lab = `itest-cli-${runtime}${password ? '-pw' : ''}`;
      let env: NodeJS.ProcessEnv;
      before(async () => {
        env = cliEnv(home, { REDIS_HA_LAB_IMAGE: runtime === 'docker' ? testImage() : '' });
        const flags = ['up', '--runtime', runtime, '--name', lab, '--port-base', password ? '11379' : '12379', '--quiet'];
        const run = await runCli(password ? [...flags, '--password', password] : flags, env);
        assert.equal(run.code, 0, run.stderr);
      });
      after(async () => {
        await runCli(['down', '--name', lab], env);
        rmSync(home, { recursive: true, force: true });
      });

      test('runs commands on nodes named by role or name, with the right address and credentials', async () => {
        const cli = (...words: string[]) => runCli(['cli', '--name', lab, ...words], env);
        assert.equal((await cli('master', 'SET', 'greeting', 'hello')).stdout, 'OK\n');
        assert.equal((await cli('master', 'WAIT', '2', '2000')).stdout, '2\n');
        assert.equal((await cli('replica-1', 'GET', 'greeting')).stdout, 'hello\n');
        assert.equal((await cli('replica#2', 'GET', 'greeting')).stdout, 'hello\n');
        const addr = await cli('sentinel-1', 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster');
        assert.match(addr.stdout, /^\d+\.\d+\.\d+\.\d+\n6379\n$/);
        const error = await cli('master', 'LPUSH', 'greeting', 'x');
        assert.equal(error.code, 1);
        assert.match(error.stdout, /^\(error\) WRONGTYPE/);
        const unknown = await cli('redis-replica-9', 'PING');
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /unknown node 'redis-replica-9'/);
      });

      if (runtime === 'local') {
        test('with no command, opens an interactive redis-cli on the node', async () => {
          const tmux = TmuxSession.start(
            `rhl-cli-${password ? 'pw' : 'nopw'}`,
            `REDIS_HA_LAB_HOME=${home} ${process.execPath} ${bin} cli --name ${lab} master; echo CLI-EXIT=$?; sleep 30`,
            { width: 120, height: 20 },
          );
          try {
            await tmux.waitFor(/127\.\d+\.\d+\.\d+:6379>/, 10_000);
            tmux.keys('GET greeting', 'Enter');
            await tmux.waitFor(/"hello"/, 5000);
            tmux.keys('C-d');
            await tmux.waitFor(/CLI-EXIT=0/, 5000);
          } finally {
            tmux.kill();
          }
        });
      }
    });
  }
}
