#!/usr/bin/env node
// redis-ha-lab client driver for ioredis, through its own Sentinel support (new Redis({ sentinels, name })).
// Protocol: docs/CLIENTS.md. Settings come from RHL_* variables; one JSON line per attempt goes to stdout.
import { createRequire } from 'node:module';
import { attemptLoop, emit, readSettings } from './node-driver-loop.mjs';

let Redis;
let version;
try {
  ({ Redis } = await import('ioredis'));
  version = createRequire(import.meta.url)('ioredis/package.json').version;
} catch (error) {
  process.stderr.write(`ioredis is not installed (${error.message}): npm install ioredis\n`);
  process.exit(3);
}

const profiles = {
  // The library as it comes: commands wait in the offline queue while it reconnects, 20 retries per command,
  // no command timeout, and +switch-master is not followed (it waits for the old connection to fail).
  default: {},
  // Fail fast and follow the sentinels: a command times out in a second, the client listens for
  // +switch-master, and it reconnects to whatever the sentinels name.
  recommended: { commandTimeout: 1000, connectTimeout: 1000, maxRetriesPerRequest: 1, failoverDetector: true },
};

const settings = readSettings(profiles);
emit({
  type: 'hello',
  library: 'ioredis',
  version,
  language: `node ${process.versions.node}`,
  profile: settings.profile,
  settings: settings.library,
});
if (process.env.RHL_HELLO_ONLY) process.exit(0);

const redis = new Redis({
  sentinels: settings.sentinels,
  name: settings.masterName,
  ...(settings.password ? { password: settings.password } : {}), // the redis nodes'; the lab's sentinels take none
  ...settings.library,
});
redis.on('error', () => {}); // errors are reported per attempt; without a listener ioredis prints them

await attemptLoop(settings, {
  write: (key, value) => redis.set(key, value),
  read: (key) => redis.get(key),
  blpop: (key) => redis.blpop(key, 0.5),
  server: () => (redis.stream?.remoteAddress ? `${redis.stream.remoteAddress}:${redis.stream.remotePort}` : undefined),
});
redis.disconnect();
