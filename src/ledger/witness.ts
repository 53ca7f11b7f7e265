/**
 * A witness: an independent process (the oversight board, another force, a journalist) that
 * follows a ledger's checkpoints, checks that each extends the last one it saw (RFC 9162
 * consistency proof), and cosigns it (C2SP tlog-cosignature v1). It keeps, in its state
 * directory: its Ed25519 key (witness-key.pem), its name, the log's verifier key (pinned on first
 * contact) and the latest checkpoint it cosigned (checkpoint).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import {
  type Checkpoint,
  COSIGNATURE_V1,
  formatNote,
  type NoteKey,
  parseCheckpointBody,
  parseNote,
  parseVerifierKey,
  signNote,
  verifiedSignature,
  verifierKey,
} from './checkpoint.ts';
import { generateSigningKeyPem } from './keys.ts';
import { verifyConsistency } from './merkle.ts';
import { exportPublicKeyRaw } from './tree-head.ts';

export class WitnessError extends Error {}

export const WITNESS_CHECKPOINT = 'checkpoint';

export interface Witness {
  dir: string;
  key: NoteKey;
  privateKey: KeyObject;
  verifierKey: string;
}

function writeAtomically(file: string, text: string, mode = 0o644): void {
  writeFileSync(`${file}.tmp`, text, { mode });
  renameSync(`${file}.tmp`, file);
}

/** Opens (creating if new) the witness's state directory and key. */
export function openWitness(dir: string, name?: string): Witness {
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'witness-key.pem');
  if (!existsSync(keyFile)) writeFileSync(keyFile, `${generateSigningKeyPem()}\n`, { mode: 0o600 });
  const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  const nameFile = path.join(dir, 'witness-name');
  if (!existsSync(nameFile)) {
    const raw = Buffer.from(exportPublicKeyRaw(publicKey), 'base64');
    const made =
      name ?? `witness/${hostname()}-${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
    writeFileSync(nameFile, `${made}\n`);
  }
  const key: NoteKey = { name: readFileSync(nameFile, 'utf8').trim(), publicKey, type: COSIGNATURE_V1 };
  return { dir, key, privateKey, verifierKey: verifierKey(key) };
}

async function get(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new WitnessError(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new WitnessError(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** The log's published keys: the checkpoint verifier key and the tree-head keys (current and earlier). */
export async function fetchLogKeys(log: string): Promise<{ verifierKey: string; publicKeys: string[] }> {
  const body = JSON.parse(await get(`${log.replace(/\/$/, '')}/api/ledger/public-key`)) as {
    verifierKey?: string;
    publicKey: string;
    previousKeys?: string[];
  };
  if (!body.verifierKey) throw new WitnessError(`${log} publishes no checkpoint verifier key`);
  return { verifierKey: body.verifierKey, publicKeys: [body.publicKey, ...(body.previousKeys ?? [])] };
}

/**
 * Why a checkpoint signed by another key is refused, and what to do. After a rotation the log
 * publishes its new key and lists the earlier ones, but that list is the log's own word: whoever
 * controls the log (or its address) could publish any key and list the pinned one as earlier.
 * The witness follows no key change by itself; the message names the published key and the
 * exact command that pins it, once the key is confirmed with the log's operator another way.
 */
async function unpinnedKeyMessage(base: string, dir: string, pinFile: string, origin: string) {
  const pinned = readFileSync(pinFile, 'utf8').trim();
  const refused = `the checkpoint from ${base} (origin ${origin}) is not signed by the log key pinned in ${pinFile} (${pinned})`;
  let published: { verifierKey: string; publicKeys: string[] };
  try {
    published = await fetchLogKeys(base);
  } catch {
    return refused;
  }
  if (published.verifierKey === pinned)
    return `${refused}, the key the log itself publishes: do not cosign it`;
  const earlier = published.publicKeys.slice(1);
  const listed = earlier.includes(exportPublicKeyRaw(parseVerifierKey(pinned).publicKey));
  return [
    `${refused}. The log now publishes the key ${published.verifierKey}`,
    listed
      ? ' and lists the pinned key among its earlier keys (a key rotation, by its own account).'
      : ' and does NOT list the pinned key among its earlier keys.',
    " The witness does not take a new key on the log's word alone: confirm the new key with the",
    " log's operator by another channel, then pin it with --log-key:\n",
    `  bluelamp ledger witness --log ${base} --state ${dir} --log-key '${published.verifierKey}'`,
  ].join('');
}

/** The latest checkpoint the witness cosigned, if any. */
export function witnessedCheckpoint(dir: string): { checkpoint: Checkpoint; text: string } | undefined {
  const file = path.join(dir, WITNESS_CHECKPOINT);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  return { checkpoint: parseCheckpointBody(parseNote(text).body), text };
}

export interface WitnessStep {
  checkpoint: Checkpoint;
  /** The size of the last checkpoint seen before this one (undefined the first time). */
  previous?: number;
  cosigned: string;
}

/**
 * One round: fetch the log's checkpoint, check its signature with the pinned log key, check the
 * consistency proof from the last checkpoint seen, then cosign and keep it. Throws a
 * WitnessError (and keeps the old state) when the log contradicts or goes back on what was seen.
 */
export async function witnessOnce(log: string, witness: Witness, logKeyText?: string): Promise<WitnessStep> {
  const base = log.replace(/\/$/, '');
  const pinFile = path.join(witness.dir, 'log-key');
  if (logKeyText) writeAtomically(pinFile, `${logKeyText.trim()}\n`);
  if (!existsSync(pinFile)) writeAtomically(pinFile, `${(await fetchLogKeys(base)).verifierKey}\n`);
  const logKey = parseVerifierKey(readFileSync(pinFile, 'utf8'));

  const text = await get(`${base}/api/ledger/checkpoint`);
  const note = parseNote(text);
  const checkpoint = parseCheckpointBody(note.body);
  if (checkpoint.origin !== logKey.name || !verifiedSignature(note, logKey)) {
    throw new WitnessError(await unpinnedKeyMessage(base, witness.dir, pinFile, checkpoint.origin));
  }
  const seen = witnessedCheckpoint(witness.dir)?.checkpoint;
  if (seen) {
    const { treeSize: m, rootHash } = seen;
    const n = checkpoint.treeSize;
    if (n < m) {
      throw new WitnessError(
        `the log went back from ${m} entries (already witnessed) to ${n}: entries were deleted`,
      );
    }
    let proof: Buffer[] = [];
    if (m > 0 && m < n) {
      const body = JSON.parse(await get(`${base}/api/ledger/proofs/consistency?first=${m}&second=${n}`)) as {
        consistencyPath: string[];
      };
      proof = body.consistencyPath.map((h) => Buffer.from(h, 'hex'));
    }
    if (!verifyConsistency(m, n, rootHash, checkpoint.rootHash, proof)) {
      throw new WitnessError(
        `the log's checkpoint of ${n} entries does not extend the ${m} entries already witnessed (root ${rootHash.toString('base64')}): history was rewritten`,
      );
    }
  }
  const cosignature = signNote(note.body, witness.key, witness.privateKey);
  const cosigned = formatNote({
    body: note.body,
    signatures: [...note.signatures.filter((s) => s.name === logKey.name), cosignature],
  });
  writeAtomically(path.join(witness.dir, WITNESS_CHECKPOINT), cosigned);
  return { checkpoint, previous: seen?.treeSize, cosigned };
}

