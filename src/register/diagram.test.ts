import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../shared-data.ts';
import { describeLifecycle, layout, lifecycleSvg, wrap } from './diagram.ts';
import { ACTIONS, type ActionDef, STAGE_TITLES, STAGES } from './lifecycle.ts';
import { lifecycleMarkdown } from './lifecycle-docs.ts';

describe('lifecycle diagram', () => {
  it('puts the main path down the spine and the other stages beside it, each below the last', () => {
    const { spine, side, row } = layout();
    expect(spine).toEqual([
      'horizon',
      'scoping',
      'assessment',
      'validation',
      'authorisation',
      'trial',
      'live',
    ]);
    expect(side).toEqual(['suspended', 'closing', 'retired']);
    expect(row.get('suspended')).toBe(row.get('trial'));
    expect(row.get('closing')).toBeGreaterThan(row.get('suspended')!);
    expect(row.get('retired')).toBeGreaterThan(row.get('closing')!);
  });

  it('is accessible: role img, a title and a description of every action', () => {
    const svg = lifecycleSvg();
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="bl-lifecycle-title bl-lifecycle-desc"/);
    expect(svg).toContain('<title id="bl-lifecycle-title">');
    const desc = /<desc id="bl-lifecycle-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    for (const a of ACTIONS) expect(desc).toContain(a.title);
    expect(desc).toContain(
      'Resume after suspension: from Suspended to the stage it was in before, by the chief constable or head of information security, with reasons.',
    );
  });

  it('draws every stage as a box and labels every action with its roles', () => {
    const svg = lifecycleSvg();
    expect(svg.match(/<rect [^>]*rx="4"/g)).toHaveLength(STAGES.length);
    for (const s of STAGES) expect(svg).toContain(`>${STAGE_TITLES[s]}</text>`);
    const text = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    for (const a of ACTIONS) expect(text).toContain(wrap(a.title)[0]);
    expect(text).toContain('AI lead or project lead');
    // Resuming returns to the stage before suspension: dashed arrows back to trial and live.
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
  });

  it('follows the table: a new action appears without touching the drawing code', () => {
    const extra: ActionDef = {
      id: 'reopen',
      title: 'Reopen a retired system',
      from: ['retired'],
      to: 'scoping',
      roles: ['chief-constable'],
      requires: [],
      separation: [],
      reasons: true,
    };
    const svg = lifecycleSvg([...ACTIONS, extra]);
    expect(svg).toContain('Reopen a retired system');
    expect(describeLifecycle([...ACTIONS, extra])).toContain(
      'Reopen a retired system: from Retired to Scoping',
    );
    expect(svg).not.toBe(lifecycleSvg());
  });

  it('is deterministic', () => {
    expect(lifecycleSvg()).toBe(lifecycleSvg());
  });

  it('wraps words without breaking them', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });
});

describe('docs/LIFECYCLE.md', () => {
  it('matches what `bluelamp lifecycle docs` generates from the table (regenerate if this fails)', () => {
    const docs = path.join(projectRoot, 'docs');
    expect(readFileSync(path.join(docs, 'LIFECYCLE.md'), 'utf8')).toBe(lifecycleMarkdown());
    expect(readFileSync(path.join(docs, 'lifecycle.svg'), 'utf8')).toBe(`${lifecycleSvg()}\n`);
  });

  it('lists every action, form and rule of the table', () => {
    const md = lifecycleMarkdown();
    for (const a of ACTIONS) expect(md).toContain(`\`${a.id}\` ${a.title}`);
    expect(md).toContain(
      '| `dpia` | Data protection impact assessment | Project lead (senior responsible owner), Delivery team | Data protection officer | yes |',
    );
    expect(md).toContain(
      "Head of information security's authorisation to deploy and Chief constable's authorisation of use by different people",
    );
    expect(md).toContain('Nobody approves their own submission.');
  });
});
