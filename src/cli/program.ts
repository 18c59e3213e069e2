import { Command, Option } from 'commander';
import { COMPAT_IDS, DEFAULT_COMPAT } from '../sentinel/compat/compat-profile.js';
import { DEFAULT_TIMING_PROFILE, TIMING_PROFILES } from '../sentinel/constants.js';
import { defaults, engineImageEnvVar, imageEnvVar } from '../topology/defaults.js';
import { sentinelProgramEnvVar, serverProgramEnvVar } from '../topology/server-programs.js';
import type { CliDeps } from './cli-deps.js';
import { runDown } from './commands/down-command.js';
import { runRender } from './commands/render-command.js';
import { runStatus } from './commands/status-command.js';
import { runUp } from './commands/up-command.js';
import { runLogs } from './commands/logs-command.js';
import { runAddress } from './commands/address-command.js';
import { runWatch } from './commands/watch-command.js';
import { runCli } from './commands/cli-command.js';
import { nodeActions, runNode } from './commands/node-command.js';
import { runScenarioCommand } from './commands/scenario-command.js';
import { runScenariosCommand } from './commands/scenarios-command.js';
import { runClientsCommand } from './commands/clients-command.js';
import { sentinelMain } from '../sentinel/io/sentinel-main.js';

type Runner<O> = (options: O, deps: CliDeps) => Promise<number>;

/**
 * The commander declarations: flags, help and examples only. Each command hands its options to a runner that
 * returns the exit code; `main` turns errors into messages and codes.
 */
