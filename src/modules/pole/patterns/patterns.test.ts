import { describe, expect, it } from 'vitest';
import { extract } from '../extract/extract.ts';
import type { PoleDocument } from '../extract/types.ts';
import { resolveEntities } from '../resolve/resolve.ts';
import { STATEMENTS } from '../resolve/test-fixtures.ts';
import { coMentions, type Network, paragraphSpans, recurring, sentenceSpans, timeline } from './patterns.ts';
import { escapeXml, networkSvg, timelineSvg } from './svg.ts';

const entities = STATEMENTS.flatMap((d) => extract(d));
const resolved = resolveEntities(entities);

/** Tags open and close in order, and every "&" starts an entity. */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  const tags = svg.match(/</g)?.length ?? 0;
  const parsed = [...svg.matchAll(/<\/?[A-Za-z][^>]*>/g)].length;
  return stack.length === 0 && tags === parsed && !/&(?!amp;|lt;|gt;|quot;|#39;)/.test(svg);
}

describe('recurring entities', () => {
  it('lists what is in two or more documents, most documents first', () => {
    const rows = recurring(resolved);
    expect(rows[0]).toMatchObject({ key: 'person:john-smith', documentCount: 3, mentionCount: 4 });
    expect(rows.map((r) => r.key)).toEqual(
      expect.arrayContaining(['registration-mark:AB12CDE', 'phone:+447700900123', 'person:john-smith']),
    );
    expect(rows.every((r) => r.documentCount >= 2)).toBe(true);
    expect(rows.map((r) => r.key)).not.toContain('person:ahmed');
    expect(recurring(resolved, 3).map((r) => r.key)).toEqual(['person:john-smith']);
  });
});

describe('windows of text', () => {
  it('splits sentences at full stops and line breaks, not after initials or titles', () => {
    const text = 'Mr J. Smith ran. Dr. Patel saw him!\nThen he left? Yes';
    expect(sentenceSpans(text).map(([s, e]) => text.slice(s, e).trim())).toEqual([
      'Mr J. Smith ran.',
      'Dr. Patel saw him!',
      'Then he left?',
      'Yes',
    ]);
  });

  it('splits paragraphs at blank lines', () => {
    const text = 'One. Two.\n\n  \nThree.\nFour.';
    expect(paragraphSpans(text).map(([s, e]) => text.slice(s, e))).toEqual(['One. Two.', 'Three.\nFour.']);
  });
});

describe('entities mentioned together', () => {
  const edge = (network: Network, a: string, b: string) =>
    network.edges.find((e) => (e.a === a && e.b === b) || (e.a === b && e.b === a));

  it('links entities in one sentence, weighted by sentences, across documents', () => {
    const network = coMentions(resolved, STATEMENTS);
    const car = edge(network, 'person:john-smith', 'registration-mark:AB12CDE');
    expect(car).toEqual({
      a: 'person:john-smith',
      b: 'registration-mark:AB12CDE',
      weight: 1,
      documents: ['stmt-1'],
    });
    expect(edge(network, 'person:ahmed', 'person:john-smith')).toMatchObject({
      weight: 1,
      documents: ['stmt-3'],
    });
    // "Mr Smith was driving it." is a sentence of its own: no link to the phone in the next one
    expect(edge(network, 'person:john-smith', 'phone:+447700900123')).toBeUndefined();
    expect(network.nodes.some((n) => n.kind === 'datetime')).toBe(false);
    expect(network.nodes[0]).toMatchObject({ key: 'person:john-smith', mentions: 4 });
    for (const e of network.edges) expect(e.a < e.b).toBe(true);
  });

  it('links more with paragraphs as the window', () => {
    const network = coMentions(resolved, STATEMENTS, { window: 'paragraph' });
    expect(edge(network, 'person:john-smith', 'registration-mark:AB12CDE')).toMatchObject({
      weight: 2,
      documents: ['stmt-1', 'stmt-2'],
    });
    expect(edge(network, 'person:john-smith', 'phone:+447700900123')?.documents).toEqual([
      'stmt-1',
      'stmt-2',
    ]);
  });

  it('keeps only the nodes with most mentions, and the edges among them', () => {
    const network = coMentions(resolved, STATEMENTS, { window: 'sentence', maxNodes: 3 });
    expect(network.nodes).toHaveLength(3);
    const keys = new Set(network.nodes.map((n) => n.key));
    for (const e of network.edges) expect(keys.has(e.a) && keys.has(e.b)).toBe(true);
  });
});

