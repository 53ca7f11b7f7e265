import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AndroidCall, type AndroidSms, androidCallsDb, androidSmsDb } from '../testing.ts';

/**
 * Writes the demo extraction's generated files next to this script: the Android `mmssms.db`
 * and `calllog.db` of the fictional suspect Jordan Pike, and a week of his Semantic Location
 * History in Newcastle upon Tyne (`2024_JUNE.json`). Everyone and everything in them is
 * fictional; phone numbers are from Ofcom's range for drama, 07700 900000 to 900999.
 *
 * Run: `npx tsx src/modules/device/extraction/demo/make.ts`
 */

const here = path.dirname(fileURLToPath(import.meta.url));

/** A London local time in June 2024 (BST, UTC+1) as ms since 1970. */
const bst = (day: number, hour: number, minute: number) => Date.UTC(2024, 5, day, hour - 1, minute);

const KYLE = '07700 900121';
const MO = '+44 7700 900356';
const LEE = '07700900417';
const MUM = '07700 900802';

const sms: AndroidSms[] = [
  { address: MUM, date: bst(10, 8, 12), type: 1, body: 'Are you coming for tea on Sunday love?' },
  { address: MUM, date: bst(10, 8, 40), type: 2, body: 'Yeah should be' },
  { address: KYLE, date: bst(11, 13, 50), type: 2, body: 'Running late. 20 mins' },
  { address: KYLE, date: bst(11, 13, 52), type: 1, body: 'ok' },
  { address: LEE, date: bst(12, 19, 30), type: 1, body: 'Jordan its Lee. Kyle gave me your number' },
  { address: LEE, date: bst(12, 19, 41), type: 2, body: 'Ill add you to the group' },
  { address: MO, date: bst(13, 22, 40), type: 2, body: 'Wheres the van' },
  { address: MO, date: bst(13, 22, 44), type: 1, body: 'round the back' },
  { address: '88088', date: bst(14, 9, 0), type: 1, body: 'Your bill is ready. Reply STOP to opt out.' },
  { address: LEE, date: bst(14, 12, 20), type: 3, body: 'Leave them under the' },
  { address: KYLE, date: bst(15, 13, 55), type: 1, body: 'at the haymarket' },
  { address: MUM, date: bst(16, 18, 30), type: 2, body: 'Sorry cant make it tonight' },
];

const calls: AndroidCall[] = [
  { number: KYLE, date: bst(10, 21, 50), duration: 184, type: 2, name: 'Kyle' },
  { number: LEE, date: bst(12, 19, 25), duration: 0, type: 3 },
  { number: LEE, date: bst(12, 19, 33), duration: 95, type: 2 },
  { number: MO, date: bst(13, 22, 38), duration: 41, type: 1, name: 'Mo' },
  { number: MO, date: bst(13, 23, 52), duration: 0, type: 5, name: 'Mo' },
  { number: MUM, date: bst(14, 10, 5), duration: 0, type: 4, name: 'Mum' },
  { number: KYLE, date: bst(14, 12, 50), duration: 62, type: 1, name: 'Kyle' },
  { number: '07700900990', date: bst(15, 11, 0), duration: 0, type: 6 },
  { number: MUM, date: bst(16, 18, 35), duration: 312, type: 1, name: 'Mum' },
];

/** Places of the week (fictional visits to public places in Newcastle upon Tyne). */
const PLACES = {
  home: { name: 'Home', address: 'Heaton, Newcastle upon Tyne', lat: 54.983, lon: -1.584 },
  bridge: {
    name: 'Quayside, by the Millennium Bridge',
    address: 'Quayside, Newcastle upon Tyne',
    lat: 54.9697,
    lon: -1.5986,
  },
  station: {
    name: 'Newcastle Central Station',
    address: 'Neville St, Newcastle upon Tyne',
    lat: 54.9683,
    lon: -1.6174,
  },
  byker: { name: 'Industrial unit, Byker', address: 'Byker, Newcastle upon Tyne', lat: 54.9735, lon: -1.578 },
  haymarket: { name: 'Haymarket', address: 'Haymarket, Newcastle upon Tyne', lat: 54.978, lon: -1.6132 },
  stadium: { name: "St James' Park", address: 'Barrack Rd, Newcastle upon Tyne', lat: 54.9756, lon: -1.6216 },
  eldon: { name: 'Eldon Square', address: 'Newcastle upon Tyne', lat: 54.9752, lon: -1.6155 },
  ouseburn: { name: 'Ouseburn', address: 'Ouseburn, Newcastle upon Tyne', lat: 54.9722, lon: -1.5918 },
};
type Place = keyof typeof PLACES;

