#!/usr/bin/env node
// A client that finds the master through the sentinels (ioredis `sentinels:`), the way an application with
// Sentinel support does, and writes a counter every 200 ms, printing which node acknowledged each write.
// During a failover you see the writes fail, then continue on the new master after +switch-master.
//
//   node examples/follow-master.mjs [--name LAB] [--seconds N]      (Ctrl-C to stop)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const arg = (flag, fallback) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const lab = arg('--name', 'redis-ha-lab');
const seconds = Number(arg('--seconds', '0'));
const home = process.env.REDIS_HA_LAB_HOME || join(homedir(), '.redis-ha-lab');
const { topology } = JSON.parse(readFileSync(join(home, 'labs', lab, 'lab.json'), 'utf8'));

// Sentinels answer with in-lab addresses; natMap turns them into the ones this host can reach.
const natMap = Object.fromEntries(topology.nodes.map((n) => [`${n.address.host}:${n.address.port}`, n.published]));
const nameOf = Object.fromEntries(topology.nodes.map((n) => [`${n.published.host}:${n.published.port}`, n.name]));
const client = new Redis({
  sentinels: topology.nodes.filter((n) => n.kind === 'sentinel').map((n) => n.published),
  name: topology.masterName,
  password: topology.password,
  natMap,
  sentinelRetryStrategy: () => 200,
  retryStrategy: () => 200,
  maxRetriesPerRequest: 1,
  // Also listen for +switch-master on the sentinels, not only for the master connection to fail.
  failoverDetector: true,
});
const connectedTo = () => {
  const stream = client.stream;
  const key = `${stream?.remoteAddress}:${stream?.remotePort}`;
  return nameOf[key] ?? key;
};
client.on('error', () => {});
client.on('ready', () => console.log(`connected to the master the sentinels named: ${connectedTo()}`));

let counter = 0;
const timer = setInterval(async () => {
  const n = ++counter;
  const at = new Date().toISOString().slice(11, 23);
  try {
    await client.set('follow-master:counter', n);
    console.log(`${at} write ${n} acknowledged by ${connectedTo()}`);
  } catch (error) {
    console.log(`${at} write ${n} failed: ${error.message}`);
  }
}, 200);

const stop = () => {
  clearInterval(timer);
  client.disconnect();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (seconds > 0) setTimeout(stop, seconds * 1000);
