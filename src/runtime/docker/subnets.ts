/** Whether two IPv4 CIDR ranges share any address (IPv6 ranges never clash with our IPv4 lab networks). */
export function subnetsOverlap(a: string, b: string): boolean {
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  if (!ra || !rb) return false;
  return ra.first <= rb.last && rb.first <= ra.last;
}

function cidrRange(cidr: string): { first: number; last: number } | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!match) return undefined;
  const bits = Number(match[5]);
  if (bits > 32 || match.slice(1, 5).some((octet) => Number(octet) > 255)) return undefined;
  const ip = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(ip / size) * size;
  return { first, last: first + size - 1 };
}
