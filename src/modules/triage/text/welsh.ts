/**
 * Welsh initial mutations undone: every radical (dictionary) form a token may be a mutation of.
 * Lexicon entries are written in the radical form, so "nghartref" (nasal, after "fy") matches
 * "cartref", "gyllell" (soft) and "chyllell" (aspirate) match "cyllell", "harian" (h-prothesis
 * after "ei" feminine) matches "arian".
 *
 * The mutation table is the standard one of Welsh grammar (e.g. King, "Modern Welsh: A
 * Comprehensive Grammar", 3rd ed., Routledge 2016, ch. 1): soft p->b t->d c->g b->f d->dd g->(lost)
 * m->f ll->l rh->r; nasal p->mh t->nh c->ngh b->m d->n g->ng; aspirate p->ph t->th c->ch; and
 * h- before a vowel after "ei" (her), "ein", "eu" and others.
 */
const UNMUTATE: ReadonlyArray<readonly [prefix: string, radicals: readonly string[]]> = [
  // Nasal first: the longest prefixes.
  ['ngh', ['c']],
  ['mh', ['p']],
  ['nh', ['t']],
  ['ng', ['g']],
  // Aspirate.
  ['ch', ['c']],
  ['ph', ['p']],
  ['th', ['t']],
  // Soft.
  ['dd', ['d']],
  ['b', ['p']],
  ['d', ['t']],
  ['g', ['c']],
  ['f', ['b', 'm']],
  ['l', ['ll']],
  ['r', ['rh']],
  // Nasal, single letters.
  ['m', ['b']],
  ['n', ['d']],
];

const VOWEL = /^[aeiouwy]/;

/** The token itself and every radical it could be a mutation of (no duplicates). */
export function radicalCandidates(token: string): string[] {
  const out = new Set<string>([token]);
  for (const [prefix, radicals] of UNMUTATE) {
    if (token.length > prefix.length && token.startsWith(prefix)) {
      for (const radical of radicals) out.add(radical + token.slice(prefix.length));
    }
  }
  // Soft mutation of g drops it: "wneud" <- "gwneud", "lan" <- "glan", "ardd" <- "gardd".
  if (token.length > 1 && (VOWEL.test(token) || /^[lr]/.test(token))) out.add(`g${token}`);
  // h-prothesis: "harian" <- "arian", "hoedran" <- "oedran".
  if (token.length > 2 && token[0] === 'h' && VOWEL.test(token.slice(1))) out.add(token.slice(1));
  return [...out];
}
