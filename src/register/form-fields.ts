import type { z } from 'zod';
import { FIELD_TEXT, OPTION_TEXT, ROW_TEXT } from './field-labels.ts';

/**
 * GOV.UK form fields derived from a zod schema, and posted form bodies parsed back into data
 * for that schema. Pure: no I/O. Form names are data paths joined by dots (`processing.provider`,
 * `metrics.0.threshold`); a date is posted as `<name>.day`, `<name>.month`, `<name>.year`; the
 * fields of one variant of a choice (supplier in-house or external) are posted as
 * `<name>.<variant>.<field>` so two variants never share a name.
 */

export interface Option {
  value: string;
  text: string;
}

interface Base {
  /** The form name (see above). */
  name: string;
  /** The key in the schema, for words and matching. */
  key: string;
  label: string;
  hint?: string;
  /** May be left empty (optional or has a default). */
  optional: boolean;
}

export type Field =
  | (Base & { kind: 'text'; multiline: boolean; inputType: 'text' | 'email' | 'url'; maxLength?: number })
  | (Base & { kind: 'list' })
  | (Base & { kind: 'number'; integer: boolean })
  | (Base & { kind: 'date' })
  | (Base & { kind: 'choice'; options: Option[]; nullable: boolean })
  | (Base & { kind: 'multi'; options: Option[] })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'confirm'; value: string })
  | (Base & { kind: 'group'; fields: Field[] })
  | (Base & { kind: 'variant'; discriminator: string; options: Array<Option & { fields: Field[] }> })
  | (Base & { kind: 'rows'; columns: Field[]; itemLabel: string });

export type FormValues = Record<string, string | string[]>;

export interface DeriveOptions {
  /** Top-level keys left out of the form. */
  exclude?: readonly string[];
  /** Choices for a field (by form name): a string becomes a select, an array of strings checkboxes. */
  choices?: Record<string, Option[]>;
}

/* Minimal view of zod 4's schema internals that the derivation reads. */
interface ZodNode {
  _zod: {
    def: {
      type: string;
      innerType?: ZodNode;
      shape?: Record<string, ZodNode>;
      element?: ZodNode;
      entries?: Record<string, string>;
      values?: unknown[];
      options?: ZodNode[];
      discriminator?: string;
      checks?: Array<{ _zod: { def: { check?: string; format?: string; pattern?: RegExp } } }>;
      format?: string;
    };
  };
  maxLength?: number | null;
  format?: string | null;
  isInt?: boolean;
}

const node = (schema: unknown) => schema as ZodNode;

/** "successCriteria" -> "Success criteria"; "go-live" -> "Go live". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const textOf = (name: string, key: string) => ({ ...FIELD_TEXT[key], ...FIELD_TEXT[name] });
const labelOf = (name: string, key: string) => textOf(name, key).label ?? humanise(key);
const hintOf = (name: string, key: string) => textOf(name, key).hint;
const optionText = (key: string, value: string) => OPTION_TEXT[key]?.[value] ?? humanise(value);

/** Strips optional/default/nullable wrappers, reporting what they allow. */
function unwrap(schema: ZodNode): { inner: ZodNode; optional: boolean; nullable: boolean } {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const t = inner._zod.def.type;
    if (
      (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault') &&
      inner._zod.def.innerType
    ) {
      if (t === 'nullable') nullable = true;
      else optional = true;
      inner = inner._zod.def.innerType;
    } else return { inner, optional, nullable };
  }
}

const isDateString = (s: ZodNode) =>
  (s._zod.def.checks ?? []).some((c) => c._zod.def.pattern?.source === '^\\d{4}-\\d{2}-\\d{2}$');

