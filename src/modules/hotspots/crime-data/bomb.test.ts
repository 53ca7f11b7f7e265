import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { multipartBody } from '../../../test/multipart.ts';

/**
 * Compressed uploads that unpack to far more than they weigh ("zip bombs") are refused with 413
 * as soon as unpacking passes the ratio any real export has, and the service keeps answering.
 */
let t: TestApp;
let base = '';
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => t?.close());

/** 64 MiB of one repeated crime row: packs to a few hundred kilobytes. */
function hugeCsv(): Uint8Array {
  const header = 'Month,Longitude,Latitude,Crime type\n';
  const row = '2023-01,-0.09,51.51,Burglary\n';
  return new TextEncoder().encode(header + row.repeat(Math.ceil((64 * 2 ** 20) / row.length)));
}

async function uploadOverHttp(name: string, data: Uint8Array) {
  const { cookie, csrfToken } = await t.login('analyst');
  const { payload, contentType } = multipartBody({ title: 'Crimes', preset: 'police.uk' }, [
    { field: 'files', name, data: Buffer.from(data) },
  ]);
  const res = await fetch(`${base}/api/forces/demo/crime-data`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType },
    body: new Uint8Array(payload),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** `/health` asked every 20 ms while `work` runs: every answer must come back 200. */
async function healthDuring<T>(work: Promise<T>): Promise<{ result: T; answers: number[] }> {
  let done = false;
  const answers: number[] = [];
  const polling = (async () => {
    while (!done) {
      answers.push((await fetch(`${base}/health`)).status);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await polling;
  return { result, answers };
}

const imports = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('crime_imports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('compressed uploads that unpack too far', () => {
  for (const [name, pack] of [
    ['bomb.zip', (csv: Uint8Array) => zipSync({ 'street.csv': csv }, { level: 9 })],
    ['bomb.csv.gz', (csv: Uint8Array) => new Uint8Array(gzipSync(csv, { level: 9 }))],
    [
      // A trailer that lies about the unpacked size: caught while unpacking instead.
      'forged.csv.gz',
      (csv: Uint8Array) => {
        const gz = new Uint8Array(gzipSync(csv, { level: 9 }));
        new DataView(gz.buffer).setUint32(gz.length - 4, 1000, true);
        return gz;
      },
    ],
  ] as const) {
    it(`refuses ${name} with 413 naming the file, imports nothing, and /health answers throughout`, async () => {
      const packed = pack(hugeCsv());
      expect(packed.length).toBeLessThan(2 ** 20);
      const before = await imports();
      const { result, answers } = await healthDuring(uploadOverHttp(name, packed));
      expect(result.status, JSON.stringify(result.json)).toBe(413);
      expect(result.json.code).toBe('upload-unpacks-too-far');
      expect(String(result.json.detail)).toContain(`${name}: unpacks to more than 100 times its packed size`);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((s) => s === 200)).toBe(true);
      expect(await imports()).toBe(before);
    });
  }
});
