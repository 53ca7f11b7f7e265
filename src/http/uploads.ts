import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from './errors.ts';

/** A file received with a multipart request, saved to a private temporary folder. */
export interface UploadedFile {
  /** The file's name as the sender gave it (its folder part removed). */
  name: string;
  /** Where it was saved for this request. */
  path: string;
}

/**
 * Multipart uploads (crime data, case documents: bytes, never text): each file
 * is streamed to a private temporary folder as it arrives, the form's other fields become the
 * request body (so the CSRF token is checked as for any form), and the folder is removed when
 * the response is sent. Sizes are counted across all files; past the limit the rest is discarded
 * and the request is marked too large. Past the limit on files, fields or parts the rest of the
 * form is not read and the request is marked with the limit reached, so the caller can say so.
 */

/** Most form fields (other than files) in one upload. */
export const MAX_FIELDS = 50;

/** Which multipart limit an upload reached: too many files, too many other fields, or too many parts. */
export type PartLimit = 'files' | 'fields' | 'parts';

export interface UploadState {
  dir: string | null;
  files: UploadedFile[];
  bytes: number;
  tooLarge: boolean;
  /** The count limit the form reached (the rest of it was not read), or null. */
  limit: PartLimit | null;
}

const LIMIT_CODES: Record<string, PartLimit> = {
  FST_FILES_LIMIT: 'files',
  FST_FIELDS_LIMIT: 'fields',
  FST_PARTS_LIMIT: 'parts',
};

const states = new WeakMap<FastifyRequest, UploadState>();

/** What was uploaded with a request (no files when it was not multipart). */
export function uploadOf(request: FastifyRequest): UploadState {
  let state = states.get(request);
  if (!state) {
    state = { dir: null, files: [], bytes: 0, tooLarge: false, limit: null };
    states.set(request, state);
  }
  return state;
}

/** Letters, digits, dot, dash and underscore; the extension is kept. */
const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(-120) || 'upload';

/** The form field holding the files. */
const FILE_FIELD = 'files';

/**
 * Registers the multipart reader in the calling plugin's scope: files of the `files` input (at
 * most `maxFiles`), `maxBytes` bounding all files together. `before` runs first on every
 * multipart request of the scope (refuse early, before any byte of a file is read).
 */
export async function acceptUploads(
  app: FastifyInstance,
  options: {
    maxBytes: number;
    maxFiles: number;
    before: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  },
): Promise<void> {
  app.addHook('preValidation', async (request, reply) => {
    if (request.isMultipart?.()) return options.before(request, reply);
  });
  app.addHook('onResponse', async (request) => cleanUp(request));
  app.addHook('onRequestAbort', async (request) => cleanUp(request));
  await app.register(fastifyMultipart, {
    // A file past the limit is cut short and marked (below), so the page can say so itself.
    throwFileSizeLimit: false,
    limits: {
      fileSize: options.maxBytes,
      files: options.maxFiles,
      fields: MAX_FIELDS,
      fieldSize: 64 * 1024,
      parts: options.maxFiles + MAX_FIELDS,
    },
  });
  // The form is read here rather than by the plugin, so a count limit marks the upload instead of
  // failing the request: text fields become the body (the first value of a repeated name).
  app.addHook('preValidation', async (request, reply) => {
    if (reply.sent || !request.isMultipart?.()) return;
    const body: Record<string, unknown> = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') await saveFile(request, part, options.maxBytes);
        else if (!(part.fieldname in body)) body[part.fieldname] = part.value;
      }
    } catch (e) {
      const limit = LIMIT_CODES[(e as { code?: string }).code ?? ''];
      if (!limit) throw e;
      uploadOf(request).limit = limit;
    }
    request.body = body;
  });
}

/** Streams one file part to the request's folder, counting its bytes against the limit. */
async function saveFile(request: FastifyRequest, part: MultipartFile, maxBytes: number) {
  const state = uploadOf(request);
  const name = path.basename(part.filename ?? '');
  if (part.fieldname !== FILE_FIELD || name === '' || state.tooLarge) {
    part.file.resume();
    await finished(part.file);
    return;
  }
  state.dir ??= await mkdtemp(path.join(tmpdir(), 'bluelamp-upload-'));
  const folder = path.join(state.dir, String(state.files.length));
  await mkdir(folder);
  const target = path.join(folder, safeName(name));
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.bytes += chunk.length;
      if (state.bytes > maxBytes) state.tooLarge = true;
      done(null, state.tooLarge ? undefined : chunk);
    },
  });
  await pipeline(part.file, count, createWriteStream(target, { mode: 0o600 }));
  if (part.file.truncated) state.tooLarge = true;
  state.files.push({ name, path: target });
}

async function cleanUp(request: FastifyRequest): Promise<void> {
  const state = states.get(request);
  if (!state?.dir) return;
  const dir = state.dir;
  state.dir = null;
  await rm(dir, { recursive: true, force: true });
}

/** Removes the request's uploaded files now (they are also removed when the response is sent). */
export const removeUploads = cleanUp;

/**
 * The files of an upload read into memory, or a clear error naming the limit reached (all files
 * together, or the count of files and fields), for routes that read whole files.
 */
export async function uploadedFileBytes(
  request: FastifyRequest,
  limits: { maxFiles: number; maxBytes: number },
): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const upload = uploadOf(request);
  if (upload.tooLarge)
    throw errors.validation([
      {
        path: 'files',
        message: `the files together are over the limit of ${Math.round(limits.maxBytes / 1024 / 1024)} MB for one upload`,
      },
    ]);
  if (upload.limit)
    throw errors.validation([
      {
        path: 'files',
        message: `send at most ${limits.maxFiles} files and ${MAX_FIELDS} other fields in one upload`,
      },
    ]);
  return Promise.all(upload.files.map(async (f) => ({ name: f.name, bytes: await readFile(f.path) })));
}