function deriveOne(key: string, name: string, schema: ZodNode, options: DeriveOptions): Field {
  const { inner, optional, nullable } = unwrap(schema);
  const base = { name, key, label: labelOf(name, key), optional: optional || nullable } as Base;
  const hint = hintOf(name, key);
  if (hint) base.hint = hint;
  const def = inner._zod.def;
  const choices = options.choices?.[name];
  switch (def.type) {
    case 'string': {
      if (choices) return { ...base, kind: 'choice', options: choices, nullable };
      if (isDateString(inner)) return { ...base, kind: 'date' };
      const format = inner.format;
      const inputType = format === 'email' ? 'email' : format === 'url' ? 'url' : 'text';
      const multiline = inputType === 'text' && (inner.maxLength == null || inner.maxLength > 200);
      const maxLength = inner.maxLength ?? undefined;
      return { ...base, kind: 'text', multiline, inputType, ...(maxLength ? { maxLength } : {}) };
    }
    case 'number':
      return { ...base, kind: 'number', integer: Boolean(inner.isInt) };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return {
        ...base,
        kind: 'choice',
        options: values.map((v) => ({ value: v, text: optionText(key, v) })),
        nullable,
      };
    }
    case 'literal':
      return { ...base, kind: 'confirm', value: String(def.values?.[0] ?? '') };
    case 'array': {
      const element = unwrap(def.element!).inner;
      const type = element._zod.def.type;
      if (choices) return { ...base, kind: 'multi', options: choices };
      if (type === 'enum') {
        const values = Object.values(element._zod.def.entries ?? {});
        return {
          ...base,
          kind: 'multi',
          options: values.map((v) => ({ value: v, text: optionText(key, v) })),
        };
      }
      if (type === 'object') {
        const columns = Object.entries(element._zod.def.shape ?? {}).map(([k, s]) => deriveOne(k, k, s, {}));
        return { ...base, kind: 'rows', columns, itemLabel: ROW_TEXT[key] ?? 'Item' };
      }
      return { ...base, kind: 'list', hint: base.hint ?? 'One per line.' };
    }
    case 'object':
      return { ...base, kind: 'group', fields: deriveObject(inner, `${name}.`, options) };
    case 'union': {
      const disc = def.discriminator;
      if (!disc) break;
      return {
        ...base,
        kind: 'variant',
        discriminator: disc,
        options: (def.options ?? []).map((o) => {
          const shape = o._zod.def.shape ?? {};
          const value = String(shape[disc]?._zod.def.values?.[0] ?? '');
          const fields = Object.entries(shape)
            .filter(([k]) => k !== disc)
            .map(([k, s]) => deriveOne(k, `${name}.${value}.${k}`, s, options));
          return { value, text: optionText(key, value), fields };
        }),
      };
    }
  }
  throw new Error(`No form field for "${name}" (${def.type})`);
}

function deriveObject(schema: ZodNode, prefix: string, options: DeriveOptions, exclude = new Set<string>()) {
  return Object.entries(schema._zod.def.shape ?? {})
    .filter(([k]) => !exclude.has(k))
    .map(([k, s]) => deriveOne(k, `${prefix}${k}`, s, options));
}

/** The fields of an object schema, in the schema's order. */
export function deriveFields(schema: z.ZodType, options: DeriveOptions = {}): Field[] {
  const root = unwrap(node(schema)).inner;
  if (root._zod.def.type !== 'object') throw new Error('Forms are derived from object schemas');
  return deriveObject(root, '', options, new Set(options.exclude ?? []));
}

/* ---------- parsing a posted body ---------- */

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined): string[] =>
  Array.isArray(v) ? v : v === undefined ? [] : [v];

