/**
 * A small reader for `multipart/form-data` (RFC 7578) bodies carrying text fields and one text
 * file, enough for the outcome upload form. Pure: bytes in, fields out.
 */

export interface FormPart {
  name: string;
  filename: string | null;
  value: string;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new MultipartError('The upload has no multipart boundary.');
  return boundary;
}

export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new MultipartError('The upload is not a complete multipart form.');
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new MultipartError('The upload is not a complete multipart form.');
    // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new MultipartError('A part of the upload has no headers.');
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new MultipartError('A part of the upload has no field name.');
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    parts.push({ name, filename, value: part.subarray(split + 4).toString('utf8') });
    at = next;
  }
  return parts;
}
