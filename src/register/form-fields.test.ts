import { describe, expect, it } from 'vitest';
import {
  dateFrom,
  deriveFields,
  type Field,
  fieldErrors,
  humanise,
  parseForm,
  summaryRows,
  valuesFromData,
  viewFields,
} from './form-fields.ts';
import { FORM_KINDS, FORMS } from './forms.ts';
import { systemInputSchema } from './model.ts';

const byName = (fields: Field[], name: string): Field | undefined => {
  for (const f of fields) {
    if (f.name === name) return f;
    if (f.kind === 'group') {
      const inner = byName(f.fields, name);
      if (inner) return inner;
    }
    if (f.kind === 'variant') {
      for (const o of f.options) {
        const inner = byName(o.fields, name);
        if (inner) return inner;
      }
    }
  }
  return undefined;
};

const recordFields = () =>
  deriveFields(systemInputSchema, {
    exclude: ['moduleId', 'moduleSettings'],
    choices: {
      projectLeadId: [{ value: '7c9e6679-7425-40de-944b-e07fc1f90ae7', text: 'Tom Okafor' }],
      productManagerId: [],
      overseerIds: [{ value: '16fd2706-8baf-433b-82eb-8c7fada847da', text: 'PC Jamie Lewis' }],
    },
  });

describe('deriving fields from a zod schema', () => {
  it('maps each kind of schema to the right GOV.UK pattern', () => {
    const fields = recordFields();
    expect(fields.map((f) => f.key)).not.toContain('moduleId');
    expect(byName(fields, 'name')).toMatchObject({ kind: 'text', multiline: false });
    expect(byName(fields, 'description')).toMatchObject({ kind: 'text', multiline: true });
    expect(byName(fields, 'useCase')).toMatchObject({ kind: 'choice' });
    expect(byName(fields, 'expectedBenefits')).toMatchObject({ kind: 'list', hint: 'One per line.' });
    expect(byName(fields, 'expectedMinutesSavedPerTask')).toMatchObject({ kind: 'number', integer: false });
    expect(byName(fields, 'processing')).toMatchObject({ kind: 'group' });
    expect(byName(fields, 'processing.processingCountry')).toMatchObject({ kind: 'text' });
    expect(byName(fields, 'supplier')).toMatchObject({ kind: 'variant', discriminator: 'type' });
    expect(byName(fields, 'supplier.external.companiesHouseNumber')).toMatchObject({ kind: 'text' });
    expect(byName(fields, 'projectLeadId')).toMatchObject({ kind: 'choice', nullable: true, optional: true });
    expect(byName(fields, 'overseerIds')).toMatchObject({ kind: 'multi' });

    const scope = deriveFields(FORMS['trial-scope'].schema);
    expect(byName(scope, 'startDate')).toMatchObject({ kind: 'date' });
    expect(byName(scope, 'maxRuns')).toMatchObject({ kind: 'number', integer: true });
    expect(byName(deriveFields(FORMS['public-record'].schema), 'contactEmail')).toMatchObject({
      kind: 'text',
      inputType: 'email',
    });
    expect(byName(deriveFields(FORMS['use-authorisation'].schema), 'decision')).toMatchObject({
      kind: 'confirm',
      value: 'authorised',
    });
    const metrics = byName(deriveFields(FORMS['test-design'].schema), 'metrics');
    expect(metrics).toMatchObject({ kind: 'rows', itemLabel: 'Metric' });
    expect((metrics as Field & { kind: 'rows' }).columns.map((c) => [c.key, c.kind])).toEqual([
      ['name', 'text'],
      ['description', 'text'],
      ['direction', 'choice'],
      ['threshold', 'number'],
      ['perGroup', 'boolean'],
      ['severe', 'boolean'],
    ]);
  });

  it('words labels from the keys when no text is given', () => {
    expect(humanise('successCriteria')).toBe('Success criteria');
    expect(humanise('go-live')).toBe('Go live');
  });
});