/** A day, month and year as YYYY-MM-DD when they make a real date; otherwise what was typed. */
export function dateFrom(day: string, month: string, year: string): string {
  if (!day && !month && !year) return '';
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const real =
    /^\d{1,2}$/.test(day) &&
    /^\d{1,2}$/.test(month) &&
    /^\d{4}$/.test(year) &&
    new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d &&
    m >= 1 &&
    m <= 12;
  return real
    ? `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    : `${year}-${month}-${day}?`;
}

function parseField(f: Field, body: FormValues): unknown {
  switch (f.kind) {
    case 'text': {
      const v = one(body[f.name]);
      return v === '' && f.optional ? undefined : v;
    }
    case 'list': {
      const items = one(body[f.name])
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      return items.length === 0 && f.optional ? undefined : items;
    }
    case 'number': {
      const v = one(body[f.name]).replace(/[,\s]/g, '');
      if (v === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
    case 'date': {
      const v = dateFrom(
        one(body[`${f.name}.day`]),
        one(body[`${f.name}.month`]),
        one(body[`${f.name}.year`]),
      );
      return v === '' && f.optional ? undefined : v;
    }
    case 'choice': {
      const v = one(body[f.name]);
      return v === '' ? (f.nullable ? null : undefined) : v;
    }
    case 'multi':
      return many(body[f.name]).filter(Boolean);
    case 'boolean':
      return one(body[f.name]) === 'true';
    case 'confirm':
      return one(body[f.name]) === f.value ? f.value : undefined;
    case 'group':
      return parseObject(f.fields, body);
    case 'variant': {
      const chosen = f.options.find((o) => o.value === one(body[`${f.name}.${f.discriminator}`]));
      return chosen ? { [f.discriminator]: chosen.value, ...parseObject(chosen.fields, body) } : undefined;
    }
    case 'rows': {
      const count = rowCount(f, body);
      const rows: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const cells = rowFields(f, i);
        const filled = cells.some((c) => c.kind !== 'boolean' && isFilled(c, body));
        if (filled) rows.push(parseObject(cells, body));
      }
      return rows.length === 0 && f.optional ? undefined : rows;
    }
  }
}

function isFilled(f: Field, body: FormValues): boolean {
  if (f.kind === 'date') return ['day', 'month', 'year'].some((p) => one(body[`${f.name}.${p}`]) !== '');
  return one(body[f.name]) !== '';
}

function parseObject(fields: Field[], body: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = parseField(f, body);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/** The data a posted form body describes, ready for the schema's `safeParse`. */
export function parseForm(fields: Field[], body: FormValues): Record<string, unknown> {
  return parseObject(fields, body);
}

/** The row's fields with their form names (`metrics.2.name`). */
export function rowFields(f: Field & { kind: 'rows' }, index: number): Field[] {
  return f.columns.map((c) => ({ ...c, name: `${f.name}.${index}.${c.key}` }) as Field);
}

/** How many rows a body holds for a repeated set: one past the highest index posted. */
function rowCount(f: Field & { kind: 'rows' }, body: FormValues): number {
  let max = -1;
  const prefix = `${f.name}.`;
  for (const k of Object.keys(body)) {
    if (!k.startsWith(prefix)) continue;
    const i = Number(k.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(i) && i >= 0 && i < 200) max = Math.max(max, i);
  }
  return max + 1;
}

/* ---------- data back into form values (to pre-fill) ---------- */

function valuesOf(f: Field, value: unknown, out: FormValues): void {
  if (value === undefined || value === null) return;
  switch (f.kind) {
    case 'text':
    case 'choice':
    case 'number':
      out[f.name] = String(value);
      return;
    case 'list':
      out[f.name] = Array.isArray(value) ? value.map(String).join('\n') : String(value);
      return;
    case 'date': {
      const [y = '', m = '', d = ''] = String(value).split('-');
      out[`${f.name}.day`] = d.replace(/^0/, '');
      out[`${f.name}.month`] = m.replace(/^0/, '');
      out[`${f.name}.year`] = y;
      return;
    }
    case 'multi':
      out[f.name] = Array.isArray(value) ? value.map(String) : [String(value)];
      return;
    case 'boolean':
      if (value === true) out[f.name] = 'true';
      return;
    case 'confirm':
      if (value === f.value) out[f.name] = f.value;
      return;
    case 'group':
      for (const c of f.fields) valuesOf(c, (value as Record<string, unknown>)[c.key], out);
      return;
    case 'variant': {
      const v = value as Record<string, unknown>;
      const chosen = f.options.find((o) => o.value === v[f.discriminator]);
      if (!chosen) return;
      out[`${f.name}.${f.discriminator}`] = chosen.value;
      for (const c of chosen.fields) valuesOf(c, v[c.key], out);
      return;
    }
    case 'rows':
      if (!Array.isArray(value)) return;
      value.forEach((row, i) => {
        for (const c of rowFields(f, i)) valuesOf(c, (row as Record<string, unknown>)[c.key], out);
      });
      return;
  }
}

/** Form values that show `data` in the form (the inverse of `parseForm` for valid data). */
export function valuesFromData(fields: Field[], data: unknown): FormValues {
  const out: FormValues = {};
  if (data && typeof data === 'object') {
    for (const f of fields) valuesOf(f, (data as Record<string, unknown>)[f.key], out);
  }
  return out;
}

/** Keeps only the posted values that belong to the form (drops `_csrf` and anything unknown). */
export function postedValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v.slice(0, 20_000);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').slice(0, 500);
  }
  return out;
}

/* ---------- errors: zod issues to GOV.UK field errors ---------- */

export interface FieldError {
  /** The form name of the field. */
  name: string;
  /** The id the error summary links to. */
  href: string;
  text: string;
}

export interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  format?: string;
  origin?: string;
}

/** A form name as an HTML id. */
export const idFor = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Where the error summary should take the reader for a field: its first input. */
function anchorFor(f: Field): string {
  switch (f.kind) {
    case 'date':
      return `${idFor(f.name)}-day`;
    case 'group':
      return f.fields[0] ? anchorFor(f.fields[0]) : idFor(f.name);
    case 'rows':
      return f.columns[0] ? anchorFor(rowFields(f, 0)[0]!) : idFor(f.name);
    case 'variant':
      return idFor(`${f.name}.${f.discriminator}`);
    default:
      return idFor(f.name);
  }
}

interface Located {
  field: Field;
  /** e.g. "Metric 2: " for a cell of a repeated set. */
  prefix: string;
}

/** The field an issue path points to, given the data that was checked. */
function locate(
  fields: Field[],
  path: ReadonlyArray<PropertyKey>,
  data: unknown,
  prefix = '',
): Located | null {
  const [head, ...rest] = path;
  const f = fields.find((x) => x.key === head);
  if (!f) return null;
  const value = (data as Record<string, unknown> | undefined)?.[String(head)];
  if (rest.length === 0) return { field: f, prefix };
  if (f.kind === 'group') return locate(f.fields, rest, value, prefix) ?? { field: f, prefix };
  if (f.kind === 'variant') {
    const chosen = f.options.find(
      (o) => o.value === (value as Record<string, unknown> | undefined)?.[f.discriminator],
    );
    return (chosen && locate(chosen.fields, rest, value, prefix)) ?? { field: f, prefix };
  }
  if (f.kind === 'rows' && typeof rest[0] === 'number') {
    const i = rest[0];
    const row = (value as unknown[] | undefined)?.[i];
    const inner =
      rest.length > 1 ? locate(rowFields(f, i), rest.slice(1), row, `${f.itemLabel} ${i + 1}: `) : null;
    return inner ?? { field: f, prefix };
  }
  return { field: f, prefix };
}

/** A GOV.UK-style message for one issue on one field. */
export function messageFor(f: Field, issue: Issue, value: unknown): string {
  const label = f.label;
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const empty =
    value === undefined || value === '' || value === null || (Array.isArray(value) && value.length === 0);
  if (f.kind === 'confirm') return `Select "${humanise(f.value)}" to record the ${lower}`;
  // A rule across fields (an end before its start) is written as a whole sentence and shown as it is.
  if (f.kind === 'date' && issue.code === 'custom' && /^[A-Z]/.test(issue.message)) return issue.message;
  if (f.kind === 'date') return empty ? `Enter the ${lower}` : `${label} must be a real date`;
  if (empty && (f.kind === 'choice' || f.kind === 'variant'))
    return FIELD_TEXT[f.key]?.select ?? `Select ${lower.startsWith('who') ? lower : `the ${lower}`}`;
  if (f.kind === 'number' && typeof value === 'string') return `${label} must be a number`;
  if (empty && (issue.code !== 'too_small' || f.kind === 'text')) return `Enter ${lower}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return `${label} must be a whole number`;
  if (issue.code === 'invalid_format' && issue.format === 'email')
    return `${label} must be an email address, like name@example.com`;
  if (issue.code === 'invalid_format' && issue.format === 'url')
    return `${label} must be a full web address, like https://www.example.org`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `${label} must be ${issue.minimum} or more`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `${label} must be ${issue.maximum} or less`;
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `${label} must be ${Number(issue.maximum).toLocaleString('en-GB')} characters or fewer`;
  if (/^[a-z]/.test(issue.message)) return `${label} ${issue.message}`;
  return `${label}: ${issue.message}`;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const k of path)
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
  return v;
}

