// Glob matching with the rules of stringmatchlen() in Redis 7.0.15's util.c, on bytes, with its nocase
// option and its "skip longer matches" cut-off: once the rest of a pattern failed to match at every later
// position, no earlier '*' can help, so the search stops. Without that cut-off a pattern such as
// "*a*a*a*a*a*a*b" takes exponential time (CVE-2022-36021); clients choose PSUBSCRIBE and CONFIG GET
// patterns, so the server must not use a matcher without it.
// Quirks kept on purpose: "*" does not match the empty string, a '[' class without ']' treats the end of
// the pattern as its end, and a trailing lone backslash matches a backslash.

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

class Matcher {
  skipLonger = false;

  constructor(
    private readonly p: Buffer,
    private readonly s: Buffer,
    private readonly nocase: boolean,
  ) {}

  // Past the end reads as NUL, as the C code relies on the terminator.
  private pat(i: number): number {
    return i < this.p.length ? this.p[i]! : 0;
  }

  private eq(a: number, b: number): boolean {
    return this.nocase ? lower(a) === lower(b) : a === b;
  }

  match(pi: number, si: number): boolean {
    const p = this.p;
    const s = this.s;
    let plen = p.length - pi;
    let slen = s.length - si;
    while (plen > 0 && slen > 0) {
      const c = p[pi]!;
      if (c === 0x2a) {
        // '*'
        while (plen > 0 && this.pat(pi + 1) === 0x2a) {
          pi++;
          plen--;
        }
        if (plen === 1) return true;
        while (slen > 0) {
          if (this.match(pi + 1, si)) return true;
          if (this.skipLonger) return false;
          si++;
          slen--;
        }
        this.skipLonger = true;
        return false;
      } else if (c === 0x3f) {
        // '?'
        si++;
        slen--;
      } else if (c === 0x5b) {
        // '['
        pi++;
        plen--;
        const not = this.pat(pi) === 0x5e;
        if (not) {
          pi++;
          plen--;
        }
        let matched = false;
        for (;;) {
          if (this.pat(pi) === 0x5c && plen >= 2) {
            pi++;
            plen--;
            if (this.pat(pi) === s[si]) matched = true;
          } else if (this.pat(pi) === 0x5d) {
            break;
          } else if (plen === 0) {
            pi--;
            plen++;
            break;
          } else if (plen >= 3 && this.pat(pi + 1) === 0x2d) {
            let start = this.pat(pi);
            let end = this.pat(pi + 2);
            let ch = s[si]!;
            if (start > end) [start, end] = [end, start];
            if (this.nocase) {
              start = lower(start);
              end = lower(end);
              ch = lower(ch);
            }
            pi += 2;
            plen -= 2;
            if (ch >= start && ch <= end) matched = true;
          } else if (this.eq(this.pat(pi), s[si]!)) {
            matched = true;
          }
          pi++;
          plen--;
        }
        if (not) matched = !matched;
        if (!matched) return false;
        si++;
        slen--;
      } else {
        if (c === 0x5c && plen >= 2) {
          // '\' escapes the next byte
          pi++;
          plen--;
        }
        if (!this.eq(this.pat(pi), s[si]!)) return false;
        si++;
        slen--;
      }
      pi++;
      plen--;
      if (slen === 0) {
        while (this.pat(pi) === 0x2a) {
          pi++;
          plen--;
        }
        break;
      }
    }
    return plen === 0 && slen === 0;
  }
}

/** stringmatchlen(pattern, string, nocase) */
export function stringMatch(pattern: string, text: string, nocase = false): boolean {
  return new Matcher(Buffer.from(pattern, 'utf8'), Buffer.from(text, 'utf8'), nocase).match(0, 0);
}
