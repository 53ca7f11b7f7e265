import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ColumnMapping, policeUkMapping } from './ingest/mapping.ts';
import { type IngestReport, readEvents } from './ingest/read-events.ts';
import { type Protocol, protocolSchema } from './protocol.ts';
import type { CrimeEvent } from './types.ts';

/** Reads and validates a protocol file; the data path is resolved against the file's folder. */
export function readProtocol(file: string): { protocol: Protocol; dataPath: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read the protocol (${(e as Error).message})`);
  }
  const parsed = protocolSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: invalid protocol at '${issue?.path.join('.')}': ${issue?.message}`);
  }
  return { protocol: parsed.data, dataPath: path.resolve(path.dirname(file), parsed.data.data.path) };
}

/** The column mapping a protocol's data section describes. */
export function mappingOf(protocol: Protocol): ColumnMapping {
  const category = protocol.events?.column;
  if (protocol.data.format === 'police.uk') {
    return { ...policeUkMapping, category: category ?? policeUkMapping.category };
  }
  return {
    time: protocol.data.time,
    coordinates: protocol.data.coordinates,
    ...(category ? { category } : {}),
  };
}

/** Loads every kept event of a protocol's file, projected to the protocol's grid CRS. */
export async function loadProtocolEvents(
  protocol: Protocol,
  dataPath: string,
  onProgress?: (rows: number) => void,
): Promise<{ events: CrimeEvent[]; report: IngestReport }> {
  return readEvents(dataPath, {
    mapping: mappingOf(protocol),
    toCrs: protocol.projection,
    ...(protocol.data.member ? { member: protocol.data.member } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}
