import { z } from 'zod';
import { NOTE_KINDS, SEVERITIES } from './model.ts';

/** Inputs at the edge, shared by the API and the pages (messages are written for the form). */
export const reportSchema = z.object({
  systemId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().optional()),
  title: z
    .string()
    .trim()
    .min(5, 'Enter a title of at least 5 characters')
    .max(200, 'Title must be 200 characters or fewer'),
  description: z
    .string()
    .trim()
    .min(10, 'Describe what happened in at least 10 characters')
    .max(10_000, 'Description must be 10,000 characters or fewer'),
  severity: z.enum(SEVERITIES, { message: 'Select how serious it is' }),
});

export const noteSchema = z.object({
  kind: z.enum(NOTE_KINDS, { message: 'Select what you are recording' }),
  text: z
    .string()
    .trim()
    .min(5, 'Enter at least 5 characters')
    .max(10_000, 'Must be 10,000 characters or fewer'),
  consequence: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().trim().max(5000, 'Consequence must be 5000 characters or fewer').optional(),
  ),
});

export const ownerSchema = z.object({ ownerId: z.uuid({ message: 'Select the owner' }) });

export const closeSchema = z.object({
  publicSummary: z.string().trim().max(5000, 'Public summary must be 5000 characters or fewer'),
});
