import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Config } from '../../../config.ts';
import type { DB } from '../../../db/schema.ts';
import type { RunRuntime } from '../../../oversight/execute.ts';
import { markOpened, reviewRun } from '../../../oversight/runs.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { demoCast } from '../../../register/demo.ts';
import { projectRoot } from '../../../shared-data.ts';
import { createCase } from '../../pole/services.ts';
import { hashImage } from '../pdq/image.ts';
import { deviceSystem, startDeviceAnalysis } from './analyses.ts';
import { recordAuthorisation } from './authorisations.ts';
import { importExtraction } from './extractions.ts';
import { loadHashList } from './hash-lists.ts';

export const DEMO_DEVICE_FILES = path.join(projectRoot, 'src/modules/device/extraction/demo');
export const DEMO_DEVICE_CASE = 'DEMO/2026/0211';

/**
 * Six harmless pictures drawn for the demo (coloured shapes); the fourth stands in for a known
 * image, its PDQ hash put on a demo list, so the demo shows a match without any real material.
 */
async function demoImages(): Promise<Array<{ name: string; bytes: Buffer }>> {
  const shapes = [
    '<circle cx="160" cy="120" r="90" fill="#1d70b8"/>',
    '<rect x="40" y="30" width="240" height="180" fill="#00703c"/>',
    '<polygon points="160,10 310,230 10,230" fill="#d4351c"/>',
    '<rect x="0" y="0" width="160" height="240" fill="#ffdd00"/><rect x="160" y="0" width="160" height="240" fill="#4c2c92"/>',
    '<ellipse cx="160" cy="120" rx="150" ry="60" fill="#f47738"/>',
    '<line x1="0" y1="0" x2="320" y2="240" stroke="#0b0c0c" stroke-width="30"/>',
  ];
  return Promise.all(
    shapes.map(async (shape, i) => ({
      name: `IMG-2024061${i}-WA000${i}.jpg`,
      bytes: await sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#f3f2f1"/>${shape}</svg>`,
        ),
      )
        .jpeg({ quality: 90 })
        .toBuffer(),
    })),
  );
}

/**
 * The demo force's device evidence: a drugs supply case with the suspect's phone, authorised by
 * the case's supervisor (the demo analyst), imported from a WhatsApp export, an Android
 * database pair, a week of location history and a zip of images (one on a demo known-image list
 * loaded by information security), summarised through the runtime with two lines of enquiry
 * (one that could point away from the suspect) and reviewed by the analyst.
 */
export async function seedDeviceDemo(ctx: {
  db: Kysely<DB>;
  config: Config;
  runs: RunRuntime;
  forceId: number;
}) {
  const { db, config, runs, forceId } = ctx;
  const cast = demoCast(db, forceId);
  const officer = await cast('officer');
  const analyst = await cast('analyst');
  const infosec = await cast('information-security-officer');
  const key = config.dataEncryptionKey;
  const images = await demoImages();
  const known = await hashImage(images[3]!.bytes, images[3]!.name);
  await loadHashList(db, infosec, {
    name: 'demo-list.txt',
    text: `# name: Demo known images\n# source: Bluelamp demo (synthetic shapes, no real material)\n${known.hash} demo-4\n`,
  });
  const c = await createCase(db, key, officer, {
    reference: DEMO_DEVICE_CASE,
    title: 'Supply of controlled drugs, Quayside, Newcastle upon Tyne, June 2024',
    reviewOn: '2033-06-30',
    supervisor: analyst.email,
  });
  const a = await recordAuthorisation(db, key, officer, c.id, {
    device: 'Samsung Galaxy A14, exhibit JP/3',
    owner: 'Jordan Pike',
    ownerRole: 'suspect',
    purpose:
      'To establish who supplied and collected the drugs found on 15 June 2024 and where the suspect was that week; limited to the week of the alleged supply.',
    from: '2024-06-10',
    to: '2024-06-16',
    kinds: ['messages', 'calls', 'locations', 'images'],
    authorisedBy: analyst.email,
    retainUntil: '2031-06-30',
  });
  const file = (name: string) => ({ name, bytes: readFileSync(path.join(DEMO_DEVICE_FILES, name)) });
  const zip = zipSync(Object.fromEntries(images.map((im) => [im.name, new Uint8Array(im.bytes)])), {
    level: 0,
  });
  const x = await importExtraction(
    db,
    key,
    officer,
    c.id,
    a.id,
    [
      file('WhatsApp Chat with Quayside.txt'),
      file('mmssms.db'),
      file('calllog.db'),
      file('2024_JUNE.json'),
      { name: 'WhatsApp Images.zip', bytes: zip },
    ],
    { owner: 'Jordan Pike' },
  );
  if (!(await deviceSystem(db, forceId))) return;
  const run = await startDeviceAnalysis(runs, officer, c.id, x.id, {
    subjects: [
      { key: '07700 900121', name: 'Kyle Dunn (co-accused)' },
      { key: 'Kyle Dunn', name: 'Kyle Dunn (co-accused)' },
    ],
    lines: [
      { label: 'Handover of the drugs', direction: 'towards', terms: ['van', 'bridge', 'haymarket', 'drop'] },
      { label: 'Elsewhere at the time (alibi)', direction: 'away', terms: ['work', 'shift', 'tea', 'mum'] },
    ],
  });
  await drainRuns(runs);
  await markOpened(db, run.id, analyst.personId);
  await reviewRun(db, analyst, run.id, {
    decision: 'accepted',
    reasons:
      'Checked the contacts, timeline, stays and every line-of-enquiry hit against the cited records; third parties stay pseudonymous.',
  });
}