/** One error per field (the first issue), in the order of the fields on the page, for the error summary. */
export function fieldErrors(fields: Field[], data: unknown, issues: readonly Issue[]): FieldError[] {
  const position = (issue: Issue) => {
    const i = fields.findIndex((f) => f.key === issue.path[0]);
    return i < 0 ? fields.length : i;
  };
  const inFieldOrder = [...issues].sort((a, b) => position(a) - position(b));
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of inFieldOrder) {
    const found = locate(fields, issue.path, data);
    if (!found) {
      if (!seen.has('') && fields[0])
        out.push({ name: '', href: `#${anchorFor(fields[0])}`, text: issue.message });
      seen.add('');
      continue;
    }
    const { field, prefix } = found;
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    const value = valueAt(data, issue.path);
    out.push({
      name: field.name,
      href: `#${anchorFor(field)}`,
      text: prefix + messageFor(field, issue, value),
    });
  }
  return out;
}

/* ---------- view models for the Nunjucks templates ---------- */

export interface FieldView {
  kind: Field['kind'];
  name: string;
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** For single-value fields. */
  value?: string;
  /** For checkboxes, and day/month/year of dates. */
  values?: string[];
  day?: string;
  month?: string;
  year?: string;
  multiline?: boolean;
  /** The most characters a text field takes, counted for the reader in long text. */
  maxLength?: number;
  inputType?: string;
  inputmode?: string;
  items?: Array<{ value: string; text: string; checked: boolean; children?: FieldView[] }>;
  /** For select with a blank choice. */
  blank?: string;
  children?: FieldView[];
  /** Repeated sets: one fieldset per row. */
  rows?: Array<{ legend: string; children: FieldView[] }>;
  /** Extra classes for compact layout inside rows. */
  compact?: boolean;
}