describe('round trip: data -> form values -> posted body -> data', () => {
  it.each(FORM_KINDS.map((k) => [k]))('gives back the example of the %s form', (kind) => {
    const def = FORMS[kind];
    const fields = deriveFields(def.schema);
    const values = valuesFromData(fields, def.example);
    const data = parseForm(fields, values);
    expect(def.schema.parse(data)).toEqual(def.schema.parse(def.example));
  });

  it('gives back a whole register record, external supplier included', () => {
    const record = {
      name: 'Hot spots',
      description: 'Weekly burglary forecasts for patrol planning.',
      useCase: 'hotspot-forecasting',
      capability: 'forecasting',
      purpose: 'Plan visible patrols and prevention.',
      expectedBenefits: ['Analyst time released', 'Earlier advice'],
      expectedMinutesSavedPerTask: 12.5,
      supplier: {
        type: 'external',
        name: 'Forecast Ltd',
        companiesHouseNumber: 'SC123456',
        role: 'Hosts the model',
        procurementRoute: 'G-Cloud 14',
        dataAccessTerms: 'No training on force data.',
      },
      processing: {
        provider: 'Example Cloud',
        processingCountry: 'Ireland',
        storageCountry: 'United Kingdom',
      },
      model: { name: 'KDE', version: '1' },
      trainingData: { source: 'police.uk', period: '2019-2023', knownGaps: 'Under-reporting.' },
      affectedGroups: ['Residents'],
      projectLeadId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      productManagerId: null,
      overseerIds: ['16fd2706-8baf-433b-82eb-8c7fada847da'],
    };
    const fields = recordFields();
    const values = valuesFromData(fields, record);
    expect(values['supplier.type']).toBe('external');
    expect(values['supplier.external.name']).toBe('Forecast Ltd');
    expect(values['supplier.in-house.team']).toBeUndefined();
    const parsed = systemInputSchema.parse(parseForm(fields, values));
    expect(parsed).toMatchObject(record);
  });

  it('reads only the chosen variant of a choice', () => {
    const fields = recordFields();
    const data = parseForm(fields, {
      'supplier.type': 'in-house',
      'supplier.in-house.team': 'Data science',
      'supplier.external.name': 'Left over from before',
    });
    expect(data.supplier).toEqual({ type: 'in-house', team: 'Data science' });
  });

  it('skips blank rows of a repeated set and keeps numbers as numbers', () => {
    const fields = deriveFields(FORMS['test-design'].schema);
    const data = parseForm(fields, {
      dataDescription: 'Held-out year',
      groups: 'Urban\n\n  Rural  \n',
      'metrics.0.name': 'hit-rate',
      'metrics.0.description': 'Share of crime captured',
      'metrics.0.direction': 'min',
      'metrics.0.threshold': '0.2',
      'metrics.0.perGroup': 'true',
      'metrics.1.name': '',
      'metrics.1.severe': 'true',
      'metrics.3.name': 'coverage',
      'metrics.3.description': 'Share of the area',
      'metrics.3.direction': 'max',
      'metrics.3.threshold': '1,000',
    });
    expect(data.groups).toEqual(['Urban', 'Rural']);
    expect(data.metrics).toEqual([
      {
        name: 'hit-rate',
        description: 'Share of crime captured',
        direction: 'min',
        threshold: 0.2,
        perGroup: true,
        severe: false,
      },
      {
        name: 'coverage',
        description: 'Share of the area',
        direction: 'max',
        threshold: 1000,
        perGroup: false,
        severe: false,
      },
    ]);
  });

  it('turns day, month and year into an ISO date only when the date is real', () => {
    expect(dateFrom('7', '3', '2026')).toBe('2026-03-07');
    expect(dateFrom('', '', '')).toBe('');
    expect(dateFrom('31', '2', '2026')).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dateFrom('1', '13', '2026')).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dateFrom('aa', '1', '2026')).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('errors', () => {
  const errorsFor = (kind: keyof typeof FORMS, values: Record<string, string>) => {
    const fields = deriveFields(FORMS[kind].schema);
    const data = parseForm(fields, values);
    const result = FORMS[kind].schema.safeParse(data);
    expect(result.success).toBe(false);
    return fieldErrors(fields, data, result.error!.issues);
  };

  it('names each field, links to its first input, and says what to do', () => {
    const errs = errorsFor('trial-scope', {
      'startDate.day': '31',
      'startDate.month': '2',
      'startDate.year': '2026',
      maxRuns: 'lots',
    });
    const by = Object.fromEntries(errs.map((e) => [e.name, e]));
    expect(by.startDate).toEqual({
      name: 'startDate',
      href: '#f-startDate-day',
      text: 'Start date must be a real date',
    });
    expect(by.endDate?.text).toBe('Enter the end date');
    expect(by.maxRuns).toEqual({
      name: 'maxRuns',
      href: '#f-maxRuns',
      text: 'Maximum number of runs must be a number',
    });
  });

  it('says which row of a repeated set is wrong', () => {
    const errs = errorsFor('test-design', {
      dataDescription: 'Held-out year',
      'metrics.0.name': 'hit-rate',
      'metrics.0.description': 'Share of crime',
      'metrics.0.threshold': '0.2',
    });
    expect(errs).toContainEqual({
      name: 'metrics.0.direction',
      href: '#f-metrics-0-direction',
      text: 'Metric 1: Select whether the value must be at least or at most the threshold',
    });
  });

  it('asks to tick a decision that must be recorded, and to write a well-formed email', () => {
    const auth = errorsFor('use-authorisation', { reasons: 'Validated and safe.' });
    expect(auth[0]?.text).toBe('Select "Authorised" to record the decision');
    const rec = errorsFor('public-record', {
      contactEmail: 'not-an-email',
      website: 'example',
      'publishedOn.day': '1',
      'publishedOn.month': '1',
      'publishedOn.year': '2026',
    });
    expect(rec.map((e) => e.text)).toEqual([
      'Contact email address must be an email address, like name@example.com',
      'Web page of the public record must be a full web address, like https://www.example.org',
    ]);
  });

  it('puts errors and posted values back into the field views', () => {
    const fields = deriveFields(FORMS.scoping.schema);
    const views = viewFields(fields, { problem: 'ab' }, [
      { name: 'problem', href: '#f-problem', text: 'Too short' },
    ]);
    expect(views[0]).toMatchObject({ id: 'f-problem', value: 'ab', error: 'Too short', multiline: true });
    const rows = viewFields(
      deriveFields(FORMS['test-design'].schema),
      valuesFromData(deriveFields(FORMS['test-design'].schema), FORMS['test-design'].example),
      [],
    );
    expect(rows.find((v) => v.kind === 'rows')?.rows).toHaveLength(4);
  });
});

describe('summary rows', () => {
  it('shows data escaped, with lists, choices and tables', () => {
    const fields = deriveFields(FORMS['test-design'].schema);
    const rows = summaryRows(fields, {
      ...FORMS['test-design'].example,
      dataDescription: '<script>x</script>',
    });
    expect(rows[0]?.value.html).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(rows[1]?.value.html).toContain('<li>Urban</li>');
    expect(rows[2]?.value.html).toContain('<table');
    expect(rows[2]?.value.html).toContain('At least the threshold');
  });
});

describe('evidence form limits, dates and error order', () => {
  const errorsFor = (kind: keyof typeof FORMS, values: Record<string, string>) => {
    const fields = deriveFields(FORMS[kind].schema);
    const data = parseForm(fields, values);
    const result = FORMS[kind].schema.safeParse(data);
    expect(result.success).toBe(false);
    return fieldErrors(fields, data, result.error!.issues);
  };

  it('takes at most 5,000 characters of long text and 200 per list item, and counts them for the reader', () => {
    const valid = { ...FORMS.scoping.example };
    expect(FORMS.scoping.schema.safeParse({ ...valid, purpose: 'x'.repeat(5000) }).success).toBe(true);
    const errs = errorsFor('scoping', {
      problem: 'x'.repeat(200_000),
      purpose: 'A purpose',
      successCriteria: 'y'.repeat(201),
      benefits: 'Time',
      affectedGroups: 'Residents',
      engagementPlan: 'Meetings',
    });
    expect(errs.map((e) => e.name)).toEqual(['problem', 'successCriteria']);
    expect(errs[0]?.text).toMatch(/must be 5,000 characters or fewer$/);
    expect(errs[1]?.text).toMatch(/must be 200 characters or fewer$/);

    const fields = deriveFields(FORMS.scoping.schema);
    const [problem] = viewFields(fields, {}, []);
    expect(problem).toMatchObject({ name: 'problem', multiline: true, maxLength: 5000 });
  });

  it('says an end date before the start date must be after it, not that it is not a real date', () => {
    const errs = errorsFor('trial-scope', {
      areas: 'Central',
      'startDate.day': '1',
      'startDate.month': '6',
      'startDate.year': '2026',
      'endDate.day': '1',
      'endDate.month': '1',
      'endDate.year': '2026',
      maxRuns: '10',
    });
    expect(errs).toEqual([
      { name: 'endDate', href: '#f-endDate-day', text: 'The end date must be after the start date' },
    ]);
  });

  it('lists errors in the order of the fields, whatever order the checks ran in', () => {
    const fields = deriveFields(FORMS['trial-scope'].schema);
    const order = fields.map((f) => f.name);
    const errs = fieldErrors(fields, {}, [
      { path: ['maxRuns'], message: 'x', code: 'invalid_type' },
      { path: ['endDate'], message: 'x', code: 'custom' },
      { path: ['teams'], message: 'needs at least one team or area', code: 'custom' },
      { path: ['startDate'], message: 'x', code: 'custom' },
    ]);
    const names = errs.map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(names[0]).toBe('teams');
  });
});
