import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PublicForecastItem, PublicForecastMapView, PublicForecasts } from '../modules/contract.ts';
import { pluginFor } from '../modules/plugins.ts';
import { forecastLinks } from './presenters.ts';
import { londonToday } from './today.ts';

/**
 * The public forecast maps of a system, from its module's plug-in (`publicForecasts` in the
 * contract): released runs the public may see, drawn as coarse maps after a delay. A system whose
 * module publishes none has none.
 */

/** A public system as these pages need it. */
export interface PublicSystem {
  id: string;
  module_id: string | null;
  reference: string;
}

/** The public forecasts hook of a system's module, if it publishes any. */
export const publicForecastsOf = (row: Pick<PublicSystem, 'module_id'>): PublicForecasts | undefined =>
  row.module_id ? pluginFor(row.module_id)?.publicForecasts : undefined;

/** How a system's module decides, for its public record, when the module publishes it. */
export const methodOf = (row: Pick<PublicSystem, 'module_id'>): (() => unknown) | undefined =>
  row.module_id ? pluginFor(row.module_id)?.publicMethod : undefined;

/**
 * Reads a system's public forecasts on one day, as the public pages and API show them. Built per
 * request: `today` and the data key are fixed for it.
 */
export function publicForecastReader(db: Kysely<DB>, key: Buffer, today: string = londonToday()) {
  const items = async (row: PublicSystem): Promise<PublicForecastItem[]> =>
    (await publicForecastsOf(row)?.list(db, row.id, today)) ?? [];
  const mapOf = async (row: PublicSystem, item: PublicForecastItem) =>
    (await publicForecastsOf(row)?.map(db, item, today, key)) ?? null;

  return {
    /** A system's public forecasts whose map can be drawn (the others' links would be 404). */
    async mapped(row: PublicSystem): Promise<PublicForecastItem[]> {
      const kept: PublicForecastItem[] = [];
      for (const item of await items(row)) if (await mapOf(row, item)) kept.push(item);
      return kept;
    },

    /** One public forecast of a system, by run reference, with its map; null when there is none. */
    async one(row: PublicSystem, runReference: string) {
      const item = (await items(row)).find((f) => f.reference === runReference);
      const map = item ? await mapOf(row, item) : null;
      return item && map ? { item, map, policy: publicForecastsOf(row)!.policy } : null;
    },

    /**
     * The section of a system's public page: the latest forecasts with their maps, the older
     * ones as links, and the policy; null for a system whose module publishes none.
     */
    async section(forceSlug: string, row: PublicSystem) {
      const hook = publicForecastsOf(row);
      if (!hook) return null;
      const all = await items(row);
      const latest: Array<{ item: PublicForecastItem; map: PublicForecastMapView }> = [];
      let i = 0;
      for (; i < all.length && latest.length < hook.latest; i++) {
        const map = await mapOf(row, all[i]!);
        if (map) latest.push({ item: all[i]!, map });
      }
      const links = (item: PublicForecastItem) => forecastLinks(forceSlug, row.reference, item.reference);
      return {
        latest: latest.map(({ item, map }) => ({ map, ...links(item) })),
        older: all.slice(i).map((item) => ({
          period: item.period,
          periodText: item.periodText,
          crimeTypes: item.crimeTypes,
          ...links(item),
        })),
        policy: hook.policy,
      };
    },
  };
}
