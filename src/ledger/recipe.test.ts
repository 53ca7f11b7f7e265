import { verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { importPublicKeyRaw } from './tree-head.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const cellText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;|’/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** The recipe table of the public ledger page, as the text of each row's cells. */
function recipeRows(page: string): string[][] {
  const table = page.split('id="signed-bytes"')[1]?.split('</table>')[0];
  if (!table) return [];
  const body = table.split('<tbody')[1] ?? '';
  return body
    .split('</tr>')
    .filter((r) => r.includes('<td'))
    .map((r) => [...r.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => cellText(m[1]!)));
}

describe('the public ledger page', () => {
  it('describes the signed bytes so that following it verifies a real signature', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/ledger' });
    expect(page.statusCode).toBe(200);
    const text = cellText(page.body);
    const total = Number(/The (\d+) signed bytes of a tree head/.exec(text)?.[1]);
    const rows = recipeRows(page.body);
    expect(rows.length).toBeGreaterThan(0);

    // The tree head and key, fetched as the page says.
    const head = (await t.app.inject({ method: 'GET', url: '/api/ledger/tree-head' })).json();
    const key = (await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json();
    expect(page.body).toContain(head.signature);
    expect(page.body).toContain(key.publicKey);

    // Follow the recipe, knowing only what the page says: offset, size, how written, value.
    const bytes = Buffer.alloc(total);
    for (const [offset, size, , written, value] of rows) {
      const at = Number(offset);
      const n = Number(size);
      const source = /^the tree head's (\w+)$/.exec(value!)?.[1];
      if (written === 'unsigned integer, big-endian') {
        const v = BigInt(source ? head[source] : Number(value));
        for (let i = 0; i < n; i++) bytes[at + i] = Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn);
      } else if (written === 'raw bytes (hex decoded)') {
        const raw = Buffer.from(head[source!], 'hex');
        expect(raw.length).toBe(n);
        raw.copy(bytes, at);
      } else {
        throw new Error(`the recipe writes a field as "${written}", which this reader does not know`);
      }
    }
    const signature = Buffer.from(head.signature, 'base64');
    expect(verify(null, bytes, importPublicKeyRaw(key.publicKey), signature)).toBe(true);

    // The recipe covers every byte once, and the signature fails on any other root.
    const covered = rows.reduce((sum, r) => sum + Number(r[1]), 0);
    expect(covered).toBe(total);
    bytes.writeUInt8(bytes.readUInt8(total - 3) ^ 1, total - 3);
    expect(verify(null, bytes, importPublicKeyRaw(key.publicKey), signature)).toBe(false);
  });
});
