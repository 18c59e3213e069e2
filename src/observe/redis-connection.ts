import { Redis } from 'ioredis';
import type { Address } from '../topology/topology.js';

export interface ConnectOptions {
  password?: string;
  timeoutMs?: number;
}

/**
 * Opens a connection that fails fast instead of retrying: probes treat an unreachable node as a fact to
 * report, not something to wait out. The caller must `disconnect()` it.
 */
export async function connect(address: Address, options: ConnectOptions = {}): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const client = new Redis({
    host: address.host,
    port: address.port,
    password: options.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
    enableOfflineQueue: false,
  });
  // Errors surface through the awaited commands; without a listener ioredis would also print them.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

/** Runs `work` on a fresh connection and always closes it. */
export async function withConnection<T>(address: Address, options: ConnectOptions, work: (client: Redis) => Promise<T>): Promise<T> {
  const client = await connect(address, options);
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}
