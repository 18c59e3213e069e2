import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { compatProfile } from '../../src/sentinel/compat/compat-profile.js';
import type { SentinelConfig } from '../../src/sentinel/config/index.js';
import {
  SentinelConfigError,
  SentinelConfigFileError,
  checkConfigWritable,
  createDefaultSentinelConfig,
  parseSentinelConfig,
  readSentinelConfig,
  reprConfigString,
  rewriteSentinelConfig,
  splitConfigLine,
  writeConfigAtomically,
} from '../../src/sentinel/config/index.js';

const FIXTURES = new URL('../../../test/fixtures/sentinel-config/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
// Written against redis-sentinel 7.0.15 (its texts and fixtures); what 7.2 and Valkey 8 change is in sentinel-compat.test.ts.
const R70 = compatProfile('redis-7.0');
const parse = (text: string): SentinelConfig => parseSentinelConfig(text, 'sentinel.conf', { compat: R70 });
const ID_A = 'a'.repeat(40);
const ID_B = '0123456789abcdef0123456789abcdef01234567';
const BASE = 'port 26379\nsentinel monitor mymaster 10.0.0.1 6379 2\n';

/** What parse() recovers from a rewritten file: everything but bookkeeping of where lines were. */
function persisted(config: SentinelConfig): Omit<SentinelConfig, 'otherDirectives' | 'dir'> {
  const { otherDirectives: _lines, dir: _dir, ...rest } = config;
  return rest;
}

function parseError(text: string): SentinelConfigError {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof SentinelConfigError, String(error));
    return error;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe('splitConfigLine (sdssplitargs)', () => {
  const cases: [string, string[] | null][] = [
    ['sentinel monitor m 10.0.0.1 6379 2', ['sentinel', 'monitor', 'm', '10.0.0.1', '6379', '2']],
    ['  a \t b  ', ['a', 'b']],
    ['requirepass "sec ret"', ['requirepass', 'sec ret']],
    ['x "a\\"b\\\\c\\n\\r\\t\\a\\b\\x41\\q"', ['x', 'a"b\\c\n\r\t\x07\bAq']],
    ["x 'it\\'s \"raw\" \\n'", ['x', 'it\'s "raw" \\n']],
    ['x foo"bar baz"', ['x', 'foobar baz']],
    ['x ""', ['x', '']],
    ['x "\\xc3\\xa9t\\xc3\\xa9"', ['x', 'été']],
    ['x a\vb', ['x', 'a\vb']],
    ['x "abc', null],
    ["x 'abc", null],
    ['x "abc"d', null],
    ["x 'abc'd", null],
    ['', []],
  ];
  for (const [line, expected] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(splitConfigLine(line), expected));
  }

  test('reprConfigString quotes like sdscatrepr and reads back unchanged', () => {
    assert.equal(reprConfigString('/var/lib/redis'), '"/var/lib/redis"');
    assert.equal(reprConfigString('a "b" \\ c\n\r\t\x07\b\x01'), '"a \\"b\\" \\\\ c\\n\\r\\t\\a\\b\\x01"');
    assert.equal(reprConfigString('é'), '"\\xc3\\xa9"');
    for (const value of ['', 'plain', 'with space', `quo"te's`, 'back\\slash', 'line\nbreak', '\x00\x7f\xff', 'ünï ✓', "'"]) {
      assert.deepEqual(splitConfigLine(`requirepass ${reprConfigString(value)}`), ['requirepass', value]);
    }
  });
});

