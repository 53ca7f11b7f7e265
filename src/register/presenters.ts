import { FORMS } from './forms.ts';
import { applies, type Evidence, isApprovable, type SystemState, unmet } from './gates.ts';
import { ACTIONS, requirementTitle, STAGE_TITLES, type Stage } from './lifecycle.ts';
import { isUk } from './model.ts';
import type { SystemRow } from './repository.ts';

export type TaskStatus = 'done' | 'awaiting-approval' | 'refused' | 'to-do' | 'not-needed';

/** The task list for the actions open at a system's current stage, from the lifecycle table. */
export function taskList(state: SystemState, evidence: Evidence) {
  return ACTIONS.filter((a) => a.from.includes(state.stage)).map((action) => {
    const open = new Set(unmet(action, state, evidence));
    return {
      action: action.id,
      title: action.title,
      roles: action.roles,
      to: action.to,
      reasons: action.reasons,
      ready: open.size === 0,
      tasks: action.requires.map((r) => {
        const e = r.form ? evidence.get(r.form) : undefined;
        let status: TaskStatus = !applies(r, state) ? 'not-needed' : open.has(r) ? 'to-do' : 'done';
        if (status === 'to-do' && e?.refused) status = 'refused';
        else if (status === 'to-do' && r.form && e && isApprovable(r.form) && !e.approved)
          status = 'awaiting-approval';
        const form = r.form ? FORMS[r.form] : undefined;
        return {
          title: requirementTitle(r),
          form: r.form ?? null,
          check: r.check ?? null,
          status,
          authors: form?.authors ?? [],
          approvers: form && 'approvers' in form ? form.approvers : [],
          version: e?.version ?? null,
        };
      }),
    };
  });
}

/** What the API returns for a system: the record, never internal columns. */
export function presentSystem(s: SystemRow, overseers: string[]) {
  const processing = s.processing as { provider: string; processingCountry: string; storageCountry: string };
  return {
    id: s.id,
    reference: s.reference,
    name: s.name,
    description: s.description,
    useCase: s.use_case,
    capability: s.capability,
    purpose: s.purpose,
    expectedBenefits: s.expected_benefits as string[],
    expectedMinutesSavedPerTask: Number(s.expected_minutes_saved),
    supplier: s.supplier as Record<string, unknown>,
    processing: {
      ...processing,
      ukOnly: isUk(processing.processingCountry) && isUk(processing.storageCountry),
    },
    model: s.model as { name: string; version: string },
    trainingData: s.training_data as { source: string; period: string; knownGaps: string },
    affectedGroups: s.affected_groups as string[],
    projectLeadId: s.project_lead_id,
    productManagerId: s.product_manager_id,
    overseerIds: overseers,
    stage: s.stage as Stage,
    stageTitle: STAGE_TITLES[s.stage as Stage],
    previousStage: s.previous_stage,
    stageEnteredAt: s.stage_entered_at.toISOString(),
    catalogueEntryId: s.catalogue_entry_id,
    moduleId: s.module_id,
    moduleSettings: s.module_settings as Record<string, unknown>,
    reviewMode: s.review_mode,
    reviewSampleRate: Number(s.review_sample_rate),
    createdAt: s.created_at.toISOString(),
  };
}
