// The limits Redis puts on a client's buffers (client-query-buffer-limit, client-output-buffer-limit for
// pub/sub clients) and the address format of CLIENT LIST (anetFormatAddr).

/** client-query-buffer-limit default: a client buffering more unparsed input is disconnected. */
export const QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024;
/** client-output-buffer-limit pubsub 32mb 8mb 60: a subscriber that does not read is disconnected. */
export const PUBSUB_OUTPUT_HARD_LIMIT = 32 * 1024 * 1024;
export const PUBSUB_OUTPUT_SOFT_LIMIT = 8 * 1024 * 1024;
export const PUBSUB_OUTPUT_SOFT_SECONDS = 60;

/** The pub/sub output limit of checkClientOutputBufferLimits(): over the hard limit, or over the soft one for too long. */
export class PubSubOutputLimit {
  private softSince = 0;

  exceeded(pending: number, now: number): boolean {
    if (pending > PUBSUB_OUTPUT_HARD_LIMIT) return true;
    if (pending <= PUBSUB_OUTPUT_SOFT_LIMIT) {
      this.softSince = 0;
      return false;
    }
    if (this.softSince === 0) this.softSince = now;
    return now - this.softSince > PUBSUB_OUTPUT_SOFT_SECONDS * 1000;
  }
}

/** anetFormatAddr(): IPv6 addresses in brackets; IPv4-mapped IPv6 addresses shown as IPv4. */
export function formatPeer(address: string | undefined, port: number | undefined): string {
  const ip = (address ?? '?').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return ip.includes(':') ? `[${ip}]:${port ?? 0}` : `${ip}:${port ?? 0}`;
}
