<?php
// redis-ha-lab client driver for predis, through its own Sentinel support ('replication' => 'sentinel').
// Protocol: docs/CLIENTS.md. Settings come from RHL_* variables; one JSON line per attempt goes to stdout.
$autoloader = '/usr/share/php/Predis/Autoloader.php'; // where Debian's php-predis puts it
if (!is_file($autoloader)) {
    fwrite(STDERR, "predis is not installed ($autoloader is missing): apt-get install -y php-predis\n");
    exit(3);
}
require $autoloader;
Predis\Autoloader::register();

$profiles = [
    // The library as it comes: 20 retries, 1 s apart; 0.1 s to reach a sentinel; 60 s read timeout; GET goes to
    // a replica.
    'default' => [],
    // A read timeout that gives up a frozen master, and the master for reads too, so a read sees what was written.
    'recommended' => ['read_write_timeout' => 1.0, 'timeout' => 1.0, 'reads_on_master' => true],
];

function emit(array $line): void
{
    fwrite(STDOUT, json_encode($line, JSON_UNESCAPED_SLASHES) . "\n");
}

$profile = getenv('RHL_PROFILE') ?: 'default';
if (!isset($profiles[$profile])) {
    fwrite(STDERR, "unknown RHL_PROFILE '$profile': use " . implode(' or ', array_keys($profiles)) . "\n");
    exit(2);
}
$settings = $profiles[$profile];
emit(['type' => 'hello', 'library' => 'predis', 'version' => Predis\Client::VERSION, 'language' => 'php ' . PHP_VERSION,
      'profile' => $profile, 'settings' => (object) $settings]);
if (getenv('RHL_HELLO_ONLY')) {
    exit(0);
}

$password = getenv('RHL_PASSWORD') ?: null;
$connection = [];
if (isset($settings['read_write_timeout'])) {
    $connection['read_write_timeout'] = $settings['read_write_timeout'];
}
if (isset($settings['timeout'])) {
    $connection['timeout'] = $settings['timeout'];
}
if ($password !== null) {
    $connection['password'] = $password;
}
$sentinels = array_map(fn ($address) => 'tcp://' . $address, explode(',', getenv('RHL_SENTINELS')));
$options = ['replication' => 'sentinel', 'service' => getenv('RHL_MASTER_NAME') ?: 'mymaster'];
if ($connection) {
    $options['parameters'] = $connection;
}
$client = new Predis\Client($sentinels, $options);
if (!empty($settings['reads_on_master'])) {
    // predis 1.1 sends read-only commands to a replica; this is its own switch to keep GET on the master.
    $client->getConnection()->getReplicationStrategy()->setCommandReadOnly('GET', false);
}

$prefix = getenv('RHL_KEY_PREFIX') ?: 'rhl:predis:';
$ops = explode(',', getenv('RHL_OPS') ?: 'write');
$period = 1.0 / (float) (getenv('RHL_RATE') ?: 20);
$durationMs = (int) (getenv('RHL_DURATION_MS') ?: 0);
// The lab closes our stdin to say "finish the attempt under way and exit": check it between attempts.
stream_set_blocking(STDIN, false);

$started = microtime(true);
$lastWritten = null;
for ($n = 0; ; $n++) {
    if ($durationMs > 0 ? (microtime(true) - $started) * 1000 >= $durationMs : (fread(STDIN, 4096) === '' && feof(STDIN))) {
        break;
    }
    $op = $ops[$n % count($ops)];
    $at = microtime(true);
    $line = ['type' => 'attempt', 't' => (int) ($at * 1000), 'op' => $op];
    try {
        if ($op === 'write') {
            $line += ['key' => "$prefix$n", 'value' => (string) $n];
            $client->set("$prefix$n", (string) $n);
            $lastWritten = $n;
        } elseif ($op === 'read') {
            $line['key'] = $prefix . ($lastWritten ?? 'none');
            $line['value'] = $client->get($line['key']);
        } elseif ($op === 'blpop') {
            $line['key'] = "{$prefix}queue";
            $client->blpop(["{$prefix}queue"], 0.5);
        }
        $line['ok'] = true;
    } catch (Throwable $error) { // every failure is data: the lab judges it
        $line += ['ok' => false, 'error' => get_class($error) . ': ' . $error->getMessage()];
    }
    $line['ms'] = round((microtime(true) - $at) * 1000, 1);
    $current = $client->getConnection()->getCurrent();
    if ($current !== null) {
        $parameters = $current->getParameters();
        $line['server'] = "{$parameters->host}:{$parameters->port}";
    }
    emit($line);
    $pause = $at + $period - microtime(true);
    if ($pause > 0) {
        usleep((int) ($pause * 1e6));
    }
}