describe('timeline', () => {
  const rows = timeline(entities, STATEMENTS);

  it('puts the dated events in time order, with their sentence and offence', () => {
    expect(rows.map((r) => [r.when, r.documentId])).toEqual([
      ['2024-03-10T23:00', 'stmt-1'],
      ['2024-03-11T01:00', 'stmt-3'],
      ['2024-03-12T23:30', 'stmt-2'],
      ['2024-03-13T23:45', 'stmt-2'],
    ]);
    const arrest = rows[1]!;
    expect(arrest.offence).toBe('Violence against the person');
    expect(arrest.sentence.text).toBe(
      'On 11/03/2024 at 0100hrs PC 1234 Ahmed arrested Mr John Smith, DOB 05/03/1990, on suspicion of assault.',
    );
    const text = STATEMENTS[2]!.text;
    expect(text.slice(arrest.start, arrest.end)).toBe('11/03/2024 at 0100hrs');
    expect(rows[0]).toMatchObject({ approximate: true });
    expect(rows[2]).toMatchObject({ relative: true, text: 'Yesterday evening at 2330hrs' });
  });

  it('leaves dates of birth out', () => {
    expect(rows.some((r) => r.when.startsWith('1990'))).toBe(false);
  });
});

describe('pictures', () => {
  const tricky: PoleDocument = {
    id: 'x<&>',
    text: 'Mrs Ann O\'Brien met a man from Smith & Sons "Ltd" on 01/02/2024 at 1400hrs. She saw a knife.',
  };
  const network: Network = {
    nodes: [
      { key: 'a', label: `O'Brien & <Sons> "Ltd"`, kind: 'person', category: 'person', mentions: 3 },
      { key: 'b', label: 'AB12CDE', kind: 'registration-mark', category: 'object', mentions: 1 },
      { key: 'c', label: 'Leeds', kind: 'place', category: 'location', mentions: 2 },
    ],
    edges: [
      { a: 'a', b: 'b', weight: 3, documents: ['d1'] },
      { a: 'a', b: 'c', weight: 1, documents: ['d1'] },
    ],
  };

  it('escapes text for XML', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('draws the network as an accessible, well-formed, deterministic picture', () => {
    const svg = networkSvg(network, { title: 'Who & what <case 7>' });
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*>/);
    expect(svg).toContain('viewBox="0 0 400 400" width="100%"');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)![1]!.split(' ');
    for (const id of labelledBy) expect(svg).toContain(`id="${id}"`);
    expect(svg).toContain('<title id="network-who-what-case-7-title">Who &amp; what &lt;case 7&gt;</title>');
    expect(svg).toContain('O&#39;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;: 3 mentions');
    expect(svg).not.toContain('<Sons>');
    expect(svg.match(/<g class="node"/g)).toHaveLength(3);
    expect(svg.match(/<line /g)).toHaveLength(2);
    expect(svg).toContain('stroke-width="5"');
    expect(svg).toContain('#1d70b8');
    expect(networkSvg(network, { title: 'Who & what <case 7>' })).toBe(svg);
  });

  it('draws a larger network on two rings', () => {
    const svg = networkSvg(coMentions(resolved, STATEMENTS), { title: 'Case', width: 375, height: 420 });
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain('viewBox="0 0 375 420"');
  });

  it('draws the timeline with a link and a label for every event', () => {
    const rows = timeline(
      [...entities, ...extract(tricky)],
      [...STATEMENTS, tricky].map((d) => ({ id: d.id, text: d.text })),
    );
    expect(rows).toHaveLength(5);
    const svg = timelineSvg(rows, { title: 'Timeline' });
    expect(wellFormed(svg)).toBe(true);
    expect(svg.match(/<a href="/g)).toHaveLength(rows.length);
    // It holds links, so it is a group: an image may hold nothing to follow.
    expect(svg).toMatch(/^<svg [^>]*role="group"[^>]*>/);
    expect(svg).toContain('<a href="#s-stmt-3-');
    expect(svg).toContain('href="#s-x&lt;&amp;&gt;-');
    expect(svg).toContain('O&#39;Brien met a man from Smith &amp; Sons &quot;Ltd&quot;');
    expect(svg).toContain('>10 Mar 23:00</text>');
    expect(svg).toContain('1 Feb 2024');
    expect(svg).toContain('#d4351c');
    const custom = timelineSvg(rows, {
      title: 'Timeline',
      hrefOf: (r) => `/cases/7/${r.documentId}#at-${r.start}`,
    });
    expect(custom).toContain('<a href="/cases/7/stmt-1#at-');
    expect(timelineSvg([], { title: 'Nothing' })).toContain('No dated events');
    expect(wellFormed(timelineSvg([], { title: 'Nothing' }))).toBe(true);
  });
});
