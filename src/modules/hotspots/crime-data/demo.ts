import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { DB } from '../../../db/schema.ts';
import { demoCast } from '../../../register/demo.ts';
import { HOTSPOT_SOURCES, sourceFile } from '../oversight/hotspot-run.ts';
import { type CrimeImportSummary, importCrimeData } from './service.ts';

/**
 * The demo force's crime data: the City of London police.uk file imported by the demo analyst,
 * so the crime data page and the forecast form show a force import. About a second; nothing is
 * imported when the file is absent.
 */
export async function seedDemoCrimeData(
  db: Kysely<DB>,
  config: Config,
  forceId: number,
): Promise<CrimeImportSummary | null> {
  const source = HOTSPOT_SOURCES.find((s) => s.id === 'city-of-london');
  if (!source) return null;
  const file = sourceFile(source);
  const analyst = await demoCast(db, forceId)('analyst');
  return importCrimeData(
    db,
    analyst,
    {
      title: 'City of London street crime (police.uk), April 2018 to November 2020',
      preset: 'police.uk',
      files: [{ name: path.basename(file), path: file }],
    },
    { key: config.dataEncryptionKey },
  );
}
