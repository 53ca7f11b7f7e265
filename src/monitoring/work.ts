import type { WorkProvider } from '../http/context.ts';
import { can } from '../identity/abilities.ts';

/**
 * Alerts waiting for the product manager: those of systems they own as information asset owner,
 * and those of systems with no product manager named yet.
 */
export const monitoringWork: WorkProvider = async (db, principal) => {
  if (!can(principal, 'alert.acknowledge')) return [];
  const rows = await db
    .selectFrom('alerts')
    .innerJoin('ai_systems as s', 's.id', 'alerts.system_id')
    .select(['alerts.id', 'alerts.kind', 'alerts.severity', 'alerts.message', 's.id as system_id', 's.name'])
    .where('alerts.force_id', '=', principal.forceId)
    .where('alerts.acknowledged_at', 'is', null)
    .where((eb) =>
      eb.or([eb('s.product_manager_id', '=', principal.personId), eb('s.product_manager_id', 'is', null)]),
    )
    .orderBy('alerts.created_at')
    .execute();
  return rows.map((a) => ({
    title: `${a.kind === 'reliance' ? 'Possible over-reliance' : 'Threshold breached'}: ${a.name}`,
    href: `/systems/${a.system_id}/monitoring#alert-${a.id}`,
    hint: a.message,
    ...(a.severity === 'severe' ? { overdue: true } : {}),
  }));
};