export function buildProgram(deps: CliDeps, setExitCode: (code: number) => void): Command {
  const program = new Command('redis-ha-lab')
    .description('A lab for Redis Sentinel high availability: boot a master, replicas and sentinels, break them, watch the failover.')
    .showHelpAfterError('(run with --help for usage)')
    // `cli master ZRANGE k 0 -1`: words after the node are the command's, not our options.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s) })
    .exitOverride();

  const action =
    <O>(runner: Runner<O>) =>
    async (options: O) => {
      setExitCode(await runner(options, deps));
    };

  addTopologyOptions(program.command('up'))
    .description('boot the lab and wait until it is ready (every replica linked, every sentinel agreeing, CKQUORUM OK)')
    .option('-q, --quiet', 'no progress list, only the final table')
    .addOption(runtimeOption())
    .addHelpText(
      'after',
      `
Examples:
  $ redis-ha-lab up                                  # master, 2 replicas, 3 sentinels, quorum 2
  $ redis-ha-lab up --down-after 1000 --password s3cret
  $ redis-ha-lab up --name lab2 --port-base 7379     # a second lab beside the first
  $ redis-ha-lab up --image redis-ha-lab/redis:local # an image built by 'npm run images:local'
  $ redis-ha-lab up --image valkey/valkey:8          # Valkey: its nodes run valkey-server
  $ redis-ha-lab up --runtime local --redis-server /opt/valkey/bin/valkey-server --sentinel mixed

The image defaults to $${imageEnvVar} when set, else ${defaults.image}. Ports are published on 127.0.0.1 only:
redis nodes from --port-base (default ${defaults.redisPortBase}), sentinels 20000 above (${defaults.sentinelPortBase}...).`,
    )
    .action(action(runUp));

  program
    .command('status')
    .description("show every node's role and every sentinel's view, with disagreements highlighted")
    .addOption(nameOption())
    .option('--json', 'print one JSON document on stdout (nodes, findings, healthy)')
    .addHelpText('after', '\nExit code: 0 healthy, 1 problems found, 2 no such lab.')
    .action(action(runStatus));

  program
    .command('down')
    .description('remove every container, network and file of the lab (exit 0 when nothing is up)')
    .addOption(nameOption())
    .addOption(runtimeOption('where to look when the lab has no record (its record, when there is one, says where it runs)'))
    .action(action(runDown));

  program
    .command('watch')
    .description("a live view of the lab: every node, every sentinel's view, and the events the sentinels publish")
    .addOption(nameOption())
    .option('--json', 'one JSON object per change and per event, per line (also when stdout is not a terminal)')
    .option('--wait', 'wait for the lab to be up, and when it is removed, wait for it to come back (default: end when it is gone)')
    .addHelpText(
      'after',
      "\nRuns until Ctrl-C, or until the lab is removed ('down' in another terminal). Start it in one terminal and a\nscenario in another:\n  $ redis-ha-lab watch\n  $ redis-ha-lab scenario kill-master\n  $ redis-ha-lab watch --wait      # before 'up', and across down/up",
    )
    .action(action(runWatch));

  program
    .command('cli')
    .argument('<node>', 'a node by name (redis-master, sentinel-2) or role (master, replica, replica#2, sentinel)')
    .argument('[command...]', 'a Redis command; without one, an interactive redis-cli opens')
    .description('run a Redis command on a node, or open redis-cli there, with the right address and password')
    .addOption(nameOption())
    .passThroughOptions()
    .addHelpText(
      'after',
      '\nExamples:\n  $ redis-ha-lab cli master INFO replication\n  $ redis-ha-lab cli master SET k v \\; WAIT 2 1000   # several commands on one connection\n  $ redis-ha-lab cli sentinel-1 SENTINEL GET-MASTER-ADDR-BY-NAME mymaster\n  $ redis-ha-lab cli replica#1          # interactive\n\nExit code: 0, or 1 when the node replies with an error.',
    )
    .action(async (node: string, words: string[], options) => setExitCode(await runCli(node, words, options, deps)));

  program
    .command('node')
    .argument('<action>', nodeActions.join(' | '))
    .argument(
      '<node>',
      'a node by name or role, as for cli; or a group: sentinels, replicas, all, and in the servers layout a server (server-a, or server:master for the server that holds the master)',
    )
    .description(
      'stop, kill, start, restart, pause or unpause a node (or a group, a server) by hand (docker stop/kill/pause, or signals locally)',
    )
    .addOption(nameOption())
    .addHelpText('after', '\nExamples:\n  $ redis-ha-lab node stop master\n  $ redis-ha-lab node start redis-master')
    .action(async (action: string, node: string, options) => setExitCode(await runNode(action, node, options, deps)));

  program
    .command('address')
    .argument('<node>', 'a node by name or role, as for cli')
    .description("print a node's address as 'host port', as the other nodes reach it (or, with --published, as this host does)")
    .addOption(nameOption())
    .option('--published', 'the address this host reaches the node at')
    .addHelpText('after', '\nExample (a failover by hand):\n  $ redis-ha-lab cli replica-2 REPLICAOF $(redis-ha-lab address replica-1)')
    .action(async (node: string, options) => setExitCode(await runAddress(node, options, deps)));

  program
    .command('logs')
    .argument('<node>', 'a node name (redis-master, sentinel-2, ...) or master')
    .description("print the last lines a node logged (its container's output, or its log file on the local runtime)")
    .addOption(nameOption())
    .option('--lines <n>', 'how many lines', '100')
    .action(async (node: string, options) => setExitCode(await runLogs(node, options, deps)));

  addTopologyOptions(program.command('render'))
    .description('write the compose file and config files, to boot the same lab with docker compose')
    .option('-o, --out <dir>', 'directory to write into (default: ./<name>)')
    .addHelpText('after', '\nExample:\n  $ redis-ha-lab render --out lab && docker compose -p redis-ha-lab -f lab/compose.yaml up -d')
    .action(action(runRender));

  addTopologyOptions(
    program.command('scenario').argument('<scenario>', 'a built-in scenario name (see: redis-ha-lab scenarios) or a YAML file'),
  )
    .description('run a failover scenario: inject faults, watch the sentinels, check the outcome, restore the lab')
    .option('--json', 'print only the JSON report on stdout')
    .option('--report <dir>', 'write report.json, timeline.txt and report.html (the run as a picture) into this directory')
    .option('--junit <file>', 'write a JUnit XML file: one testcase per check')
    .option('--traffic [clients]', 'write while the scenario runs and check what was lost: sentinel (default), direct, or sentinel,direct')
    .option('--traffic-rate <n>', 'writes per second per client (default 100)')
    .option('--traffic-wait <n>', 'count a write as acknowledged only once WAIT confirms it on n replicas')
    .option('--clients <drivers>', 'run client drivers during the scenario: all, or some of ioredis,node-redis,redis-py,redis-rb,predis')
    .option('--client-cmd <command>', 'also run your own client driver (docs/CLIENTS.md), e.g. "python3 probe.py"')
    .option('--client-profile <profile>', "the built-ins' settings: default (the library as it comes) or recommended (default)")
    .option('--client-rate <n>', 'attempts per second per client (default 20)')
    .option('--client-ops <ops>', 'what each client does in turn: write (default), read, blpop, e.g. write,read')
    .option('--repeat <n>', 'run the scenario n times and report min/median/p95/max of each failover phase')
    .option('-q, --quiet', 'no progress list')
    .addOption(runtimeOption())
    .addHelpText(
      'after',
      `
Runs on the lab that is up under --name; with none up, boots one with the scenario's topology and removes it
afterwards. Topology flags given here override the scenario file's. The lab is always restored at the end
(partitions healed, paused nodes unpaused, stopped nodes started), also on Ctrl-C.

Examples:
  $ redis-ha-lab scenario kill-master
  $ redis-ha-lab scenario split-brain --report out/ --junit out/junit.xml
  $ redis-ha-lab scenario ./my-scenario.yaml --down-after 2000 --json > report.json
  $ redis-ha-lab scenario kill-master --clients all --client-profile default
  $ redis-ha-lab scenario pause-master --clients redis-py --client-cmd "python3 -u my-driver.py"

With --clients, each client gets a verdict: recovered (and when) or STUCK (with its last error), its longest
outage, acknowledged writes lost, writes acknowledged by a node that was not master, and its errors by kind.

Exit code: 0 passed, 1 a check failed, 2 invalid scenario or usage, 3 environment, 130 interrupted.`,
    )
    .action(async (scenario: string, options) => setExitCode(await runScenarioCommand(scenario, options, deps)));

  program
    .command('sentinel')
    .description('run the embedded sentinel engine on a sentinel.conf, as a drop-in for `redis-sentinel <sentinel.conf>`')
    .argument('<config>', 'the sentinel.conf to read and rewrite (it must be writable, as for redis-sentinel)')
    .addOption(
      new Option(
        '--timing <profile>',
        "'adaptive' keeps redis-sentinel's periods while every instance answers on time and polls 10x more often (and reacts at once) from the moment a reply is late by a tenth of down-after until things are right again; 'fast' always polls 10x more often; 'redis' never",
      )
        .choices(Object.keys(TIMING_PROFILES))
        .default(DEFAULT_TIMING_PROFILE),
    )
    .addOption(
      new Option(
        '--compat <release>',
        'whose sentinel to be: its commands, replies, INFO fields and config names (redis-7.0 = 7.0.15, redis-7.2 = 7.2.6, valkey-8 = Valkey 8.0.1); the failover logic is the same for all',
      )
        .choices([...COMPAT_IDS])
        .default(DEFAULT_COMPAT),
    )
    .option(
      '--explain',
      `publish every decision as JSON on the ${'__redis-ha-lab__:explain'} channel (also logged at loglevel verbose)`,
      false,
    )
    .option(
      '--lab-faults',
      'accept LABFAULT, which makes this engine misbehave on purpose (withhold events, answer a stale master, delay hellos, mute clients); labs use it for engine-fault steps',
      false,
    )
    .addHelpText(
      'after',
      `
The engine speaks Sentinel's protocol: other sentinels (real or engine) discover it through __sentinel__:hello,
vote with it and follow its failovers; redis-cli and Sentinel-aware clients use it unchanged. The same safety rules
hold in every timing profile (down-after-milliseconds, quorum, majority votes, epochs, failover-timeout). The
adaptive default costs about what redis-sentinel costs at rest, and acts as fast as 'fast' after detection.

Examples:
  $ redis-ha-lab sentinel /etc/redis/sentinel.conf
  $ redis-ha-lab sentinel sentinel.conf --explain      # then: redis-cli -p 26379 SUBSCRIBE __redis-ha-lab__:explain
  $ redis-ha-lab sentinel sentinel.conf --timing redis # redis-sentinel's own periods, for side-by-side runs
  $ redis-ha-lab sentinel sentinel.conf --compat valkey-8  # beside valkey-sentinel 8: SENTINEL PRIMARY, Valkey's INFO

Stops on SIGTERM, SIGINT or SHUTDOWN, after saving its state to the config file.`,
    )
    // bin/ starts the engine through sentinelMain without loading this CLI; commander only serves --help here,
    // and a direct call of main() ends up in the same place.
    .action(async (config: string, opts: { timing: string; compat: string; explain: boolean; labFaults: boolean }) => {
      await sentinelMain([
        config,
        '--timing',
        opts.timing,
        '--compat',
        opts.compat,
        ...(opts.explain ? ['--explain'] : []),
        ...(opts.labFaults ? ['--lab-faults'] : []),
      ]);
    });

  program
    .command('scenarios')
    .description('list the built-in scenarios and what each one shows')
    .option('--steps', 'list the step kinds a scenario file can use instead')
    .action(action(runScenariosCommand));

  program
    .command('clients')
    .description('list the built-in client drivers: the library and version each loads here, or what to install')
    .argument('[driver...]', 'check only these; exits 3 when one of them cannot run')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      `
A client driver is a small program that uses one client library's own Sentinel support and reports each
attempt as a JSON line (docs/CLIENTS.md). The built-ins are found by running them: available means the
interpreter starts and the library loads.

Examples:
  $ redis-ha-lab clients                      # all five, with versions
  $ redis-ha-lab clients redis-py predis      # exit 3 if either cannot run here`,
    )
    .action(async (names: string[], options: { json?: boolean }) => setExitCode(await runClientsCommand(names, options, deps)));

  program.addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 a check failed, 2 bad usage or input, 3 environment (Docker unreachable, image missing,
lab not ready in time), 130 interrupted. Labs keep their files in $REDIS_HA_LAB_HOME (default ~/.redis-ha-lab).`,
  );
  return program;
}

function runtimeOption(
  description = 'where to run the nodes: docker, local (redis-server processes on loopback), or auto (Docker when its daemon answers, else local)',
): Option {
  return new Option('--runtime <runtime>', description).choices(['auto', 'docker', 'local']).default('auto');
}

function nameOption(): Option {
  return new Option('-n, --name <name>', `the lab's name; several labs can run side by side`).default(undefined, defaults.name);
}

