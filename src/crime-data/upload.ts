import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ImportFile } from './service.ts';

/**
 * Multipart uploads of crime data files (plain, gzip or zip, so bytes, never text): each file
 * is streamed to a private temporary folder as it arrives, the form's other fields become the
 * request body (so the CSRF token is checked as for any form), and the folder is removed when
 * the response is sent. Sizes are counted across all files; past the limit the rest is discarded
 * and the request is marked too large.
 */

export interface UploadState {
  dir: string | null;
  files: ImportFile[];
  bytes: number;
  tooLarge: boolean;
}

const states = new WeakMap<FastifyRequest, UploadState>();

/** What was uploaded with a request (no files when it was not multipart). */
export function uploadOf(request: FastifyRequest): UploadState {
  let state = states.get(request);
  if (!state) {
    state = { dir: null, files: [], bytes: 0, tooLarge: false };
    states.set(request, state);
  }
  return state;
}

/** Letters, digits, dot, dash and underscore; the extension (.csv, .gz, .zip) is kept. */
const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(-120) || 'upload';

/**
 * Registers the multipart reader in the calling plugin's scope. `field` names the file input;
 * `maxBytes` bounds all files together. `before` runs first on every multipart request of the
 * scope (refuse early, before any byte of a file is read).
 */
export async function acceptCrimeDataUploads(
  app: FastifyInstance,
  options: {
    field: string;
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
    attachFieldsToBody: 'keyValues',
    // A file past the limit is cut short and marked (below), so the page can say so itself.
    throwFileSizeLimit: false,
    limits: {
      fileSize: options.maxBytes,
      files: options.maxFiles,
      fields: 50,
      fieldSize: 64 * 1024,
      parts: options.maxFiles + 50,
    },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const state = uploadOf(this);
      const name = path.basename(part.filename ?? '');
      if (part.fieldname !== options.field || name === '' || state.tooLarge) {
        part.file.resume();
        await finished(part.file);
        return;
      }
      state.dir ??= await mkdtemp(path.join(tmpdir(), 'bluelamp-crime-'));
      const folder = path.join(state.dir, String(state.files.length));
      await mkdir(folder);
      const target = path.join(folder, safeName(name));
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          state.bytes += chunk.length;
          if (state.bytes > options.maxBytes) state.tooLarge = true;
          done(null, state.tooLarge ? undefined : chunk);
        },
      });
      await pipeline(part.file, count, createWriteStream(target, { mode: 0o600 }));
      if (part.file.truncated) state.tooLarge = true;
      state.files.push({ name, path: target });
      part.value = name;
    },
  });
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
