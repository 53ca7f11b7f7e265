import path from 'node:path';
import { dateFrom, dateParts, field, one } from '../../../oversight/form-values.ts';
import { projectRoot } from '../../../shared-data.ts';
import type { StartForm } from '../../contract.ts';

/**
 * The OGRS3 fields of the start form: gender, three dates, the sanction counts and the offence
 * code, posted as the module's input (the module's input schema checks them, and its errors are
 * shown on the field they name).
 */

/** The templates of the start form's fields. */
export const OGRS3_VIEWS = path.join(projectRoot, 'src/modules/risk/ogrs3/views');

const FIELDS = [
  'gender',
  'dateOfBirth',
  'convictionDate',
  'followUpDate',
  'sanctions',
  'ageAtFirstSanction',
  'offenceCode',
];
const DATES = ['dateOfBirth', 'convictionDate', 'followUpDate'];

/** A count as a number when it is one; otherwise as typed, for the input schema to name. */
const count = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);

export const ogrs3StartForm: StartForm = {
  template: 'risk/ogrs3-start-form.njk',
  async data(_context, values) {
    return {
      dates: Object.fromEntries(DATES.map((name) => [name, dateParts(values, name)])),
      genders: ['male', 'female'].map((g) => ({
        value: g,
        text: g === 'male' ? 'Male' : 'Female',
        checked: one(values.gender) === g,
      })),
    };
  },
  async parse(values) {
    const input = {
      gender: one(values.gender),
      dateOfBirth: dateFrom(values, 'dateOfBirth'),
      convictionDate: dateFrom(values, 'convictionDate'),
      followUpDate: dateFrom(values, 'followUpDate'),
      sanctions: count(one(values.sanctions)),
      ageAtFirstSanction: count(one(values.ageAtFirstSanction)),
      offenceCode: one(values.offenceCode),
    };
    return { input, problems: [] };
  },
  // `input.gender` on its field; the module's own message ("offenceCode: ...") on the field it names.
  fieldOf(path, message) {
    const key = path.replace(/^input\.?/, '').split('.')[0] || /^(\w+):/.exec(message)?.[1] || '';
    return FIELDS.includes(key) ? key : 'gender';
  },
  // Date inputs focus their day.
  href: (name) => (DATES.includes(name) ? `#${field(name)}-day` : `#${field(name)}`),
};
