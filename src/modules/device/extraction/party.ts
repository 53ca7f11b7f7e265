import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Party } from './records.ts';

/**
 * Keys for the parties of messages and calls, so one person is one key across an extraction:
 * phone numbers in E.164 (libphonenumber-js, default region GB), e-mail addresses lower-cased,
 * WhatsApp display names as `name:<display name>`; anything else (short codes, alphanumeric
 * sender IDs such as `HSBC`, handles) kept as it is.
 */

/** Region assumed for numbers written without a country code. */
export const DEFAULT_REGION = 'GB';

const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/** Keys found so far by address: an extraction repeats the same few hundred numbers. */
const known = new Map<string, string>();

/** The key of an address as a device stores it (a number, an e-mail, a sender ID). */
export function addressKey(address: string): string {
  let key = known.get(address);
  if (key === undefined) {
    key = keyOf(address);
    if (known.size > 50_000) known.clear();
    known.set(address, key);
  }
  return key;
}

function keyOf(address: string): string {
  const text = address.trim();
  if (!text) return 'unknown';
  if (text.includes('@') && !text.includes(' ')) return text.toLowerCase();
  if (PHONE_LIKE.test(text) && text.replace(/\D/g, '').length >= 7) {
    const phone = parsePhoneNumberFromString(text, DEFAULT_REGION);
    if (phone?.isPossible()) return phone.number;
  }
  return text;
}

/** A party from a device address, with the name the device shows when known. */
export function partyOf(address: string, name?: string | null): Party {
  const shown = name?.trim();
  return shown ? { key: addressKey(address), name: shown } : { key: addressKey(address) };
}

/** A party from a WhatsApp display name: a number when the contact was not saved, else `name:`. */
export function displayNameParty(display: string): Party {
  const text = display.trim();
  const key = addressKey(text);
  if (key.startsWith('+')) return { key, name: text };
  return { key: `name:${text}`, name: text };
}

/** The party for a message sent to a group: `group:<name>`. */
export function groupParty(group: string): Party {
  return { key: `group:${group}`, name: group };
}
