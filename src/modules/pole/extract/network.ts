import { isIPv4, isIPv6 } from 'node:net';
import type { Found } from './types.ts';

const EMAIL =
  /(?<![\w.+-])[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9_])?@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

/** E-mail addresses (RFC 5321 dot-atom local parts), normalised to lower case. */
export function findEmails(text: string): Found[] {
  return [...text.matchAll(EMAIL)]
    .filter((m) => !m[0].includes('..'))
    .map((m) => ({
      category: 'object' as const,
      kind: 'email' as const,
      text: m[0],
      value: m[0].toLowerCase(),
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.98,
      foundBy: 'rule:email',
      attributes: { domain: m[0].split('@')[1]!.toLowerCase() },
    }));
}

const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g;

/** IPv4 and IPv6 addresses (checked by Node's parser; IPv6 written in its canonical lower case). */
export function findIpAddresses(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(IPV4)) {
    if (!isIPv4(m[0])) continue;
    out.push({
      category: 'object',
      kind: 'ip-address',
      text: m[0],
      value: m[0].split('.').map(Number).join('.'),
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.95,
      foundBy: 'rule:ipv4',
      attributes: { version: 4 },
    });
  }
  for (const m of text.matchAll(IPV6)) {
    if (!isIPv6(m[0]) || !/[0-9a-f]{2}/i.test(m[0]) || /^\d{1,2}(:\d{2}){1,2}$/.test(m[0])) continue;
    out.push({
      category: 'object',
      kind: 'ip-address',
      text: m[0],
      value: new URL(`http://[${m[0]}]/`).hostname.slice(1, -1),
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.95,
      foundBy: 'rule:ipv6',
      attributes: { version: 6 },
    });
  }
  return out;
}
