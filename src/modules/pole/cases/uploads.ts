import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../http/context.ts';
import { acceptUploads, uploadedFileBytes } from '../../../http/uploads.ts';
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
export const uploadedFiles = (request: FastifyRequest) =>
  uploadedFileBytes(request, { maxFiles: LIMITS.files, maxBytes: LIMITS.totalBytes });
