import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { AppError, errors } from '../http/errors.ts';
import { abilitiesFor, check } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { publicForceOr404 } from '../identity/onboarding.ts';
import { listPeopleInForce } from '../identity/repository.ts';
import { listSystems } from '../register/repository.ts';
import { projectRoot } from '../shared-data.ts';
import { DEADLINE_DAYS, NOTE_KINDS, NOTE_TITLES, SEVERITIES, SEVERITY_TITLES } from './model.ts';
import { type FormErrors, postedStrings, problemErrors, problemPage, zodErrors } from './page-form.ts';
import {
  noteTitle,
  presentIncident,
  presentListItem,
  presentPublicIncident,
  severityTitle,
  statusTag,
} from './presenters.ts';
import { closedIncidents, incidentDetail, incidentNotes, listIncidents } from './repository.ts';
import { forceSlug } from './routes.ts';
import { closeSchema, noteSchema, ownerSchema, reportSchema } from './schemas.ts';
import { addNote, assignOwner, closeIncident, incidentInForce, reportIncident } from './service.ts';

/** Templates of the incident pages; add to the Nunjucks search path. */
export const INCIDENT_VIEWS = path.join(projectRoot, 'src/incidents/views');

const hide = { schema: { hide: true } } as const;
type Params = { id: string };

function checkId(raw: string): string {
  if (!z.uuid().safeParse(raw).success) throw errors.notFound(`Incident ${raw}`);
  return raw;
}

const severityItems = (checked?: string) =>
  SEVERITIES.map((s) => {
    const days = DEADLINE_DAYS[s];
    return {
      value: s,
      text: SEVERITY_TITLES[s],
      hint: {
        text:
          days === null
            ? 'No deadline.'
            : `To be investigated and reported within ${days} days${s === 'serious' ? ' (any other serious incident)' : ''}.`,
      },
      checked: s === checked,
    };
  });

const BANNERS: Record<string, string> = {
  reported: 'Incident reported and written to the audit ledger.',
  owner: 'Owner assigned.',
  note: 'Recorded and written to the audit ledger.',
  close: 'Incident closed. Its public summary is now on the public record.',
};

