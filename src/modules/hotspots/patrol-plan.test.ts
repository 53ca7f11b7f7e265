import { describe, expect, it } from 'vitest';
import { hotspotsModule } from './module.ts';

/**
 * A town (36 cells with many crimes, one street much busier) and ten scattered villages 20 km
 * away (one crime each): the town is not rural, the villages are.
 */
const town = Array.from({ length: 36 }, (_, k) =>
  Array.from({ length: k < 3 ? 40 : 12 }, (_, j) => ({
    time: `2024-0${1 + (j % 9)}-1${j % 10}T10:00`,
    x: 400_075 + (k % 6) * 150,
    y: 500_075 + Math.floor(k / 6) * 150,
    category: 'Burglary',
  })),
).flat();
const villages = Array.from({ length: 10 }, (_, k) => ({
  time: '2024-03-01T10:00',
  x: 420_075 + k * 1500,
  y: 500_075,
  category: 'Burglary',
}));
const input = hotspotsModule.inputSchema.parse({
  events: [...town, ...villages],
  crs: 'EPSG:27700',
  t0: '2024-11-01T00:00',
});

describe('the patrol plan of a forecast', () => {
  it('keeps the force floors outside the hot spots and in rural cells', () => {
    const settings = hotspotsModule.settingsSchema.parse({ method: 'naive', top: 2 });
    expect(settings).toMatchObject({ minOutsideShare: 0.2, minRuralShare: 0.05 });
    const { output, explanation } = hotspotsModule.run(input, settings);
    const plan = output.patrolPlan!;
    expect(plan).toBeDefined();
    expect(plan.hotspotCells.map((c) => c.cell)).toEqual(output.topCells.map((c) => c.cell));
    expect(plan.zones.hotspot.share).toBeCloseTo(0.8);
    expect(plan.zones['low-risk'].share + plan.zones.rural.share).toBeCloseTo(0.2);
    expect(plan.zones.rural.cells).toBe(10);
    expect(plan.ruralCells).toHaveLength(10);
    expect(plan.zones.rural.share).toBeGreaterThanOrEqual(0.05);
    expect(plan.ruralCellShare * 10).toBeCloseTo(plan.zones.rural.share);
    expect(plan.lowRiskCellShare * plan.zones['low-risk'].cells).toBeCloseTo(plan.zones['low-risk'].share);
    const hot = plan.hotspotCells.reduce((a, c) => a + c.share, 0);
    expect(hot).toBeCloseTo(0.8);
    expect(explanation).toContain('Patrol plan:');
    expect(hotspotsModule.outputSchema.parse(output).patrolPlan).toEqual(plan);
  });

  it('judges rural areas on all recorded crime when the input carries it', () => {
    const settings = hotspotsModule.settingsSchema.parse({ method: 'naive', top: 2 });
    // The villages are sparse in burglary but busy in all crime: 400 crimes a year in each square.
    const squares = [...town, ...villages].map((v) => [v.x, v.y, 400] as [number, number, number]);
    const withAll = hotspotsModule.inputSchema.parse({ ...input, recordedCrime: { cellSize: 150, squares } });
    const plan = hotspotsModule.run(withAll, settings).output.patrolPlan!;
    expect(plan.zones.rural.cells).toBe(0);
    expect(plan.ruralCells).toEqual([]);
    expect(plan.zones['low-risk'].share).toBeCloseTo(0.2);
  });

  it('follows a stricter force policy', () => {
    const settings = hotspotsModule.settingsSchema.parse({
      method: 'naive',
      top: 2,
      minOutsideShare: 0.35,
      minRuralShare: 0.15,
    });
    const plan = hotspotsModule.run(input, settings).output.patrolPlan!;
    expect(plan.zones.hotspot.share).toBeCloseTo(0.65);
    expect(plan.zones.rural.share).toBeGreaterThanOrEqual(0.15);
    expect(plan.explanation).toContain("The force's minimum outside the hot spots is 35%.");
  });

  it('refuses a policy below a floor, naming the field', () => {
    const refused = (s: Record<string, unknown>) => {
      const r = hotspotsModule.settingsSchema.safeParse(s);
      expect(r.success).toBe(false);
      return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(refused({ minOutsideShare: 0 })[0]).toMatch(/^minOutsideShare: must be above 0/);
    expect(refused({ minRuralShare: 0 })[0]).toMatch(/^minRuralShare: must be above 0/);
    expect(refused({ minOutsideShare: 0.03 })[0]).toMatch(/^minRuralShare: must be at most minOutsideShare/);
  });

  it('reads outputs stored before patrol plans existed', () => {
    const { output } = hotspotsModule.run(input, hotspotsModule.settingsSchema.parse({ method: 'naive' }));
    const { patrolPlan: _, ...old } = output;
    const parsed = hotspotsModule.outputSchema.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.patrolPlan).toBeUndefined();
  });
});