/** Rows shown for a repeated set: those with values, plus blank ones to add more. */
export const BLANK_ROWS = 2;

/** Everything the template needs to render the fields with GOV.UK macros. */
export function viewFields(
  fields: Field[],
  values: FormValues,
  errors: readonly FieldError[],
  compact = false,
): FieldView[] {
  const errorOf = (name: string) => errors.find((e) => e.name === name)?.text;
  return fields.map((f) => {
    const v: FieldView = { kind: f.kind, name: f.name, id: idFor(f.name), label: f.label, compact };
    if (f.hint) v.hint = f.hint;
    const error = errorOf(f.name);
    if (error) v.error = error;
    switch (f.kind) {
      case 'text':
        v.value = typeof values[f.name] === 'string' ? String(values[f.name]) : one(values[f.name]);
        v.multiline = f.multiline;
        v.inputType = f.inputType;
        if (f.maxLength) v.maxLength = f.maxLength;
        break;
      case 'list':
        v.value =
          typeof values[f.name] === 'string' ? String(values[f.name]) : many(values[f.name]).join('\n');
        v.multiline = true;
        break;
      case 'number':
        v.value = one(values[f.name]);
        v.inputmode = f.integer ? 'numeric' : 'decimal';
        break;
      case 'date':
        v.day = one(values[`${f.name}.day`]);
        v.month = one(values[`${f.name}.month`]);
        v.year = one(values[`${f.name}.year`]);
        break;
      case 'choice': {
        const current = one(values[f.name]);
        v.value = current;
        v.items = f.options.map((o) => ({ ...o, checked: o.value === current }));
        if (f.nullable || f.options.length > 12) v.blank = f.nullable ? 'Not named yet' : 'Choose';
        break;
      }
      case 'multi': {
        const chosen = new Set(many(values[f.name]));
        v.items = f.options.map((o) => ({ ...o, checked: chosen.has(o.value) }));
        break;
      }
      case 'boolean':
        v.items = [{ value: 'true', text: f.label, checked: one(values[f.name]) === 'true' }];
        break;
      case 'confirm':
        v.items = [{ value: f.value, text: humanise(f.value), checked: one(values[f.name]) === f.value }];
        break;
      case 'group':
        v.children = viewFields(f.fields, values, errors, compact);
        break;
      case 'variant': {
        const current = one(values[`${f.name}.${f.discriminator}`]);
        v.name = `${f.name}.${f.discriminator}`;
        v.id = idFor(v.name);
        v.items = f.options.map((o) => ({
          value: o.value,
          text: o.text,
          checked: o.value === current,
          children: viewFields(o.fields, values, errors, compact),
        }));
        break;
      }
      case 'rows': {
        const filled = rowCount(f, values);
        const count = Math.max(filled + BLANK_ROWS, 3);
        v.rows = Array.from({ length: count }, (_, i) => ({
          legend: `${f.itemLabel} ${i + 1}`,
          children: viewFields(rowFields(f, i), values, errors, true),
        }));
        break;
      }
    }
    return v;
  });
}

