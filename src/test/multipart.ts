import { randomBytes } from 'node:crypto';

/** A file part of a multipart form: its field, file name and bytes. */
export interface FilePart {
  field: string;
  name: string;
  data: Buffer | string;
  type?: string;
}

/** A `multipart/form-data` body (RFC 7578) as a browser sends it: text fields, then files. */
export function multipartBody(
  fields: Record<string, string>,
  files: readonly FilePart[],
): { payload: Buffer; contentType: string } {
  const boundary = `----bluelamp${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