function addTopologyOptions(command: Command): Command {
  return command
    .addOption(nameOption())
    .option('--replicas <n>', `number of replicas (default ${defaults.replicas})`)
    .option('--sentinels <n>', `number of sentinels (default ${defaults.sentinels})`)
    .option('--quorum <n>', `sentinels that must agree the master is down (default ${defaults.quorum})`)
    .option('--down-after <ms>', `sentinel down-after-milliseconds, e.g. 5000 or 1s (default ${defaults.downAfterMs})`)
    .option('--failover-timeout <ms>', `sentinel failover-timeout (default ${defaults.failoverTimeoutMs})`)
    .option('--parallel-syncs <n>', `replicas reconfigured at once after a failover (default ${defaults.parallelSyncs})`)
    .option('--password <password>', 'requirepass and masterauth on every redis node, auth-pass on every sentinel')
    .option('--image <image>', `Redis image, Redis 7 or later (default $${imageEnvVar} or ${defaults.image})`)
    .option('--subnet <cidr>', 'the lab network, an IPv4 /24 (default: a free one chosen from the name)')
    .option('--port-base <port>', `first published port of the redis nodes (default ${defaults.redisPortBase})`)
    .option(
      '--sentinel <kind>',
      'redis (redis-sentinel), engine (the embedded engine: explains its decisions) or mixed (both in one quorum) (default redis)',
    )
    .option(
      '--layout <layout>',
      'nodes (each node its own host) or servers (one redis and one sentinel per server, sharing its address: server-a, server-b, ...) (default nodes)',
    )
    .option(
      '--persistence <mode>',
      'what redis nodes keep on disk across a restart: none (comes back empty), rdb (snapshots) or aof (append-only file) (default none)',
    )
    .option(
      '--redis-server <path>',
      `the server binary: locally a path or a name on PATH (default $${serverProgramEnvVar}, else redis-server, else valkey-server on PATH); on Docker the program in the image, by name (default: the image's own)`,
    )
    .option(
      '--redis-sentinel <path>',
      `the binary real sentinels run, with --sentinel (e.g. valkey-sentinel beside Redis servers; default $${sentinelProgramEnvVar}, else the server binary)`,
    )
    .option(
      '--engine-image <image>',
      `image for engine sentinels on Docker, with node; the package is mounted (default $${engineImageEnvVar} or ${defaults.engineImage})`,
    );
}
