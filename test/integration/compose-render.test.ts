import assert from 'node:assert/strict';
import { createLabIo } from '../../src/observe/lab-io.js';
import { waitUntilHealthy } from '../../src/observe/wait-healthy.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { systemClock } from '../../src/common/clock.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { parseLabOptions } from '../../src/topology/lab-options.js';
import { labResources, skipDocker, testImage } from '../support/docker-helpers.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

for (const layout of ['nodes', 'servers'] as const) {
  const lab = `itest-compose-${layout}`;

  describe(`the rendered compose file, layout ${layout}`, { skip: skipDocker }, () => {
    const home = testHome();
    const out = mkdtempSync(join(tmpdir(), 'redis-ha-lab-render-'));
    const compose = (...args: string[]) =>
      execFileSync('docker-compose', ['-p', lab, '-f', join(out, 'compose.yaml'), ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });

    after(() => {
      try {
        compose('down', '--timeout', '1');
      } finally {
        rmSync(out, { recursive: true, force: true });
        rmSync(home, { recursive: true, force: true });
      }
    });

    test('boots a working topology under docker-compose, without our CLI', async () => {
      const flags = ['--name', lab, '--port-base', '10379', '--layout', layout];
      const run = await runCli(['render', '--out', out, ...flags], cliEnv(home, { REDIS_HA_LAB_IMAGE: testImage() }));
      assert.equal(run.code, 0, run.stderr);
      compose('up', '-d');

      // The same readiness `up` waits for, judged from the host through the published ports.
      const topology = buildTopology(parseLabOptions({ name: lab, portBase: '10379', layout }, { REDIS_HA_LAB_IMAGE: testImage() }));
      const outcome = await waitUntilHealthy(topology, {
        io: createLabIo(systemClock),
        clock: systemClock,
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      assert.ok(outcome.ok, `not ready: ${outcome.ok ? '' : outcome.pending.join('; ')}`);
      // servers: one more container per server, which owns the server's address and ports.
      assert.equal(
        (await labResources(lab)).containers.length,
        layout === 'servers' ? 9 : 6,
        'the containers carry the lab label, so down finds them',
      );
    });
  });
}
