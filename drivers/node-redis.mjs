#!/usr/bin/env node
// redis-ha-lab client driver for node-redis (`redis` on npm), through its own Sentinel support (createSentinel).
// Protocol: docs/CLIENTS.md. Settings come from RHL_* variables; one JSON line per attempt goes to stdout.
import { createRequire } from 'node:module';
import { attemptLoop, emit, readSettings } from './node-driver-loop.mjs';

// node-redis reports some discovery errors with console.log; stdout is the protocol's, so they go to stderr.
console.log = (...args) => console.error(...args);

let createSentinel;
let version;
try {
  ({ createSentinel } = await import('redis'));
  version = createRequire(import.meta.url)('redis/package.json').version;
} catch (error) {
  process.stderr.write(`node-redis is not installed (${error.message}): npm install redis@5\n`);
  process.exit(3);
}

const profiles = {
  // The library as it comes: reconnects to the node it lost, forever; no command timeout.
  default: {},
  // Give up a lost node after a few tries, so the sentinel client asks the sentinels again, and time out
  // connecting and commands in a second.
  recommended: { connectTimeout: 1000, reconnectTries: 3, commandTimeout: 1000 },
};

const settings = readSettings(profiles);
emit({
  type: 'hello',
  library: 'node-redis',
  version,
  language: `node ${process.versions.node}`,
  profile: settings.profile,
  settings: settings.library,
});
if (process.env.RHL_HELLO_ONLY) process.exit(0);

const { connectTimeout, reconnectTries, commandTimeout } = settings.library;
const socket = {
  ...(connectTimeout ? { connectTimeout } : {}),
  ...(reconnectTries ? { reconnectStrategy: (retries) => (retries >= reconnectTries ? false : 100) } : {}),
};
const auth = settings.password ? { password: settings.password } : {};
const sentinel = createSentinel({
  name: settings.masterName,
  sentinelRootNodes: settings.sentinels,
  nodeClientOptions: { socket, ...auth },
  sentinelClientOptions: { socket }, // the password is the redis nodes'; the lab's sentinels take none
  ...(commandTimeout ? { commandOptions: { timeout: commandTimeout } } : {}),
});
sentinel.on('error', () => {}); // errors are reported per attempt; without a listener the process would crash
await sentinel.connect().catch(() => {}); // a first failure shows on the attempts

await attemptLoop(settings, {
  write: (key, value) => sentinel.set(key, value),
  read: (key) => sentinel.get(key),
  blpop: (key) => sentinel.blPop(key, 0.5),
  server: () => undefined, // node-redis does not say which node a command went to
});
// close() can wait forever on a node that never answers; the attempts are out, so leave without it.
process.exit(0);
