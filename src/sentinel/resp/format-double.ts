// printf("%.17g") for a JS number, which addReplyDouble in networking.c uses for both the
// RESP2 bulk and the RESP3 ',' double (infinities are spelt "inf" / "-inf" explicitly there;
// glibc prints NaN as "nan"). JS toPrecision rounds exact ties up while glibc rounds them to
// even, so the digits are computed here from the exact binary value with BigInt.

const PRECISION = 17;

// |value| = digits * 10^scale exactly (every double is a finite decimal).
function exactDecimal(value: number): { digits: string; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = high >>> 20;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = biased === 0 ? -1074 : biased - 1075;
  if (exponent >= 0) return { digits: (mantissa << BigInt(exponent)).toString(), scale: 0 };
  // m / 2^k = m * 5^k / 10^k
  return { digits: (mantissa * 5n ** BigInt(-exponent)).toString(), scale: exponent };
}

// The first PRECISION significant digits rounded half to even, and the decimal exponent
// of the first one.
function roundedDigits(value: number): { digits: string; exponent: number } {
  const exact = exactDecimal(value);
  let exponent = exact.digits.length - 1 + exact.scale;
  if (exact.digits.length <= PRECISION) return { digits: exact.digits, exponent };
  let head = BigInt(exact.digits.slice(0, PRECISION));
  const rest = exact.digits.slice(PRECISION);
  const first = rest.charCodeAt(0) - 0x30;
  const beyondHalf = /[1-9]/.test(rest.slice(1));
  if (first > 5 || (first === 5 && (beyondHalf || head % 2n === 1n))) head += 1n;
  let digits = head.toString();
  if (digits.length > PRECISION) {
    digits = digits.slice(0, PRECISION); // 99..9 + 1 = 100..0: one more digit before the point
    exponent += 1;
  }
  return { digits, exponent };
}

function stripZeros(digits: string): string {
  return digits.replace(/0+$/, '');
}

export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0`;

  const { digits, exponent } = roundedDigits(value);
  const significant = stripZeros(digits) || '0';
  // %g: scientific when the exponent is below -4 or at least the precision, trailing
  // zeros removed in both styles.
  if (exponent < -4 || exponent >= PRECISION) {
    const fraction = significant.slice(1);
    const exp = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return `${sign}${significant[0]}${fraction ? `.${fraction}` : ''}e${exp}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${significant}`;
  const integer = significant.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = significant.slice(exponent + 1);
  return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}
