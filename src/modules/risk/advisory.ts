import { z } from 'zod';

/**
 * The latest bias/performance audit of the model behind an output. Modules leave it null; the
 * oversight runtime fills it from monitoring so every reviewer sees how the model is doing.
 */
export const latestAuditSchema = z
  .object({
    auditedAt: z.string(),
    /** Plain-English summary (e.g. the audit findings). */
    summary: z.string(),
    /** Where the full audit report can be read. */
    reportRef: z.string().optional(),
  })
  .nullable();

/** Fields every risk output carries, whichever model produced it. */
export const advisoryFields = {
  advisory: z.literal(true),
  explanation: z.string(),
  limitations: z.array(z.string()),
  latestAudit: latestAuditSchema,
};