describe('parseSentinelConfig', () => {
  test('an empty file gives the defaults of sentinel.c', () => {
    const config = parse('');
    assert.deepEqual(config, createDefaultSentinelConfig());
    assert.equal(config.port, 26379);
    assert.equal(config.protectedMode, false);
    assert.equal(config.denyScriptsReconfig, true);
    assert.deepEqual(parse('# only a comment\n\n   \n'), createDefaultSentinelConfig());
  });

  test('every directive', () => {
    const config = parse(
      [
        'port 26400',
        'bind 127.0.0.1 "::1"',
        'dir /tmp',
        'logfile "/tmp/sentinel.log"',
        'pidfile /tmp/sentinel.pid',
        'daemonize yes',
        'protected-mode yes',
        'requirepass "top secret"',
        'loglevel WARNING',
        'latency-tracking-info-percentiles 50.0 99.990',
        'maxclients 100',
        'user default on nopass ~* &* +@all',
        'rename-command CONFIG ""',
        'list-max-ziplist-entries 512',
        'sentinel',
        'sentinel monitor mymaster 10.0.0.1 6379 2',
        'sentinel monitor other 10.0.0.9 6380 1',
        'sentinel down-after-milliseconds mymaster 5000',
        'sentinel failover-timeout mymaster 60000',
        'sentinel parallel-syncs mymaster 3',
        'sentinel notification-script mymaster /bin/true',
        'sentinel client-reconfig-script mymaster /bin/false',
        'sentinel auth-pass mymaster s3cret',
        'sentinel auth-user mymaster bob',
        'sentinel master-reboot-down-after-period mymaster 1000',
        'sentinel config-epoch mymaster 7',
        'sentinel leader-epoch mymaster 6',
        'sentinel known-slave mymaster 10.0.0.2 6379',
        'sentinel known-replica mymaster 10.0.0.3 6379',
        `sentinel known-sentinel mymaster 10.0.0.4 26379 ${ID_A}`,
        'sentinel known-sentinel mymaster 10.0.0.5 26379',
        'sentinel rename-command mymaster CONFIG MYCONFIG',
        'sentinel current-epoch 5',
        `sentinel myid ${ID_B}`,
        'sentinel announce-ip 192.168.1.5',
        'sentinel announce-port 26500',
        'sentinel deny-scripts-reconfig no',
        'sentinel sentinel-user su',
        'sentinel sentinel-pass sp',
        'sentinel resolve-hostnames yes',
        'sentinel announce-hostnames yes',
      ].join('\n'),
    );
    const [mymaster, other] = config.masters;
    assert.deepEqual(mymaster, {
      name: 'mymaster',
      host: '10.0.0.1',
      port: 6379,
      quorum: 2,
      downAfterMs: 5000,
      failoverTimeoutMs: 60000,
      parallelSyncs: 3,
      notificationScript: '/bin/true',
      clientReconfigScript: '/bin/false',
      authPass: 's3cret',
      authUser: 'bob',
      masterRebootDownAfterPeriodMs: 1000,
      configEpoch: 7,
      leaderEpoch: 6,
      knownReplicas: [
        { host: '10.0.0.2', port: 6379 },
        { host: '10.0.0.3', port: 6379 },
      ],
      knownSentinels: [{ host: '10.0.0.4', port: 26379, runId: ID_A }], // the old form without run id is ignored
      renamedCommands: [['CONFIG', 'MYCONFIG']],
    });
    assert.equal(other?.downAfterMs, 30000);
    assert.equal(other?.failoverTimeoutMs, 180000);
    assert.equal(other?.parallelSyncs, 1);
    assert.equal(other?.masterRebootDownAfterPeriodMs, 0);
    assert.deepEqual(persisted({ ...config, masters: [] }), {
      port: 26400,
      bind: ['127.0.0.1', '::1'],
      logfile: '/tmp/sentinel.log',
      pidfile: '/tmp/sentinel.pid',
      daemonize: true,
      protectedMode: true,
      requirePass: 'top secret',
      logLevel: 'warning',
      latencyTrackingInfoPercentiles: [50, 99.99],
      myid: ID_B,
      currentEpoch: 7, // config-epoch 7 is above current-epoch 5
      announceIp: '192.168.1.5',
      announcePort: 26500,
      denyScriptsReconfig: false,
      sentinelUser: 'su',
      sentinelPass: 'sp',
      resolveHostnames: true,
      announceHostnames: true,
      masters: [],
    });
    assert.equal(config.dir, '/tmp');
    assert.deepEqual(
      config.otherDirectives?.map((d) => [d.name, d.args, d.line]),
      [
        ['maxclients', ['100'], 11],
        ['user', ['default', 'on', 'nopass', '~*', '&*', '+@all'], 12],
        ['rename-command', ['CONFIG', ''], 13],
      ],
    );
  });

  test('sentinel lines are applied globals first, then monitors, then the rest, in any file order', () => {
    const config = parse(
      [
        'sentinel down-after-milliseconds late 1000',
        'sentinel monitor late localhost 6379 1', // resolve-hostnames below is already in effect
        'sentinel resolve-hostnames yes',
        'sentinel current-epoch 3',
        'sentinel current-epoch 1', // current-epoch only ever grows
      ].join('\n'),
    );
    assert.equal(config.masters[0]?.downAfterMs, 1000);
    assert.equal(config.masters[0]?.host, 'localhost');
    assert.equal(config.currentEpoch, 3);
  });

  test('numbers and addresses are read the way Redis reads them', () => {
    const config = parse(
      [
        'sentinel monitor a 127.1 abc 2x', // atoi(): port 0, quorum 2; inet_aton(): 127.0.0.1
        'sentinel monitor b ::0001 6379 1',
        'sentinel monitor c ::ffff:7f00:1 6379 1',
        'sentinel monitor d 010.0.0.0x1 6379 1',
        'sentinel parallel-syncs a -3',
        'sentinel config-epoch a 12abc',
        'sentinel announce-ip 10.1.1.1',
        'sentinel announce-ip ""', // an empty value keeps the earlier one
        'sentinel known-sentinel a 10.0.0.4 26379 short-run-id', // run ids are not checked
        'sentinel monitor "name with space" 10.0.0.1 6379 1', // nor are master names
      ].join('\n'),
    );
    assert.deepEqual(
      config.masters.map((m) => [m.name, m.host, m.port, m.quorum]),
      [
        ['a', '127.0.0.1', 0, 2],
        ['b', '::1', 6379, 1],
        ['c', '::ffff:127.0.0.1', 6379, 1],
        ['d', '8.0.0.1', 6379, 1],
        ['name with space', '10.0.0.1', 6379, 1],
      ],
    );
    assert.equal(config.masters[0]?.parallelSyncs, -3);
    assert.equal(config.masters[0]?.configEpoch, 12);
    assert.equal(config.announceIp, '10.1.1.1');
    assert.equal(config.masters[0]?.knownSentinels[0]?.runId, 'short-run-id');
  });

  test('errors name the line and read exactly like redis-sentinel 7.0.15', () => {
    const error = parseError('# comment\nport 26379\n  sentinel monitor mymaster 10.0.0.1 6379 0 \r\n');
    assert.equal(error.line, 3);
    assert.equal(error.lineText, 'sentinel monitor mymaster 10.0.0.1 6379 0');
    assert.equal(error.reason, 'Quorum must be 1 or greater.');
    assert.equal(error.fileName, 'sentinel.conf');
    assert.equal(
      error.message,
      "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'sentinel monitor mymaster 10.0.0.1 6379 0'\nQuorum must be 1 or greater.",
    );
  });

  // [file after BASE, failing line (1-based, BASE is lines 1-2), reason], each checked against redis-sentinel.
  const errors: [string, number, string][] = [
    ['port abc', 3, "argument couldn't be parsed into an integer"],
    ['port 0123', 3, "argument couldn't be parsed into an integer"],
    ['port 70000', 3, 'argument must be between 0 and 65535 inclusive'],
    ['port 1 2', 3, 'wrong number of arguments'],
    ['port 26379 # trailing comment', 3, 'wrong number of arguments'],
    ['protected-mode', 3, 'wrong number of arguments'],
    ['daemonize maybe', 3, "argument must be 'yes' or 'no'"],
    ['loglevel loud', 3, 'argument(s) must be one of the following: debug, verbose, notice, warning'],
    ['latency-tracking-info-percentiles 50 abc', 3, 'Invalid latency-tracking-info-percentiles parameters'],
    ['latency-tracking-info-percentiles 50 101', 3, 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]'],
    ['bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17', 3, 'Too many bind addresses specified.'],
    ['bind ""', 3, 'Configured to not listen anywhere, exiting.'],
    ['save 900 1 300', 3, 'Invalid save parameters'],
    ['slaveof', 3, 'wrong number of arguments'],
    ['foo bar', 3, 'Bad directive or wrong number of arguments'],
    ['rename-command x', 3, 'Bad directive or wrong number of arguments'],
    ['include /etc/other.conf', 3, 'include is not supported by this Sentinel engine'],
    ['mod.opt', 3, 'Module config specified without value'],
    [
      'user bob on\nuser bob off',
      4,
      "Error in user declaration 'bob': Duplicate user found. A user can only be defined once in config files",
    ],
    ['requirepass "abc', 3, 'Unbalanced quotes in configuration line'],
    ['requirepass "abc"x', 3, 'Unbalanced quotes in configuration line'],
    ['sentinel monitor other 10.0.0.2 6379', 3, 'Unrecognized sentinel configuration statement.'],
    ['sentinel bogus', 3, 'Unrecognized sentinel configuration statement.'],
    ['sentinel auth-pass mymaster a b', 3, 'Unrecognized sentinel configuration statement.'],
    ['sentinel monitor other 10.0.0.2 6379 -1', 3, 'Quorum must be 1 or greater.'],
    ['sentinel monitor other redis-host 6379 1', 3, "Can't resolve instance hostname."],
    ['sentinel monitor other 10.0.0.2 70000 1', 3, 'Invalid port number.'],
    ['sentinel monitor mymaster 10.0.0.2 6379 1', 3, 'Duplicate master name.'],
    ['sentinel down-after-milliseconds nosuch 100', 3, 'No such master with specified name.'],
    ['sentinel down-after-milliseconds mymaster 0', 3, 'negative or zero time parameter.'],
    ['sentinel failover-timeout mymaster abc', 3, 'negative or zero time parameter.'],
    ['sentinel master-reboot-down-after-period mymaster -1', 3, 'negative time parameter.'],
    ['sentinel myid abc', 3, 'Malformed Sentinel id in myid option.'],
    [
      'sentinel known-replica mymaster 10.0.0.2 6379\nsentinel known-slave mymaster 10.0.0.2 6379',
      4,
      'Duplicate hostname and port for replica.',
    ],
    [
      `sentinel known-sentinel mymaster 10.0.0.2 1 ${ID_A}\nsentinel known-sentinel mymaster 10.0.0.3 2 ${ID_A}`,
      4,
      'Duplicate runid for sentinel.',
    ],
    [
      'sentinel rename-command mymaster a b\nsentinel rename-command mymaster A c',
      4,
      'Same command renamed multiple times with rename-command.',
    ],
    ['sentinel deny-scripts-reconfig maybe', 3, 'Please specify yes or no for the deny-scripts-reconfig options.'],
    ['sentinel resolve-hostnames maybe', 3, 'Please specify yes or no for the resolve-hostnames option.'],
    ['sentinel announce-hostnames maybe', 3, 'Please specify yes or no for the announce-hostnames option.'],
    // A bad top-level line is found in the first pass, before any queued sentinel line.
    ['sentinel bogus\nport x', 4, "argument couldn't be parsed into an integer"],
    // The queue puts global sentinel options before per-master ones.
    ['sentinel parallel-syncs nosuch 1\nsentinel myid short', 4, 'Malformed Sentinel id in myid option.'],
  ];
  for (const [extra, line, reason] of errors) {
    test(`refuses ${JSON.stringify(extra)}`, () => {
      const text = BASE + extra + '\n';
      const error = parseError(text);
      assert.deepEqual([error.line, error.reason], [line, reason]);
      assert.equal(error.lineText, text.split('\n')[line - 1]!.trim());
    });
  }

  test('file checks go through hooks: scripts, dir, log file', () => {
    const options = { isExecutable: () => false, changeDir: () => 'No such file or directory', openLogfile: () => 'Permission denied' };
    const run = (text: string): SentinelConfigError => {
      try {
        parseSentinelConfig(BASE + text, 'x', { compat: R70, ...options });
      } catch (error) {
        return error as SentinelConfigError;
      }
      assert.fail('accepted');
    };
    assert.equal(run('sentinel notification-script mymaster /x').reason, 'Notification script seems non existing or non executable.');
    assert.equal(
      run('sentinel client-reconfig-script mymaster /x').reason,
      'Client reconfiguration script seems non existing or non executable.',
    );
    assert.deepEqual([run('dir /nope').line, run('dir /nope').reason], [3, 'No such file or directory']);
    const logError = run('logfile /x.log');
    assert.equal(logError.line, 0);
    assert.equal(logError.message, "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: Permission denied");
  });
});

