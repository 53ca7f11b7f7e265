import { z } from 'zod';
import type { Role } from './roles.ts';
import { ROLES } from './roles.ts';

/** Who is asking, for which force. Built from the session on every request. */
export interface Principal {
  personId: string;
  name: string;
  email: string;
  forceId: number;
  forceSlug: string;
  forceName: string;
  /** Roles held in this force now. */
  roles: Role[];
  sessionId: string;
  csrfToken: string;
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address');

export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

export const newPersonSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'is required').max(200),
  password: passwordSchema,
  roles: z.array(z.enum(ROLES)).min(1, 'at least one role is required'),
});
export type NewPerson = z.infer<typeof newPersonSchema>;
