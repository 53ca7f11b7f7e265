/** The Luhn (mod 10) check used by payment cards and IMEIs (ISO/IEC 7812-1). */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card scheme from the issuer identification number and length, or null for none known. */
export function cardScheme(digits: string): string | null {
  const n = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'Visa';
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && n === 16) return 'Mastercard';
  if ((two === 34 || two === 37) && n === 15) return 'American Express';
  if ((digits.startsWith('6011') || two === 65) && n >= 16 && n <= 19) return 'Discover';
  if ((two === 50 || (two >= 56 && two <= 69)) && n >= 12 && n <= 19) return 'Maestro';
  if (four >= 3528 && four <= 3589 && n >= 16 && n <= 19) return 'JCB';
  if ((two === 36 || two === 38 || two === 30) && n >= 14 && n <= 19) return 'Diners Club';
  return null;
}

/** A card number as shown: every digit but the last four hidden ("**** **** **** 1234"). */
export function maskCard(digits: string): string {
  const masked = '*'.repeat(digits.length - 4) + digits.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}
