// A FIFO of received bytes kept as the chunks the socket delivered.
// Redis keeps one growing query buffer (c->querybuf) and reads big bulk arguments into a
// buffer sized for them (readQueryFromClient in networking.c); concatenating every chunk in
// JS would copy a large bulk once per chunk, so the parsers keep the chunks and only copy
// when they take bytes out.

const SMALL_CHUNK = 4096;
const TAIL_SIZE = 16384;

export class ByteQueue {
  private chunks: Buffer[] = [];
  private tail: Buffer | undefined; // own buffer that small chunks are appended to
  private tailUsed = 0;
  private first = 0; // index in chunks of the oldest chunk still holding bytes
  private head = 0; // bytes already consumed from chunks[first]
  private size = 0;

  /** Bytes held. */
  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.size += chunk.length;
    if (chunk.length >= SMALL_CHUNK) {
      this.chunks.push(chunk);
      return;
    }
    // Small chunks (a peer writing a byte at a time) are packed into a tail buffer so the
    // chunk count, which scan() and byteAt() walk, stays proportional to bytes / SMALL_CHUNK.
    const last = this.chunks.length > this.first ? this.chunks[this.chunks.length - 1] : undefined;
    if (
      this.tail !== undefined &&
      last !== undefined &&
      last.buffer === this.tail.buffer &&
      this.tailUsed + chunk.length <= this.tail.length
    ) {
      chunk.copy(this.tail, this.tailUsed);
      this.tailUsed += chunk.length;
      this.chunks[this.chunks.length - 1] = this.tail.subarray(0, this.tailUsed);
      return;
    }
    this.tail = Buffer.allocUnsafeSlow(TAIL_SIZE);
    chunk.copy(this.tail, 0);
    this.tailUsed = chunk.length;
    this.chunks.push(this.tail.subarray(0, this.tailUsed));
  }

  /** The byte at index (0 = oldest byte), or -1 past the end. */
  byteAt(index: number): number {
    if (index < 0 || index >= this.size) return -1;
    let rest = index + this.head;
    for (let i = this.first; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      if (rest < chunk.length) return chunk[rest]!;
      rest -= chunk.length;
    }
    return -1;
  }

  /**
   * Index of the first byte at or after `from` that equals `target`, or that is 0 when
   * stopAtNul is set (the caller tells the two apart by reading that byte); -1 if none.
   * stopAtNul reproduces strchr() on the NUL-terminated query buffer, which stops at an
   * embedded NUL (processInlineBuffer and processMultibulkBuffer in networking.c).
   */
  scan(target: number, from: number, stopAtNul: boolean): number {
    let base = 0; // queue index of the first unconsumed byte of the current chunk
    for (let i = this.first; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      const skip = i === this.first ? this.head : 0;
      const usable = chunk.length - skip;
      if (from < base + usable) {
        const start = skip + Math.max(0, from - base);
        let hit = chunk.indexOf(target, start);
        if (stopAtNul) {
          const nul = chunk.indexOf(0, start);
          if (nul !== -1 && (hit === -1 || nul < hit)) hit = nul;
        }
        if (hit !== -1) return base + hit - skip;
      }
      base += usable;
    }
    return -1;
  }

  /** Removes and returns the first n bytes (n <= length). */
  take(n: number): Buffer {
    const count = Math.min(n, this.size);
    const chunk = this.chunks[this.first];
    if (chunk !== undefined && this.head + count <= chunk.length) {
      const out = chunk.subarray(this.head, this.head + count);
      this.discard(count);
      return out;
    }
    const out = Buffer.allocUnsafe(count);
    let written = 0;
    while (written < count) {
      const current = this.chunks[this.first]!;
      const piece = Math.min(current.length - this.head, count - written);
      current.copy(out, written, this.head, this.head + piece);
      written += piece;
      this.discard(piece);
    }
    return out;
  }

  /** Drops the first n bytes (n <= length). */
  discard(n: number): void {
    let rest = Math.min(n, this.size);
    this.size -= rest;
    while (rest > 0) {
      const chunk = this.chunks[this.first]!;
      const available = chunk.length - this.head;
      if (rest < available) {
        this.head += rest;
        return;
      }
      rest -= available;
      this.first++;
      this.head = 0;
    }
    this.compact();
  }

  clear(): void {
    this.chunks = [];
    this.tail = undefined;
    this.first = 0;
    this.head = 0;
    this.size = 0;
  }

  // Consumed chunks are dropped in batches so that many tiny chunks cost O(1) each.
  private compact(): void {
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
    } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
