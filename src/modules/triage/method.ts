import { readFileSync } from 'node:fs';
import path from 'node:path';
import { committedModel, DATA_DIR } from './files.ts';
import { welshLexicon } from './lexicon/cy.ts';
import { englishLexicon } from './lexicon/en.ts';
import { SOURCES } from './lexicon/sources.ts';
import type { Lexicon } from './lexicon/types.ts';

const lexicon = (l: Lexicon) => ({
  lang: l.lang,
  version: l.version,
  negators: l.negators,
  rules: l.rules.map((r) => ({
    id: r.id,
    route: r.route,
    category: r.category,
    source: r.source,
    description: r.description,
    patterns: r.patterns,
    ...(r.negatable ? { negatable: true } : {}),
    ...(r.unless?.length ? { unless: r.unless } : {}),
    ...(r.notWith?.length ? { notWith: r.notWith } : {}),
    ...(r.alone?.length ? { alone: r.alone } : {}),
  })),
});

/**
 * How triage decides, for the public record of every system that runs it: the rule lexicons in
 * full with their published sources, the classifier's version and thresholds, and the figures
 * of the latest single test run (`data/test-results.json`, as reported in README.md), saying
 * whether that run was of the version now running: after a retraining it is history until the
 * lead runs the new test split once and replaces the file.
 */
export function triageMethod() {
  const model = committedModel();
  const testResults = JSON.parse(readFileSync(path.join(DATA_DIR, 'test-results.json'), 'utf8')) as {
    versions?: { lexicons?: string[]; model?: string };
  };
  const tested = testResults.versions;
  const testedNow =
    tested?.model === model.version &&
    (tested.lexicons ?? []).join(' ') === `${englishLexicon.version} ${welshLexicon.version}`;
  return {
    module: 'triage',
    how: 'Every message is read by the English and the Welsh rules and by the classifier. Any rule that matches, or any classifier score at or over its threshold, moves the contact towards a person; nothing lowers a rule’s escalation, and a later message can raise the route but never lower it. Triage never answers the caller.',
    lexicons: [lexicon(englishLexicon), lexicon(welshLexicon)],
    sources: SOURCES,
    classifier: {
      version: model.version,
      kind: 'multinomial logistic regression over words, word pairs and character 3- and 4-grams',
      thresholds: model.thresholds,
      thresholdsMean:
        'emergency: P(emergency); escalate: P(emergency) + P(urgent); human: P(human); each chosen by 5-fold cross-validation on the training contacts (train and the spent test splits)',
    },
    testResults,
    testResultsOfThisVersion: testedNow,
    ...(testedNow
      ? {}
      : {
          testResultsNote: `The test results are of an earlier version (${[...(tested?.lexicons ?? []), tested?.model].join(', ')}); this version (${englishLexicon.version}, ${welshLexicon.version}, ${model.version}) has not yet been run on a test split.`,
        }),
  };
}
