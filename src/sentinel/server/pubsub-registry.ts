// Channel and pattern subscriptions of this server's clients (server.pubsub_channels / pubsub_patterns and
// the per-client sets of pubsub.c), and delivery of published messages.

import { stringMatch } from '../string-match.js';
import { bulk, push, type Reply } from '../resp/reply.js';
import type { ClientConnection } from './client-connection.js';

export class PubSubRegistry {
  // Sets keep insertion order: subscribers get a message in the order they subscribed, as the lists do in Redis.
  private readonly channels = new Map<string, Set<ClientConnection>>();
  private readonly patterns = new Map<string, Set<ClientConnection>>();

  /** pubsub_channels: channels with at least one subscriber (INFO stats). */
  get channelCount(): number {
    return this.channels.size;
  }

  /** pubsub_patterns (INFO stats). */
  get patternCount(): number {
    return this.patterns.size;
  }

  /** pubsubSubscribeChannel(): false when the client was already subscribed. */
  subscribe(client: ClientConnection, channel: string): boolean {
    if (client.channels.has(channel)) return false;
    client.channels.add(channel);
    add(this.channels, channel, client);
    return true;
  }

  /** pubsubUnsubscribeChannel(): false when the client was not subscribed. */
  unsubscribe(client: ClientConnection, channel: string): boolean {
    if (!client.channels.delete(channel)) return false;
    remove(this.channels, channel, client);
    return true;
  }

  /** pubsubSubscribePattern() */
  psubscribe(client: ClientConnection, pattern: string): boolean {
    if (client.patterns.has(pattern)) return false;
    client.patterns.add(pattern);
    add(this.patterns, pattern, client);
    return true;
  }

  /** pubsubUnsubscribePattern() */
  punsubscribe(client: ClientConnection, pattern: string): boolean {
    if (!client.patterns.delete(pattern)) return false;
    remove(this.patterns, pattern, client);
    return true;
  }

  /** freeClient(): drop every subscription without notifying the client. */
  removeClient(client: ClientConnection): void {
    for (const channel of client.channels) remove(this.channels, channel, client);
    for (const pattern of client.patterns) remove(this.patterns, pattern, client);
    client.channels.clear();
    client.patterns.clear();
  }

  /**
   * pubsubPublishMessage(): to the channel's subscribers, then to the clients of every matching pattern
   * (stringmatchlen, case-sensitive, see string-match.ts). Returns how many deliveries were made.
   */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const direct = this.channels.get(channel);
    if (direct) {
      const reply = push([bulk('message'), bulk(channel), bulk(message)]);
      for (const client of [...direct]) {
        client.push(reply);
        receivers++;
      }
    }
    for (const [pattern, clients] of [...this.patterns]) {
      if (!stringMatch(pattern, channel)) continue;
      const reply: Reply = push([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]);
      for (const client of [...clients]) {
        client.push(reply);
        receivers++;
      }
    }
    return receivers;
  }
}

function add(table: Map<string, Set<ClientConnection>>, key: string, client: ClientConnection): void {
  let set = table.get(key);
  if (!set) table.set(key, (set = new Set()));
  set.add(client);
}

function remove(table: Map<string, Set<ClientConnection>>, key: string, client: ClientConnection): void {
  const set = table.get(key);
  if (!set) return;
  set.delete(client);
  // Free the entry with its last subscriber, so abandoned channels cost nothing.
  if (set.size === 0) table.delete(key);
}
