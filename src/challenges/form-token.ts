import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF protection for public forms, which have no session: a double-submit token (OWASP CSRF
 * Prevention Cheat Sheet, "signed double-submit cookie"). The page sets a random token in a
 * signed, HttpOnly, SameSite=Strict cookie and repeats it in a hidden field; a post is accepted
 * only when both are present and equal. Another site can neither read the cookie nor set one
 * that carries our signature.
 */
export const FORM_COOKIE = 'bluelamp_form';
export const FORM_FIELD = '_form';

export function issueFormToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readCookie(request);
  const token = existing ?? randomBytes(24).toString('base64url');
  if (!existing) {
    reply.setCookie(FORM_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      signed: true,
      maxAge: 2 * 3600,
    });
  }
  return token;
}

function readCookie(request: FastifyRequest): string | null {
  const raw = request.cookies[FORM_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}

/** Whether the posted form carries the token of this browser's cookie. */
export function formTokenValid(request: FastifyRequest, posted: unknown): boolean {
  const cookie = readCookie(request);
  if (!cookie || typeof posted !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(posted);
  return a.length === b.length && timingSafeEqual(a, b);
}
