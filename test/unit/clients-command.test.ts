// `redis-ha-lab clients` in-process, with drivers scripted at the process boundary.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { buildTopology } from '../../src/topology/build-topology.js';
import { checkLabOptions } from '../../src/topology/lab-options.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeCli } from '../support/fake-cli.js';
import { scriptedDrivers } from '../support/fake-driver.js';
import { FakeLab } from '../support/fake-lab.js';

const clis: FakeCli[] = [];
after(() => clis.forEach((cli) => rmSync(cli.home, { recursive: true, force: true })));

/** ioredis, node-redis and redis-py load; redis-rb's library is missing; php is not installed (predis). */
function cliWithDrivers(): FakeCli {
  const clock = new FakeClock();
  const cli = new FakeCli(new FakeLab(buildTopology(checkLabOptions({}, {}).options), clock), clock);
  cli.spawnDriver = scriptedDrivers({
    ioredis: { hello: '{"type":"hello","library":"ioredis","version":"5.11.1","language":"node 20.20.2"}' },
    'node-redis': { hello: '{"type":"hello","library":"node-redis","version":"5.12.4"}' },
    'redis-py': { hello: '{"type":"hello","library":"redis-py","version":"4.3.4","language":"python 3.11.2"}' },
    'redis-rb': { exit: 3, stderr: 'redis-rb is not installed (cannot load such file -- redis): apt-get install -y ruby-redis' },
  });
  clis.push(cli);
  return cli;
}

describe('redis-ha-lab clients', () => {
  test('lists every built-in with the version it loads, or why it cannot run and what to install', async () => {
    const run = await cliWithDrivers().run('clients');
    assert.equal(run.code, 0, 'a listing is not a failure');
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^ioredis +ioredis 5\.11\.1 \(node 20\.20\.2\)$/);
    assert.match(lines[1]!, /^node-redis +node-redis 5\.12\.4$/);
    assert.match(lines[2]!, /^redis-py +redis-py 4\.3\.4 \(python 3\.11\.2\)$/);
    assert.match(
      lines[3]!,
      /^redis-rb +not available: exited with code 3: redis-rb is not installed .*; install: apt-get install -y ruby ruby-redis/,
    );
    assert.match(
      lines[4]!,
      /^predis +not available: could not be started \(php .*predis\.php: spawn php ENOENT\); install: apt-get install -y php-cli php-predis/,
    );
  });

  test('naming drivers checks those, and exits 3 when one cannot run', async () => {
    const cli = cliWithDrivers();
    assert.equal((await cli.run('clients', 'redis-py', 'ioredis')).code, 0);
    const missing = await cli.run('clients', 'redis-py', 'predis');
    assert.equal(missing.code, 3);
    assert.equal(missing.stdout.trimEnd().split('\n').length, 2);
  });

  test('--json gives each driver with its library and version, or its reason and install hint', async () => {
    const run = await cliWithDrivers().run('clients', '--json');
    const drivers = JSON.parse(run.stdout) as { name: string; available: boolean; version?: string; install?: string }[];
    assert.deepEqual(
      drivers.map((d) => [d.name, d.available, d.version ?? d.install]),
      [
        ['ioredis', true, '5.11.1'],
        ['node-redis', true, '5.12.4'],
        ['redis-py', true, '4.3.4'],
        ['redis-rb', false, 'apt-get install -y ruby ruby-redis (or gem install redis -v "~> 4.8")'],
        ['predis', false, 'apt-get install -y php-cli php-predis'],
      ],
    );
  });

  test('an unknown driver name is a usage error that lists the built-ins', async () => {
    const run = await cliWithDrivers().run('clients', 'jedis');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no built-in client driver named 'jedis': choose from ioredis, node-redis, redis-py, redis-rb, predis/);
  });
});
