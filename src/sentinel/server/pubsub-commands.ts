// SUBSCRIBE / UNSUBSCRIBE / PSUBSCRIBE / PUNSUBSCRIBE (pubsub.c) and Sentinel's own PUBLISH
// (sentinelPublishCommand). Confirmations are pushes: RESP3 '>' frames, RESP2 arrays, sent even when
// CLIENT REPLY is OFF (CLIENT_PUSHING).

import { SENTINEL_HELLO_CHANNEL } from '../constants.js';
import { processHello } from '../core/hello.js';
import { bulk, errorReply, int, push } from '../resp/reply.js';
import type { ClientConnection } from './client-connection.js';
import type { CommandCall } from './server-context.js';

/** addReplyPubsub(Pat)(Un)Subscribed(): [kind, channel-or-null, subscription count]. */
function confirm(client: ClientConnection, kind: string, name: string | null): void {
  client.push(push([bulk(kind), bulk(name), int(client.subscriptionCount)]));
}

export function subscribeCommand({ ctx, client, argv }: CommandCall): void {
  for (const channel of argv.slice(1)) {
    ctx.pubsub.subscribe(client, channel);
    confirm(client, 'subscribe', channel);
  }
}

export function psubscribeCommand({ ctx, client, argv }: CommandCall): void {
  for (const pattern of argv.slice(1)) {
    ctx.pubsub.psubscribe(client, pattern);
    confirm(client, 'psubscribe', pattern);
  }
}

/** UNSUBSCRIBE [channel ...]: without arguments, from every channel (one confirmation with null if none). */
export function unsubscribeCommand({ ctx, client, argv }: CommandCall): void {
  if (argv.length > 1) {
    for (const channel of argv.slice(1)) {
      ctx.pubsub.unsubscribe(client, channel);
      confirm(client, 'unsubscribe', channel);
    }
    return;
  }
  const channels = [...client.channels];
  for (const channel of channels) {
    ctx.pubsub.unsubscribe(client, channel);
    confirm(client, 'unsubscribe', channel);
  }
  if (channels.length === 0) confirm(client, 'unsubscribe', null);
}

/** PUNSUBSCRIBE [pattern ...] */
export function punsubscribeCommand({ ctx, client, argv }: CommandCall): void {
  if (argv.length > 1) {
    for (const pattern of argv.slice(1)) {
      ctx.pubsub.punsubscribe(client, pattern);
      confirm(client, 'punsubscribe', pattern);
    }
    return;
  }
  const patterns = [...client.patterns];
  for (const pattern of patterns) {
    ctx.pubsub.punsubscribe(client, pattern);
    confirm(client, 'punsubscribe', pattern);
  }
  if (patterns.length === 0) confirm(client, 'punsubscribe', null);
}

/**
 * PUBLISH channel message: a sentinel accepts only hellos, which other sentinels send it directly; the hello
 * is processed as if it had been read on a master's hello channel, and nothing is delivered to subscribers.
 */
export function publishCommand({ ctx, client, argv }: CommandCall): void {
  if (argv[1] !== SENTINEL_HELLO_CHANNEL) {
    return client.reply(errorReply('ERR Only HELLO messages are accepted by Sentinel instances.'));
  }
  processHello(ctx.engine, argv[2]!);
  client.reply(int(1));
}
