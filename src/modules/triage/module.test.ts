import { describe, expect, it } from 'vitest';
import { encryptsInput } from '../contract.ts';
import { readSplit } from './files.ts';
import { triageModule } from './module.ts';

describe('triageModule (AiModule contract)', () => {
  it('runs on a contact, returns a decision the output schema accepts, and explains it', () => {
    const input = triageModule.inputSchema.parse({
      turns: [{ text: 'hello' }, { text: 'my ex keeps following me home from work' }],
    });
    const result = triageModule.run(input, triageModule.settingsSchema.parse({}));
    const output = triageModule.outputSchema.parse(result.output);
    expect(output.route).toBe('urgent');
    expect(result.risky).toBe(true);
    expect(result.explanation).toMatch(/en\.stalking/);
    expect(encryptsInput(triageModule)).toBe(true);
    expect(triageModule.id).toBe('triage');
  });

  it('marks routine decisions not risky', () => {
    const result = triageModule.run({ turns: [{ text: 'someone has dumped a sofa in our lane' }] }, {});
    expect(result.output).toMatchObject({ route: 'routine', topic: 'fly_tipping' });
    expect(result.risky).toBe(false);
  });

  it('evaluates on labelled contacts, per language', () => {
    const metrics = triageModule.evaluate?.(
      readSplit('validation').filter((_, i) => i % 4 === 0),
      {},
    );
    expect(metrics?.['all.contacts']).toBeGreaterThan(40);
    expect(metrics).toHaveProperty('en.escalationRecall');
  });
});