/* ---------- data as a GOV.UK summary list ---------- */

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function display(f: Field, value: unknown): string {
  if (value === undefined || value === null || value === '')
    return '<span class="govuk-hint">Not given</span>';
  switch (f.kind) {
    case 'list':
    case 'multi': {
      const items = (Array.isArray(value) ? value : [value]).map((x) => {
        const text =
          f.kind === 'multi' ? (f.options.find((o) => o.value === x)?.text ?? String(x)) : String(x);
        return `<li>${escapeHtml(text)}</li>`;
      });
      return items.length
        ? `<ul class="govuk-list govuk-list--bullet">${items.join('')}</ul>`
        : '<span class="govuk-hint">None</span>';
    }
    case 'choice':
      return escapeHtml(f.options.find((o) => o.value === value)?.text ?? String(value));
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'confirm':
      return escapeHtml(humanise(String(value)));
    case 'date':
      return escapeHtml(
        new Date(`${String(value)}T12:00:00Z`).toLocaleDateString('en-GB', {
          dateStyle: 'long',
          timeZone: 'UTC',
        }),
      );
    case 'group':
      return f.fields
        .map(
          (c) =>
            `<p class="govuk-body govuk-!-margin-bottom-1"><strong>${escapeHtml(c.label)}:</strong> ${display(c, (value as Record<string, unknown>)[c.key])}</p>`,
        )
        .join('');
    case 'variant': {
      const v = value as Record<string, unknown>;
      const chosen = f.options.find((o) => o.value === v[f.discriminator]);
      if (!chosen) return escapeHtml(String(v[f.discriminator]));
      return `<p class="govuk-body govuk-!-margin-bottom-1">${escapeHtml(chosen.text)}</p>${chosen.fields
        .map(
          (c) =>
            `<p class="govuk-body govuk-!-margin-bottom-1"><strong>${escapeHtml(c.label)}:</strong> ${display(c, v[c.key])}</p>`,
        )
        .join('')}`;
    }
    case 'rows': {
      const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
      if (rows.length === 0) return '<span class="govuk-hint">None</span>';
      const head = f.columns
        .map((c) => `<th scope="col" class="govuk-table__header">${escapeHtml(c.label)}</th>`)
        .join('');
      const body = rows
        .map(
          (r) =>
            `<tr class="govuk-table__row">${f.columns.map((c) => `<td class="govuk-table__cell">${display(c, r[c.key])}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table class="govuk-table govuk-!-font-size-16 govuk-!-margin-bottom-0"><thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead><tbody class="govuk-table__body">${body}</tbody></table>`;
    }
    default:
      return escapeHtml(String(value)).replace(/\n/g, '<br>');
  }
}

/** Rows for `govukSummaryList` showing data against the fields (HTML escaped here). */
export function summaryRows(
  fields: Field[],
  data: unknown,
): Array<{ key: { text: string }; value: { html: string } }> {
  const d = (data ?? {}) as Record<string, unknown>;
  return fields.map((f) => ({ key: { text: f.label }, value: { html: display(f, d[f.key]) } }));
}