/** Serves the latest cosigned checkpoint (GET /checkpoint) and the witness's verifier key (GET /key). */
export function serveWitness(witness: Witness, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(text);
    };
    if (req.method !== 'GET') return send(405, 'only GET\n');
    if (req.url === '/key') return send(200, `${witness.verifierKey}\n`);
    if (req.url === '/checkpoint') {
      const seen = witnessedCheckpoint(witness.dir);
      return seen ? send(200, seen.text) : send(404, 'no checkpoint witnessed yet\n');
    }
    send(404, 'GET /checkpoint or /key\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * Reads a cosigned checkpoint for the verifier: the log's signature must verify with one of
 * `logKeys` (under the checkpoint's origin) and, when a witness key is given, its cosignature too.
 */
export function trustedCheckpoint(
  text: string,
  source: string,
  logKeys: readonly KeyObject[],
  witnessKey?: NoteKey,
): Checkpoint {
  const note = parseNote(text);
  const checkpoint = parseCheckpointBody(note.body);
  const signedByLog = logKeys.some((publicKey) =>
    verifiedSignature(note, { name: checkpoint.origin, publicKey, type: 0x01 }),
  );
  if (!signedByLog) throw new WitnessError(`${source} is not signed by a trusted ledger key`);
  if (witnessKey && !verifiedSignature(note, witnessKey)) {
    throw new WitnessError(`${source} carries no valid cosignature by witness ${witnessKey.name}`);
  }
  return checkpoint;
}
