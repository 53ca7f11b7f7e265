import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal, type Services } from '../../../http/context.ts';
import { AppError } from '../../../http/errors.ts';
import { acceptUploads, MAX_FIELDS, removeUploads, uploadOf } from '../../../http/uploads.ts';
import type { Principal } from '../../../identity/model.ts';
import { allowed, authorize } from '../../../identity/policy.ts';
import { projectRoot } from '../../../shared-data.ts';
import type { ColumnMapping } from '../ingest/mapping.ts';
import {
  type CrimeImportSummary,
  checkMapping,
  crimeDataErrors,
  crimeDataPolicy,
  IMPORT_CRS,
  MAX_FILES,
  megabytes,
  monthName,
} from './model.ts';
import { bodyText } from './routes.ts';
import { crimeImportSummary, importCrimeData, listCrimeImports } from './service.ts';

export const CRIME_DATA_VIEWS = path.join(projectRoot, 'src/modules/hotspots/crime-data/views');

const hide = { schema: { hide: true } } as const;

/** The form's fields, as posted (text only; files cannot be shown again). */
const FIELDS = [
  'title',
  'preset',
  'timeColumns',
  'timeFormat',
  'xColumn',
  'yColumn',
  'crs',
  'categoryColumn',
  'member',
] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;

export interface FormError {
  name: string;
  text: string;
  href: string;
}

/** Every control's id is `f-<name>` (radios: their first item). */
const err = (name: string, text: string): FormError => ({ name, text, href: `#f-${name}` });

