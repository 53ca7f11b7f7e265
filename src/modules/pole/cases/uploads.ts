import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../http/context.ts';
import { errors } from '../../../http/errors.ts';
import { acceptUploads, MAX_FIELDS, uploadOf } from '../../../http/uploads.ts';
import { LIMITS } from '../documents/read.ts';

/**
 * Case documents arrive as multipart `files`: refused before a byte is read when no one is
 * signed in; past the size or count limits the request says which limit and reads no further.
 */
export async function acceptCaseUploads(app: FastifyInstance): Promise<void> {
  await acceptUploads(app, {
    maxFiles: LIMITS.files,
    maxBytes: LIMITS.totalBytes,
    before: async (request: FastifyRequest, _reply: FastifyReply) => requirePrincipal(request),
  });
}

/** The files of an upload, read into memory, or a clear error about the limit reached. */
export async function uploadedFiles(
  request: FastifyRequest,
): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const upload = uploadOf(request);
  if (upload.tooLarge)
    throw errors.validation([
      {
        path: 'files',
        message: `the files together are over the limit of ${LIMITS.totalBytes / 1024 / 1024} MB for one upload`,
      },
    ]);
  if (upload.limit)
    throw errors.validation([
      {
        path: 'files',
        message: `send at most ${LIMITS.files} files and ${MAX_FIELDS} other fields in one upload`,
      },
    ]);
  return Promise.all(upload.files.map(async (f) => ({ name: f.name, bytes: await readFile(f.path) })));
}
