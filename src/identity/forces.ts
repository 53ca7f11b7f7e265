/**
 * The tenants: the 43 territorial police forces of England and Wales, British Transport Police,
 * and a national tenant for national bodies (the national AI catalogue, national oversight).
 */
export const TERRITORIAL_FORCES: ReadonlyArray<readonly [slug: string, name: string]> = [
  ['avon-and-somerset', 'Avon and Somerset Constabulary'],
  ['bedfordshire', 'Bedfordshire Police'],
  ['cambridgeshire', 'Cambridgeshire Constabulary'],
  ['cheshire', 'Cheshire Constabulary'],
  ['city-of-london', 'City of London Police'],
  ['cleveland', 'Cleveland Police'],
  ['cumbria', 'Cumbria Constabulary'],
  ['derbyshire', 'Derbyshire Constabulary'],
  ['devon-and-cornwall', 'Devon and Cornwall Police'],
  ['dorset', 'Dorset Police'],
  ['durham', 'Durham Constabulary'],
  ['dyfed-powys', 'Dyfed-Powys Police'],
  ['essex', 'Essex Police'],
  ['gloucestershire', 'Gloucestershire Constabulary'],
  ['greater-manchester', 'Greater Manchester Police'],
  ['gwent', 'Gwent Police'],
  ['hampshire-and-isle-of-wight', 'Hampshire and Isle of Wight Constabulary'],
  ['hertfordshire', 'Hertfordshire Constabulary'],
  ['humberside', 'Humberside Police'],
  ['kent', 'Kent Police'],
  ['lancashire', 'Lancashire Constabulary'],
  ['leicestershire', 'Leicestershire Police'],
  ['lincolnshire', 'Lincolnshire Police'],
  ['merseyside', 'Merseyside Police'],
  ['metropolitan', 'Metropolitan Police Service'],
  ['norfolk', 'Norfolk Constabulary'],
  ['north-wales', 'North Wales Police'],
  ['north-yorkshire', 'North Yorkshire Police'],
  ['northamptonshire', 'Northamptonshire Police'],
  ['northumbria', 'Northumbria Police'],
  ['nottinghamshire', 'Nottinghamshire Police'],
  ['south-wales', 'South Wales Police'],
  ['south-yorkshire', 'South Yorkshire Police'],
  ['staffordshire', 'Staffordshire Police'],
  ['suffolk', 'Suffolk Constabulary'],
  ['surrey', 'Surrey Police'],
  ['sussex', 'Sussex Police'],
  ['thames-valley', 'Thames Valley Police'],
  ['warwickshire', 'Warwickshire Police'],
  ['west-mercia', 'West Mercia Police'],
  ['west-midlands', 'West Midlands Police'],
  ['west-yorkshire', 'West Yorkshire Police'],
  ['wiltshire', 'Wiltshire Police'],
];

export type ForceKind = 'territorial' | 'special' | 'national' | 'demo';

export const ALL_TENANTS: ReadonlyArray<{ slug: string; name: string; kind: ForceKind }> = [
  ...TERRITORIAL_FORCES.map(([slug, name]) => ({ slug, name, kind: 'territorial' as const })),
  { slug: 'british-transport-police', name: 'British Transport Police', kind: 'special' },
  { slug: 'national', name: 'National (national bodies)', kind: 'national' },
];

export const DEMO_FORCE = { slug: 'demo', name: 'Demo Constabulary', kind: 'demo' as const };