/** The mapping described by the form's fields, or the problems, each on its field. */
export function mappingFromForm(v: Values): { mapping?: ColumnMapping; errors: FormError[] } {
  const errors: FormError[] = [];
  const columns = (v.timeColumns ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (columns.length === 0)
    errors.push(err('timeColumns', 'Enter the name of the time column, or the columns'));
  if (!v.timeFormat?.trim()) errors.push(err('timeFormat', 'Enter the format of the time'));
  else if (!v.timeFormat.includes('YYYY'))
    errors.push(err('timeFormat', 'The time format must include YYYY for the year'));
  if (!v.xColumn?.trim())
    errors.push(err('xColumn', 'Enter the name of the longitude or easting (x) column'));
  if (!v.yColumn?.trim())
    errors.push(err('yColumn', 'Enter the name of the latitude or northing (y) column'));
  if (!IMPORT_CRS.some((c) => c.code === v.crs))
    errors.push(err('crs', 'Select the coordinate system of the x and y columns'));
  if (!v.categoryColumn?.trim())
    errors.push(err('categoryColumn', 'Enter the name of the crime type column'));
  if (errors.length) return { errors };
  const checked = checkMapping({
    time: { columns, format: v.timeFormat?.trim() },
    coordinates: { x: v.xColumn?.trim(), y: v.yColumn?.trim(), crs: v.crs },
    category: v.categoryColumn?.trim(),
  });
  if (!checked.mapping)
    return { errors: checked.issues.map((i) => err('timeColumns', `${i.path}: ${i.message}`)) };
  return { mapping: checked.mapping, errors: [] };
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** One import as the page lists it. */
export function importView(s: CrimeImportSummary) {
  const dropped = Object.entries(s.dropped).map(([reason, n]) => ({
    reason,
    count: n,
    countText: n.toLocaleString('en-GB'),
  }));
  const droppedTotal = dropped.reduce((a, d) => a + d.count, 0);
  return {
    ...s,
    months:
      s.firstMonth === s.lastMonth
        ? monthName(s.firstMonth)
        : `${monthName(s.firstMonth)} to ${monthName(s.lastMonth)}`,
    kindText:
      s.kind === 'police.uk'
        ? 'police.uk street-level crime files'
        : `Mapped columns: time from ${s.mapping.time.columns.join(', ')} (${s.mapping.time.format}), ` +
          `x ${s.mapping.coordinates.x} and y ${s.mapping.coordinates.y} (${s.mapping.coordinates.crs}), ` +
          `crime type ${s.mapping.category ?? 'not given'}`,
    dropped,
    droppedTotal,
    droppedText: droppedTotal
      ? dropped.map((d) => `${d.count.toLocaleString('en-GB')} ${d.reason}`).join(', ')
      : 'None',
    rowsReadText: s.rowsRead.toLocaleString('en-GB'),
    rowsKeptText: s.rowsKept.toLocaleString('en-GB'),
    typesText: plural(s.categories.length, 'crime type'),
    categoryRows: s.categories.map((c) => ({ name: c.name, countText: c.count.toLocaleString('en-GB') })),
  };
}

/** The banner after an import: what was kept and what was left out, and why. */
export function importedBanner(s: CrimeImportSummary): string {
  const view = importView(s);
  const kept = `${plural(s.rowsKept, 'crime')} imported from ${plural(s.files.length, 'file')} (${view.months}).`;
  return view.droppedTotal
    ? `${kept} ${plural(view.droppedTotal, 'row')} left out: ${view.droppedText}.`
    : `${kept} Every row read was kept.`;
}

/**
 * The crime data page: the force's imports (files, rows read, kept and left out by reason,
 * months, crime types, who and when), and the upload form (police.uk files, or another export
 * with its columns mapped).
 */
export function crimeDataPages(services: Services): FastifyPluginAsync {
  const { db, config } = services;

  const problemPage = (reply: FastifyReply, e: AppError) =>
    reply.status(e.status).page('pages/error.njk', {
      title: e.title,
      detail: e.detail,
      status: e.status,
      requestId: reply.request.id,
    });

  async function page(
    reply: FastifyReply,
    p: Principal,
    extra: { values?: Values; errors?: FormError[]; banner?: string | null; focus?: string | null } = {},
  ) {
    const imports = (await listCrimeImports(db, p.forceId)).map(importView);
    const values = extra.values ?? { preset: 'police.uk', crs: 'EPSG:4326' };
    const errors = extra.errors ?? [];
    return reply.page('crime-data/index.njk', {
      title: 'Crime data',
      imports,
      canImport: allowed(crimeDataPolicy, p, 'import'),
      importRoles: crimeDataPolicy.import,
      values,
      errorSummary: errors.map((e) => ({ text: e.text, href: e.href })),
      errorsByName: Object.fromEntries(errors.map((e) => [e.name, e.text])),
      crsItems: IMPORT_CRS.map((c) => ({ value: c.code, text: c.text, checked: values.crs === c.code })),
      maxMegabytes: megabytes(config.crimeDataMaxUploadBytes),
      maxFiles: MAX_FILES,
      banner: extra.banner ?? null,
      focus: extra.focus ?? null,
    });
  }

  /** Refuses an upload before any file is read, as a page. */
  async function refuseEarly(request: FastifyRequest, reply: FastifyReply) {
    try {
      authorize(crimeDataPolicy, requirePrincipal(request), 'import', 'import crime data');
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return problemPage(reply, e);
    }
  }

  return async (app) => {
    await acceptUploads(app, {
      maxFiles: MAX_FILES,
      maxBytes: config.crimeDataMaxUploadBytes,
      before: refuseEarly,
    });

    app.get<{ Querystring: { done?: string } }>('/crime-data', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      authorize(crimeDataPolicy, p, 'list', 'see crime data imports');
      const done = request.query?.done;
      let banner: string | null = null;
      if (done) {
        try {
          banner = importedBanner(await crimeImportSummary(db, p.forceId, done));
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      return page(reply, p, { banner, focus: done ?? null });
    });

    app.post('/crime-data', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      try {
        authorize(crimeDataPolicy, p, 'import', 'import crime data');
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return problemPage(reply, e);
      }
      const values: Values = {};
      for (const f of FIELDS) {
        const v = bodyText(request, f);
        if (v !== undefined) values[f] = v;
      }
      const upload = uploadOf(request);
      const again = (status: number, errors: FormError[]) => {
        reply.status(status);
        return page(reply, p, { values, errors });
      };
      try {
        const errors: FormError[] = [];
        if (upload.tooLarge) {
          const e = crimeDataErrors.tooLarge(config.crimeDataMaxUploadBytes);
          return await again(413, [err('files', e.detail)]);
        }
        if (upload.limit) {
          const e = crimeDataErrors.tooManyParts(upload.limit, MAX_FIELDS);
          return await again(413, [err('files', e.detail)]);
        }
        if (upload.files.length === 0)
          errors.push(err('files', 'Choose the crime data files (.csv, .csv.gz or .zip)'));
        if ((values.title ?? '').trim().length < 3) errors.push(err('title', 'Enter a title for this data'));
        if (values.preset !== 'police.uk' && values.preset !== 'mapped')
          errors.push(err('preset', 'Select what kind of export the files are'));
        let mapping: ColumnMapping | undefined;
        if (values.preset === 'mapped') {
          const m = mappingFromForm(values);
          errors.push(...m.errors);
          mapping = m.mapping;
        }
        if (errors.length) return await again(400, errors);
        const summary = await importCrimeData(
          db,
          p,
          {
            title: values.title ?? '',
            preset: values.preset as 'police.uk' | 'mapped',
            mapping,
            member: values.member,
            files: upload.files,
          },
          { maxRows: config.crimeDataMaxRows },
        );
        return reply.redirect(`/crime-data?done=${summary.id}#import-${summary.id}`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.status === 401 || e.status === 403) return problemPage(reply, e);
        const issues = (e.extra.issues as Array<{ path: string; message: string }> | undefined) ?? [
          { path: 'files', message: e.detail },
        ];
        return again(
          e.status,
          issues.map((i) => err('files', `${i.path}: ${i.message}`)),
        );
      } finally {
        await removeUploads(request);
      }
    });
  };
}