describe('readSentinelConfig / checkConfigWritable', () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-config-'));
    dirs.push(dir);
    return dir;
  };

  test('reads, resolves dir, and checks scripts relative to it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notify.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const text = `${BASE}dir ${dir}\nsentinel notification-script mymaster notify.sh\nlogfile sentinel.log\n`;
    await writeFile(join(dir, 'sentinel.conf'), text);
    const loaded = await readSentinelConfig(join(dir, 'sentinel.conf'), R70);
    assert.equal(loaded.text, text);
    assert.equal(loaded.path, join(dir, 'sentinel.conf'));
    assert.equal(loaded.config.dir, await realpath(dir)); // what getcwd() reports after chdir(dir)
    assert.equal(loaded.config.masters[0]?.notificationScript, 'notify.sh');
    await stat(join(dir, 'sentinel.log')); // opened for append like Redis does

    await writeFile(join(dir, 'bad.conf'), `${BASE}sentinel client-reconfig-script mymaster missing.sh\n`);
    await assert.rejects(readSentinelConfig(join(dir, 'bad.conf'), R70), { name: 'SentinelConfigError', line: 3 });
    await writeFile(join(dir, 'baddir.conf'), `${BASE}dir ${join(dir, 'nope')}\n`);
    await assert.rejects(readSentinelConfig(join(dir, 'baddir.conf'), R70), { reason: 'No such file or directory', line: 3 });
  });

  test('missing or unwritable files are refused with Redis wording', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'missing.conf');
    await assert.rejects(readSentinelConfig(missing, R70), (error: unknown) => {
      assert.ok(error instanceof SentinelConfigFileError);
      assert.equal(error.message, `Fatal error, can't open config file '${missing}': No such file or directory`);
      assert.equal(error.code, 'ENOENT');
      return true;
    });
    await assert.rejects(checkConfigWritable(undefined), { message: 'Sentinel needs config file on disk to save state. Exiting...' });
    await assert.rejects(checkConfigWritable(missing), {
      message: `Sentinel config file ${missing} is not writable: No such file or directory. Exiting...`,
    });
    await writeFile(join(dir, 'ok.conf'), BASE);
    await checkConfigWritable(join(dir, 'ok.conf'));
  });
});