/** Pages for incidents inside the force, and the public list of closed incidents. */
export function incidentPages(services: Services): FastifyPluginAsync {
  const { db } = services;

  async function newPage(
    reply: FastifyReply,
    p: Principal,
    values: Record<string, string>,
    errs?: FormErrors,
  ) {
    const systems = await listSystems(db, p.forceId);
    return reply.page('incidents/new.njk', {
      title: 'Report an incident',
      values,
      systems: [
        { value: '', text: 'Not about one AI system' },
        ...systems.map((s) => ({
          value: s.id,
          text: `${s.name} (${s.reference})`,
          selected: s.id === values.systemId,
        })),
      ],
      severities: severityItems(values.severity),
      fieldErrors: errs?.fieldErrors ?? {},
      errorSummary: errs?.errorSummary ?? [],
    });
  }

  async function detailPage(
    reply: FastifyReply,
    p: Principal,
    id: string,
    extra: {
      form?: string;
      values?: Record<string, string>;
      errors?: FormErrors;
      banner?: string | null;
    } = {},
  ) {
    await incidentInForce(db, p, id);
    const row = await incidentDetail(db, id);
    if (!row) throw errors.notFound(`Incident ${id}`);
    const incident = presentIncident(row, await incidentNotes(db, id), new Date());
    const open = incident.status !== 'closed';
    const reporter = incident.reportedBy?.id === p.personId;
    const abilities = abilitiesFor(p, {
      incidentOwner: incident.owner?.id === p.personId,
      incidentReporter: reporter,
    });
    const canAssign = open && abilities['incident.assign'];
    const canNote = open && abilities['incident.note'];
    const canClose = open && abilities['incident.close'];
    const people = canAssign
      ? [...new Map((await listPeopleInForce(db, p.forceId)).map((x) => [x.id, x])).values()]
      : [];
    const errs = extra.errors;
    return reply.page('incidents/incident.njk', {
      title: `Incident ${incident.reference}`,
      incident: {
        ...incident,
        tag: statusTag(incident.status, incident.overdue),
        severityTitle: severityTitle(incident.severity),
        notes: incident.notes.map((n) => ({ ...n, title: noteTitle(n.kind) })),
      },
      canAssign,
      canNote,
      canClose,
      closeBlockedByReporter: open && reporter && check(p, 'incident.close', { incidentReporter: false }).ok,
      people: [
        { value: '', text: 'Choose a person' },
        ...people.map((x) => ({ value: x.id, text: x.name, selected: x.id === incident.owner?.id })),
      ],
      noteKinds: NOTE_KINDS.map((k) => ({
        value: k,
        text: NOTE_TITLES[k],
        checked: extra.form === 'note' && extra.values?.kind === k,
      })),
      form: extra.form ?? null,
      values: extra.values ?? {},
      fieldErrors: errs?.fieldErrors ?? {},
      errorSummary: errs?.errorSummary ?? [],
      banner: extra.banner ?? null,
    });
  }

  /** Runs a form's command; on a field problem shows the page again with the error. */
  async function command(
    reply: FastifyReply,
    p: Principal,
    id: string,
    form: string,
    values: Record<string, string>,
    field: string,
    run: () => Promise<unknown>,
  ) {
    try {
      await run();
      return reply.redirect(`/incidents/${id}?done=${form}`, 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.status === 404 || e.status === 401) return problemPage(reply, e);
      reply.status(e.status);
      return detailPage(reply, p, id, { form, values, errors: problemErrors(e, field) });
    }
  }

  return async (app) => {
    app.get<{ Querystring: { status?: string } }>('/incidents', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const now = new Date();
      const status = ['open', 'investigating', 'closed'].includes(String(request.query?.status))
        ? String(request.query.status)
        : undefined;
      const rows = (await listIncidents(db, p.forceId, { status })).map((r) => {
        const item = presentListItem(r, now);
        return {
          ...item,
          tag: statusTag(item.status, item.overdue),
          severityTitle: severityTitle(item.severity),
        };
      });
      return reply.page('incidents/list.njk', {
        title: 'Incidents',
        incidents: rows,
        overdue: rows.filter((r) => r.overdue).length,
        status: status ?? '',
      });
    });

    app.get('/incidents/new', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      return newPage(reply, p, {});
    });

    app.post('/incidents/new', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const values = postedStrings(request.body);
      const parsed = reportSchema.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return newPage(reply, p, values, zodErrors(parsed.error, { severity: 'f-severity' }));
      }
      try {
        const { id } = await reportIncident(db, p, parsed.data);
        return reply.redirect(`/incidents/${id}?done=reported`, 303);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code !== 'invalid-input' && e.status !== 404) return problemPage(reply, e);
        reply.status(400);
        return newPage(reply, p, values, problemErrors(e, 'systemId'));
      }
    });

    app.get<{ Params: Params; Querystring: { done?: string } }>(
      '/incidents/:id',
      hide,
      async (request, reply) => {
        const p = requirePrincipal(request);
        const banner = BANNERS[String(request.query?.done ?? '')] ?? null;
        return detailPage(reply, p, checkId(request.params.id), { banner });
      },
    );

    app.post<{ Params: Params }>('/incidents/:id/owner', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const values = postedStrings(request.body);
      const parsed = ownerSchema.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return detailPage(reply, p, id, { form: 'owner', values, errors: zodErrors(parsed.error) });
      }
      return command(reply, p, id, 'owner', values, 'ownerId', () =>
        assignOwner(db, p, id, parsed.data.ownerId),
      );
    });

    app.post<{ Params: Params }>('/incidents/:id/notes', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const values = postedStrings(request.body);
      const parsed = noteSchema.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return detailPage(reply, p, id, { form: 'note', values, errors: zodErrors(parsed.error) });
      }
      return command(reply, p, id, 'note', values, 'text', () => addNote(db, p, id, parsed.data));
    });

    app.post<{ Params: Params }>('/incidents/:id/close', hide, async (request, reply) => {
      const p = requirePrincipal(request);
      const id = checkId(request.params.id);
      const values = postedStrings(request.body);
      const parsed = closeSchema.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return detailPage(reply, p, id, { form: 'close', values, errors: zodErrors(parsed.error) });
      }
      return command(reply, p, id, 'close', values, 'publicSummary', () =>
        closeIncident(db, p, id, parsed.data.publicSummary),
      );
    });

    app.get<{ Params: { slug: string } }>('/forces/:slug/incidents', hide, async (request, reply) => {
      const slug = forceSlug.safeParse(request.params.slug);
      if (!slug.success) throw errors.notFound(`The force "${request.params.slug}"`);
      const force = await publicForceOr404(db, slug.data);
      return reply.page('incidents/public.njk', {
        title: `Incidents with AI at ${force.name}`,
        force: { slug: force.slug, name: force.name },
        incidents: (await closedIncidents(db, force.id)).map(presentPublicIncident),
      });
    });
  };
}
