// What a RESP2 connection's pub/sub context looks like from the client side, learnt only
// from the server's replies so that renamed commands (sentinel rename-command) work too.
// Redis answers (P|S)(UN)SUBSCRIBE with one [kind, channel, count] array per channel
// (addReplyPubsubSubscribed / addReplyPubsubUnsubscribed in pubsub.c), and an argument-less
// unsubscribe with one per current subscription, or a single [kind, nil, count] when there
// is none (pubsubUnsubscribeAllChannelsInternal); the client is in pub/sub context while it
// has any subscription (CLIENT_PUBSUB).

import type { RespValue } from './resp-value.js';

type Confirmation = 'subscribe' | 'unsubscribe' | 'psubscribe' | 'punsubscribe' | 'ssubscribe' | 'sunsubscribe';

const CONFIRMATIONS: ReadonlySet<string> = new Set<Confirmation>([
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
]);

export interface PubSubMessage {
  channel: string;
  payload: string;
  pattern?: string;
}

/** A delivery: [message|smessage, channel, payload] or [pmessage, pattern, channel, payload]. */
export function asPubSubMessage(reply: RespValue): PubSubMessage | undefined {
  if (!Array.isArray(reply)) return undefined;
  const [kind, a, b, c] = reply;
  if ((kind === 'message' || kind === 'smessage') && reply.length === 3 && typeof a === 'string' && typeof b === 'string') {
    return { channel: a, payload: b };
  }
  if (kind === 'pmessage' && reply.length === 4 && typeof a === 'string' && typeof b === 'string' && typeof c === 'string') {
    return { channel: b, payload: c, pattern: a };
  }
  return undefined;
}

/**
 * The kind of a (un)subscribe confirmation, or undefined. The integer count in third place
 * tells it apart from an ordinary reply that happens to hold the same strings.
 */
export function confirmationKind(reply: RespValue): string | undefined {
  if (!Array.isArray(reply) || reply.length !== 3) return undefined;
  const [kind, channel, count] = reply;
  if (typeof kind !== 'string' || !CONFIRMATIONS.has(kind)) return undefined;
  if ((typeof channel !== 'string' && channel !== null) || typeof count !== 'number') return undefined;
  return kind;
}

export class PubSubState {
  private readonly channels = new Set<string>();
  private readonly patterns = new Set<string>();
  private readonly shardChannels = new Set<string>();

  /** The link is in pub/sub context: only pub/sub commands, PING, QUIT and RESET run. */
  get active(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  /** Replies a command with argc arguments sends, given that its first one is a `kind` confirmation. */
  expectedReplies(kind: string, argc: number): number {
    if (argc > 1) return argc - 1;
    if (!kind.includes('unsubscribe')) return 1;
    return Math.max(1, this.setFor(kind).size);
  }

  /** Records a confirmation. */
  apply(kind: string, reply: RespValue): void {
    const channel = Array.isArray(reply) ? reply[1] : undefined;
    if (typeof channel !== 'string') return; // [unsubscribe, nil, n]: there was nothing to drop
    if (kind.includes('unsubscribe')) this.setFor(kind).delete(channel);
    else this.setFor(kind).add(channel);
  }

  /** RESET (resetCommand / clearClientConnectionState) drops every subscription. */
  clear(): void {
    this.channels.clear();
    this.patterns.clear();
    this.shardChannels.clear();
  }

  private setFor(kind: string): Set<string> {
    if (kind === 'psubscribe' || kind === 'punsubscribe') return this.patterns;
    if (kind === 'ssubscribe' || kind === 'sunsubscribe') return this.shardChannels;
    return this.channels;
  }
}