describe('rewriteSentinelConfig', () => {
  test('replays the flushes redis-sentinel made in the flush-sequence fixture, byte for byte', () => {
    let text = fixture('flush-sequence/input.conf');
    const config = parse(text);
    const master = config.masters[0]!;
    // One change per line of commands.txt; Sentinel flushed its config after each.
    const changes = [
      () => (master.downAfterMs = 10000),
      () => (master.authPass = 's3cret'),
      () => (master.parallelSyncs = 2),
      () => (config.announceIp = '10.0.0.5'),
      () => (config.resolveHostnames = true),
      () => (master.quorum = 1),
      () => undefined, // SENTINEL FLUSHCONFIG
    ];
    changes.forEach((change, i) => {
      change();
      text = rewriteSentinelConfig(text, config, { compat: R70, cwd: '/tmp/sentinel-fixture' });
      assert.equal(text, fixture(`flush-sequence/after-${i + 1}.conf`), `after command ${i + 1}`);
    });
    assert.deepEqual(persisted(parse(text)), persisted(config));
  });

  for (const [name, cwd] of [
    ['minimal', '/tmp/sentinel-fixture-min'],
    ['edge-cases', '/tmp/sentinel-fixture-edge'],
  ] as const) {
    test(`matches redis-sentinel on the ${name} fixture (start-up flush, then FLUSHCONFIG)`, () => {
      const input = fixture(`${name}/input.conf`);
      const atStart = fixture(`${name}/after-start.conf`);
      const config = parse(input);
      config.myid = /sentinel myid (\w+)/.exec(atStart)![1]; // the id Redis picked at start
      const first = rewriteSentinelConfig(input, config, { compat: R70, cwd });
      assert.equal(first, atStart);
      assert.equal(rewriteSentinelConfig(first, config, { compat: R70, cwd }), fixture(`${name}/after-flush.conf`));
    });
  }

  test('like Redis, keeps old known-slave lines, so the result lists a replica twice', () => {
    const error = parseError(fixture('edge-cases/after-start.conf'));
    assert.deepEqual([error.line, error.reason], [13, 'Duplicate hostname and port for replica.']);
  });

  test('keeps comments and lines Sentinel does not own where they were', () => {
    const old = [
      '# my sentinel',
      'maxclients 100',
      'bind * -::*',
      'rename-command CONFIG ""',
      'user zed on nopass ~* +@all',
      'client-output-buffer-limit pubsub 32mb 8mb 60',
      '',
      '# masters',
      'sentinel monitor mymaster 10.0.0.1 6379 2',
      'sentinel failover-timeout mymaster 9000',
      'unknown-option 1',
      '',
    ].join('\n');
    const config = parse(old.replace('unknown-option 1\n', ''));
    config.myid = ID_B;
    config.masters[0]!.failoverTimeoutMs = 180000; // back to its default
    assert.equal(
      rewriteSentinelConfig(old, config, { compat: R70, cwd: '/data' }),
      [
        '# my sentinel',
        'maxclients 100',
        '', // the default bind is not written
        'rename-command CONFIG ""',
        'user default on nopass ~* &* +@all', // users are written in name order, reusing old user lines
        'client-output-buffer-limit pubsub 32mb 8mb 60',
        '',
        '# masters',
        'sentinel monitor mymaster 10.0.0.1 6379 2',
        '', // failover-timeout is back to its default: its line goes
        '# ??? unknown-option 1', // an option Redis does not know
        '',
        '# Generated by CONFIG REWRITE',
        'port 26379',
        'protected-mode no',
        'dir "/data"',
        'latency-tracking-info-percentiles 50 99 99.9',
        'user zed on nopass ~* +@all',
        `sentinel myid ${ID_B}`,
        'sentinel config-epoch mymaster 0',
        'sentinel leader-epoch mymaster 0',
        'sentinel current-epoch 0',
        '',
      ].join('\n'),
    );
  });

  test('writes string options with sdscatrepr and sentinel values raw, as Redis does', () => {
    const config = parse(BASE);
    Object.assign(config, { myid: ID_A, requirePass: 'p "w"\n', logfile: '/var/log/s 1.log', announceIp: 'a b', sentinelPass: 'x y' });
    config.masters[0]!.authPass = 'two words';
    const text = rewriteSentinelConfig('', config, { compat: R70 });
    assert.match(text, /^# Generated by CONFIG REWRITE\nport 26379\n/);
    assert.match(text, /\nlogfile "\/var\/log\/s 1\.log"\nrequirepass "p \\"w\\"\\n"\n/);
    assert.match(text, /\nuser default on #[0-9a-f]{64} ~\* &\* \+@all\n/);
    assert.match(text, /\nsentinel auth-pass mymaster two words\n/);
    assert.match(text, /\nsentinel announce-ip "a b"\nsentinel sentinel-pass x y\n$/);
    assert.doesNotMatch(text, /\ndir /); // neither config.dir nor cwd: nothing to write
    // Quoted values survive the round trip; Redis's raw auth-pass / sentinel-pass with a space do not.
    assert.equal(parseError(text).reason, 'Unrecognized sentinel configuration statement.');
    const reparsed = parse(text.replace('mymaster two words', 'mymaster twowords').replace('x y', 'xy'));
    assert.deepEqual([reparsed.requirePass, reparsed.logfile, reparsed.announceIp], ['p "w"\n', '/var/log/s 1.log', 'a b']);
  });

  test('parse(rewrite(config)) gives the config back', () => {
    const text = [
      'port 26400',
      'bind 127.0.0.1',
      'daemonize yes',
      'pidfile /run/s.pid',
      'loglevel debug',
      'latency-tracking-info-percentiles ""',
      'sentinel resolve-hostnames yes',
      'sentinel announce-hostnames yes',
      'sentinel monitor m1 db-1.example 6379 2',
      'sentinel monitor m2 10.0.0.9 6380 1',
      'sentinel down-after-milliseconds m1 4000',
      'sentinel failover-timeout m1 9000',
      'sentinel parallel-syncs m1 4',
      'sentinel notification-script m1 /bin/true',
      'sentinel client-reconfig-script m1 /bin/true',
      'sentinel auth-pass m1 pw',
      'sentinel auth-user m1 u',
      'sentinel master-reboot-down-after-period m1 500',
      'sentinel config-epoch m1 3',
      'sentinel leader-epoch m1 4',
      'sentinel known-replica m1 db-2.example 6379',
      'sentinel known-replica m1 10.0.0.3 6379',
      `sentinel known-sentinel m1 10.0.0.4 26379 ${ID_A}`,
      'sentinel rename-command m1 CONFIG C2',
      `sentinel myid ${ID_B}`,
      'sentinel current-epoch 9',
      'sentinel announce-ip 10.9.9.9',
      'sentinel announce-port 26999',
      'sentinel deny-scripts-reconfig no',
      'sentinel sentinel-user su',
      'sentinel sentinel-pass sp',
    ].join('\n');
    const config = parse(text);
    for (const old of [text, '']) {
      const rewritten = rewriteSentinelConfig(old, config, { compat: R70, cwd: '/srv' });
      assert.deepEqual(persisted(parse(rewritten)), persisted(config));
      // Stable from then on, but for the blank line the file's final newline leaves (as with Redis).
      assert.equal(rewriteSentinelConfig(rewritten, config, { compat: R70, cwd: '/srv' }), `${rewritten}\n`);
    }
  });
});

describe('writeConfigAtomically', () => {
  test('replace the file in one rename and leave no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-write-'));
    try {
      const path = join(dir, 'sentinel.conf');
      await writeFile(path, 'old\n');
      await chmod(path, 0o600);
      writeConfigAtomically(path, 'new\n');
      assert.equal(await readFile(path, 'utf8'), 'new\n');
      // Like rewriteConfigOverwriteFile(): 0644 minus the umask, not the old mode.
      const umask = process.umask(0o022);
      process.umask(umask);
      assert.equal((await stat(path)).mode & 0o777, 0o644 & ~umask);
      assert.deepEqual(await readdir(dir), ['sentinel.conf']);

      const config = parse(BASE);
      config.myid = ID_A;
      const written = rewriteSentinelConfig('new\n', config, { compat: R70, cwd: dir });
      writeConfigAtomically(path, written);
      assert.equal(await readFile(path, 'utf8'), written);
      assert.deepEqual(persisted(parse(written)), persisted(config));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rewrite with the live ACL users', () => {
  test("the users given replace the file's user lines, in name order, as rewriteConfigUserOption writes them", () => {
    const old = 'port 26379\nuser default on nopass ~* &* +@all\nsentinel monitor m 127.0.0.1 6379 2\n';
    const config = parseSentinelConfig(old, 'sentinel.conf', { compat: R70 });
    const text = rewriteSentinelConfig(old, config, {
      compat: R70,
      cwd: '/srv',
      aclUsers: ['user default on nopass ~* &* +@all', 'user alice on #abc resetchannels +@all'],
    });
    const users = text.split('\n').filter((l) => l.startsWith('user '));
    assert.deepEqual(users, ['user alice on #abc resetchannels +@all', 'user default on nopass ~* &* +@all']);
  });
});
