import type { PoleDocument } from '../extract/types.ts';

/** Three short witness statements about one incident, for the tests of resolution and patterns. */
export const STATEMENTS: PoleDocument[] = [
  {
    id: 'stmt-1',
    date: '2024-03-12',
    text:
      'I am Mrs Sarah Jones. On 10/03/2024 at about 2300hrs I saw Mr John Smith (born 05/03/1990) get out of a ' +
      'silver Ford Focus, registration AB12 CDE, outside 14 Mill Lane, Leeds LS6 2AB. I know his number is 07700 900123.\n\n' +
      'Mr J. Smith then punched the man by the bus stop.',
  },
  {
    id: 'stmt-2',
    date: '2024-03-13',
    text:
      'Yesterday evening at 2330hrs I saw a black car ab12cde parked on Mill Lane. Mr Smith was driving it. ' +
      'He rang me from +44 7700 900123 at 23:45 and threatened me.',
  },
  {
    id: 'stmt-3',
    date: '2024-03-14',
    text: 'On 11/03/2024 at 0100hrs PC 1234 Ahmed arrested Mr John Smith, DOB 05/03/1990, on suspicion of assault.',
  },
];
