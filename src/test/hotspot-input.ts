import { mulberry32 } from '../random.ts';

/**
 * A synthetic hot spot run input (British National Grid): `n` burglaries over the 700 days
 * before `t0`, half of them in 16 hot spots, seeded so every run of a test or benchmark is the
 * same. Large `n` with small cells makes a run that lasts seconds.
 */
export function syntheticHotspotInput(n: number, seed = 7, t0 = '2023-12-01T00:00') {
  const rand = mulberry32(seed);
  const end = Date.parse(`${t0}:00Z`);
  const events = Array.from({ length: n }, () => {
    const hot = rand() < 0.5;
    const x = 530_000 + (hot ? Math.floor(rand() * 4) * 600 : Math.floor(rand() * 4000)) + rand() * 100;
    const y = 180_000 + (hot ? Math.floor(rand() * 4) * 600 : Math.floor(rand() * 4000)) + rand() * 100;
    const time = new Date(end - (1 + Math.floor(rand() * 700)) * 86_400_000).toISOString().slice(0, 16);
    return { time, x: Math.round(x), y: Math.round(y), category: 'Burglary' };
  });
  return { events, crs: 'EPSG:27700', t0 };
}
