import type { QmsumMeeting } from './qmsum.ts';
import { type RougeScores, rougeL, rougeN, rougeTokens } from './rouge.ts';
import {
  type BluelampFeatures,
  type BluelampWeights,
  bluelampSelect,
  prepareBluelamp,
  summariseDocument,
} from './summarise.ts';

/**
 * Cross-validated choice of Bluelamp's weights over meetings: seeded folds, a fixed grid, and per
 * fold the grid point with the best objective on the training meetings, scored on the held-out ones.
 */

export const METRICS = ['rouge1', 'rouge2', 'rougeL'] as const;

/** The grid searched (every combination). */
export const GRID: Record<keyof BluelampWeights, number[]> = {
  centrality: [0, 0.5, 1],
  length: [0, 0.5, 1],
  position: [0, 0.25, 0.5],
  opening: [0, 0.5, 1],
  entities: [0],
  noise: [0, 1, 2, 4],
  coverage: [0, 0.5, 1],
  redundancy: [0, 0.5, 1],
  minContent: [2, 4, 6],
};

export function gridPoints(grid: Record<keyof BluelampWeights, number[]> = GRID): BluelampWeights[] {
  let points: Partial<BluelampWeights>[] = [{}];
  for (const [key, values] of Object.entries(grid) as [keyof BluelampWeights, number[]][])
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points as BluelampWeights[];
}

/** Mulberry32: a small seeded generator, so the folds are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold of each of n items: a seeded Fisher–Yates shuffle dealt round-robin into k folds. */
export function assignFolds(n: number, k: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Array<number>(n).fill(0);
  order.forEach((item, position) => {
    fold[item] = position % k;
  });
  return fold;
}

interface PreparedQuery {
  reference: string[];
  words: number;
  lead: RougeScores;
  textrank: RougeScores;
}

export interface PreparedMeeting {
  starts: number[];
  dates: (string | undefined)[];
  tokens: string[][];
  features: BluelampFeatures[];
  queries: PreparedQuery[];
}

function score(candidate: string[], reference: string[]): RougeScores {
  return {
    rouge1: rougeN(candidate, reference, 1),
    rouge2: rougeN(candidate, reference, 2),
    rougeL: rougeL(candidate, reference),
  };
}

/** Meeting text as `evaluateQmsum` builds it: turn contents joined by line breaks. */
export function meetingText(meeting: QmsumMeeting): string {
  return meeting.meeting_transcripts.map((t) => t.content).join('\n');
}

/** Features, sentence tokens and the baselines' scores of each meeting, computed once. */
export function prepareMeetings(meetings: QmsumMeeting[]): PreparedMeeting[] {
  return meetings.map((meeting, index) => {
    const doc = { id: `meeting-${index}`, text: meetingText(meeting) };
    const { sentences, dates, features } = prepareBluelamp([doc], false);
    const queries = meeting.general_query_list.map((q) => {
      const words = q.answer.split(/\s+/).filter(Boolean).length;
      const reference = rougeTokens(q.answer);
      const baseline = (method: 'lead' | 'textrank') =>
        score(
          rougeTokens(
            summariseDocument(doc, { method, words })
              .lines.map((l) => l.text)
              .join('\n'),
          ),
          reference,
        );
      return { reference, words, lead: baseline('lead'), textrank: baseline('textrank') };
    });
    return {
      starts: sentences.map((s) => s.start),
      dates,
      tokens: sentences.map((s) => rougeTokens(s.text)),
      features,
      queries,
    };
  });
}

/** Bluelamp's ROUGE on each query of each meeting under the given weights (summary in output order). */
export function scoreWeights(prepared: PreparedMeeting[], weights: BluelampWeights): RougeScores[][] {
  return prepared.map((m) =>
    m.queries.map((q) => {
      const { chosen } = bluelampSelect(m.features, weights, q.words, Number.POSITIVE_INFINITY);
      const allDated = chosen.length > 0 && chosen.every((i) => m.dates[i]);
      chosen.sort((a, b) => {
        if (allDated && m.dates[a] !== m.dates[b]) return m.dates[a]! < m.dates[b]! ? -1 : 1;
        return m.starts[a]! - m.starts[b]!;
      });
      return score(
        chosen.flatMap((i) => m.tokens[i]!),
        q.reference,
      );
    }),
  );
}