/** Each day's outings: where, arriving and leaving (BST hour and minute). */
const WEEK: Array<[number, Array<[Place, [number, number], [number, number]]>]> = [
  [10, [['eldon', [15, 10], [17, 30]]]],
  [
    11,
    [
      ['bridge', [14, 20], [15, 5]],
      ['ouseburn', [15, 20], [18, 0]],
    ],
  ],
  [12, [['haymarket', [11, 0], [12, 30]]]],
  [
    13,
    [
      ['eldon', [10, 40], [11, 30]],
      ['byker', [22, 45], [23, 50]],
    ],
  ],
  [14, [['station', [12, 40], [13, 15]]]],
  [
    15,
    [
      ['haymarket', [14, 0], [14, 30]],
      ['stadium', [14, 45], [17, 15]],
    ],
  ],
  [16, [['ouseburn', [13, 0], [16, 0]]]],
];

const e7 = (deg: number) => Math.round(deg * 1e7);
const iso = (ms: number) => new Date(ms).toISOString();
const location = (p: Place, named: boolean) => ({
  latitudeE7: e7(PLACES[p].lat),
  longitudeE7: e7(PLACES[p].lon),
  ...(named ? { name: PLACES[p].name, address: PLACES[p].address } : {}),
});
const visit = (p: Place, from: number, to: number) => ({
  placeVisit: { location: location(p, true), duration: { startTimestamp: iso(from), endTimestamp: iso(to) } },
});
const travel = (a: Place, b: Place, from: number, to: number) => ({
  activitySegment: {
    startLocation: location(a, false),
    endLocation: location(b, false),
    duration: { startTimestamp: iso(from), endTimestamp: iso(to) },
    activityType: 'IN_BUS',
  },
});

/**
 * A week of visits and the journeys between them, starting and ending at home; an outing that
 * begins within the hour of leaving the last goes there directly.
 */
function timeline(): unknown {
  const objects: unknown[] = [];
  const outings = WEEK.flatMap(([day, list]) =>
    list.map(([place, [ah, am], [lh, lm]]) => ({ place, arrive: bst(day, ah, am), leave: bst(day, lh, lm) })),
  );
  let at: Place = 'home';
  let since = bst(10, 0, 0);
  outings.forEach((o, i) => {
    if (at === 'home') {
      objects.push(
        visit('home', since, o.arrive - 15 * 60_000),
        travel('home', o.place, o.arrive - 15 * 60_000, o.arrive),
      );
    } else {
      objects.push(travel(at, o.place, since, o.arrive));
    }
    objects.push(visit(o.place, o.arrive, o.leave));
    const next = outings[i + 1];
    if (next && next.arrive - o.leave <= 60 * 60_000) {
      at = o.place;
      since = o.leave;
    } else {
      objects.push(travel(o.place, 'home', o.leave, o.leave + 15 * 60_000));
      at = 'home';
      since = o.leave + 15 * 60_000;
    }
  });
  objects.push(visit('home', since, bst(16, 23, 59)));
  return { timelineObjects: objects };
}

writeFileSync(path.join(here, 'mmssms.db'), androidSmsDb(sms));
writeFileSync(path.join(here, 'calllog.db'), androidCallsDb(calls));
writeFileSync(path.join(here, '2024_JUNE.json'), `${JSON.stringify(timeline(), null, 2)}\n`);
