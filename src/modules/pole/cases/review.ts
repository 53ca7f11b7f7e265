import { many, one } from '../../../oversight/form-values.ts';
import { effectiveOutput } from '../../../oversight/presenters.ts';
import type { Posted } from '../../../oversight/run-page.ts';
import type { ReviewAmendment, RunPageContext, RunPageView } from '../../contract.ts';
import { lineKey, type PoleOutput, poleOutputSchema } from '../module.ts';

/**
 * How a reviewer corrects a case analysis: reject single entities (a wrong name, a number that
 * is not a phone), correct an entity's label, or strike out single summary lines. Everything
 * else stands; each change is listed in the output's `corrections`, which monitoring counts
 * (precision per entity type from reviewers' corrections).
 */
export function poleAmendment(output: unknown, values: Posted): ReviewAmendment | undefined {
  const parsed = poleOutputSchema.safeParse(output);
  if (!parsed.success) return undefined;
  const o = parsed.data;
  const rejectEntities = new Set(many(values.rejectEntity));
  const rejectLines = new Set(many(values.rejectLine));
  const corrections: PoleOutput['corrections'] = [];
  const problems: Array<{ name: string; text: string; href: string }> = [];
  const entities: PoleOutput['entities'] = [];
  for (const [i, e] of o.entities.entries()) {
    if (rejectEntities.has(e.key)) {
      corrections.push({ target: 'entity', key: e.key, kind: e.kind, action: 'rejected', from: e.label });
      continue;
    }
    const posted = values[`label-${i}`];
    const label = posted === undefined ? e.label : one(posted).trim();
    if (!label) {
      problems.push({
        name: `label-${i}`,
        text: `Enter the corrected name of ${e.label}, or reject it`,
        href: `#f-label-${i}`,
      });
      entities.push(e);
      continue;
    }
    if (label.length > 200) {
      problems.push({
        name: `label-${i}`,
        text: 'A corrected name must be at most 200 characters',
        href: `#f-label-${i}`,
      });
      entities.push(e);
      continue;
    }
    if (label !== e.label) {
      corrections.push({
        target: 'entity',
        key: e.key,
        kind: e.kind,
        action: 'corrected',
        from: e.label,
        to: label,
      });
      entities.push({ ...e, label });
      continue;
    }
    entities.push(e);
  }
  const keep = (lines: PoleOutput['caseSummary']) =>
    lines.filter((l) => {
      if (!rejectLines.has(lineKey(l))) return true;
      if (!corrections.some((c) => c.target === 'summary-line' && c.key === lineKey(l)))
        corrections.push({
          target: 'summary-line',
          key: lineKey(l),
          kind: 'sentence',
          action: 'rejected',
          from: l.text,
        });
      return false;
    });
  const amended: PoleOutput = {
    ...o,
    entities,
    caseSummary: keep(o.caseSummary),
    documentSummaries: o.documentSummaries.map((d) => ({ ...d, lines: keep(d.lines) })),
    corrections: [...o.corrections, ...corrections],
  };
  if (problems.length) return { problems };
  if (!corrections.length)
    return {
      problems: [
        {
          name: 'rejectEntity',
          text: 'Reject or correct at least one entity or summary line, or accept the output as it is',
          href: '#f-rejectEntity',
        },
      ],
    };
  return { output: amended };
}

/** A case analysis on the run and review pages: the entity index by category, and the summaries with their sources. */
export async function poleRunPage({ run }: RunPageContext): Promise<RunPageView> {
  const output = effectiveOutput(run);
  const parsed = output === null ? null : poleOutputSchema.safeParse(output);
  if (!parsed?.success) return {};
  const o = parsed.data;
  const names = new Map(o.documents.map((d) => [d.id, d.name]));
  const caseHref = `/cases/${o.case.id}`;
  return {
    output: {
      kind: 'pole',
      template: 'pole/run-output.njk',
      view: {
        caseHref,
        reference: o.case.reference,
        groups: (['person', 'object', 'location', 'event'] as const).map((c) => ({
          category: c,
          entities: o.entities.map((e, index) => ({ ...e, index })).filter((e) => e.category === c),
        })),
        caseSummary: o.caseSummary.map((l) => ({
          ...l,
          key: lineKey(l),
          name: names.get(l.documentId) ?? l.documentId,
        })),
        documentSummaries: o.documentSummaries.map((d) => ({
          name: names.get(d.documentId) ?? d.documentId,
          documentId: d.documentId,
          lines: d.lines.map((l) => ({ ...l, key: lineKey(l) })),
        })),
        skipped: o.skipped,
        method: o.method,
        corrections: o.corrections,
      },
    },
    ...(run.status === 'awaiting_review' ? { amendTemplate: 'pole/review-amend.njk' } : {}),
  };
}