/** Mean ROUGE over all queries of the given meetings. */
export function meanOver(perMeeting: RougeScores[][], meetings: number[]): RougeScores {
  const total = { rouge1: 0, rouge2: 0, rougeL: 0 };
  let n = 0;
  for (const i of meetings)
    for (const s of perMeeting[i]!) {
      n++;
      for (const k of METRICS) total[k] += s[k];
    }
  for (const k of METRICS) total[k] /= n || 1;
  return total;
}

/**
 * Objective: the mean over ROUGE-1, ROUGE-2 and ROUGE-L of Bluelamp's score divided by the better
 * of Lead and TextRank on the same meetings (so each metric counts alike, whatever its scale).
 */
export function objective(bluelamp: RougeScores, lead: RougeScores, textrank: RougeScores): number {
  return (
    METRICS.reduce((sum, k) => sum + bluelamp[k] / Math.max(lead[k], textrank[k], 1e-9), 0) / METRICS.length
  );
}

export interface CrossValidation {
  folds: number;
  seed: number;
  points: number;
  /** Per fold: held-out meetings, chosen weights and the held-out scores of all methods. */
  perFold: {
    meetings: number[];
    weights: BluelampWeights;
    heldOut: Record<'lead' | 'textrank' | 'bluelamp', RougeScores>;
  }[];
  /** Out-of-fold scores: every meeting scored by weights chosen without it. */
  outOfFold: Record<'lead' | 'textrank' | 'bluelamp', RougeScores>;
  /** Out-of-fold Bluelamp scores when the folds are drawn with other seeds (same grid). */
  repeats: { seed: number; bluelamp: RougeScores }[];
  /** Weights chosen the same way on all meetings (the defaults) and their in-sample scores. */
  chosen: BluelampWeights;
  inSample: Record<'lead' | 'textrank' | 'bluelamp', RougeScores>;
}

export function crossValidate(
  prepared: PreparedMeeting[],
  options: {
    folds?: number;
    seed?: number;
    /** Further seeds whose out-of-fold scores are reported, to show how much the fold draw matters. */
    repeatSeeds?: number[];
    points?: BluelampWeights[];
    progress?: (done: number) => void;
  } = {},
): CrossValidation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 20240501;
  const points = options.points ?? gridPoints();
  const results = points.map((w, i) => {
    options.progress?.(i);
    return scoreWeights(prepared, w);
  });
  const baseline = (method: 'lead' | 'textrank') => prepared.map((m) => m.queries.map((q) => q[method]));
  const lead = baseline('lead');
  const textrank = baseline('textrank');
  const choose = (meetings: number[]) => {
    const l = meanOver(lead, meetings);
    const t = meanOver(textrank, meetings);
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    results.forEach((r, i) => {
      const value = objective(meanOver(r, meetings), l, t);
      if (value > bestValue + 1e-12) {
        bestValue = value;
        best = i;
      }
    });
    return best;
  };
  const all = prepared.map((_, i) => i);
  const run = (foldSeed: number) => {
    const fold = assignFolds(prepared.length, k, foldSeed);
    const outOfFold: RougeScores[][] = prepared.map(() => []);
    const perFold = Array.from({ length: k }, (_, f) => {
      const heldOut = all.filter((i) => fold[i] === f);
      const best = choose(all.filter((i) => fold[i] !== f));
      for (const i of heldOut) outOfFold[i] = results[best]![i]!;
      return {
        meetings: heldOut,
        weights: points[best]!,
        heldOut: {
          lead: meanOver(lead, heldOut),
          textrank: meanOver(textrank, heldOut),
          bluelamp: meanOver(results[best]!, heldOut),
        },
      };
    });
    return { perFold, bluelamp: meanOver(outOfFold, all) };
  };
  const { perFold, bluelamp } = run(seed);
  const repeats = (options.repeatSeeds ?? []).map((s) => ({ seed: s, bluelamp: run(s).bluelamp }));
  const final = choose(all);
  return {
    folds: k,
    seed,
    points: points.length,
    perFold,
    outOfFold: { lead: meanOver(lead, all), textrank: meanOver(textrank, all), bluelamp },
    repeats,
    chosen: points[final]!,
    inSample: {
      lead: meanOver(lead, all),
      textrank: meanOver(textrank, all),
      bluelamp: meanOver(results[final]!, all),
    },
  };
}
