import type { RunStatus } from '../db/schema.ts';
import type { ReviewPolicy } from '../modules/contract.ts';

/**
 * A run's states and every move between them, in one typed table (as the lifecycle is). The
 * runtime moves a run only through `move`, so a move not in this table cannot happen.
 *
 * queued -> running -> awaiting_review -> awaiting_decision -> released
 *                   \-> released (sampled review, not sampled)   \-> rejected
 * queued | running -> failed (with a reason a person understands)
 */
export const RUN_STATES = [
  'queued',
  'running',
  'awaiting_review',
  'awaiting_decision',
  'released',
  'rejected',
  'failed',
] as const satisfies readonly RunStatus[];

/** Who moves a run: the worker executing it, its named overseer, or its named decision maker. */
export type RunMover = 'worker' | 'overseer' | 'decision-maker';

export interface RunTransition {
  from: RunStatus;
  to: RunStatus;
  by: RunMover;
  /** The ledger entry's action. */
  action: string;
  /** When this move is taken, in words (rendered in docs and on the run page). */
  when: string;
}

export const RUN_TRANSITIONS: readonly RunTransition[] = [
  { from: 'queued', to: 'running', by: 'worker', action: 'run.started', when: 'a worker takes the run' },
  {
    from: 'queued',
    to: 'failed',
    by: 'worker',
    action: 'run.failed',
    when: 'the system may no longer run (suspended, or out of its stage) when a worker takes it',
  },
  {
    from: 'running',
    to: 'queued',
    by: 'worker',
    action: 'run.requeued',
    when: 'the worker running it stopped; it is tried again within the attempt limit',
  },
  {
    from: 'running',
    to: 'failed',
    by: 'worker',
    action: 'run.failed',
    when: 'the module could not produce an output, its output broke its schema, or attempts ran out',
  },
  {
    from: 'running',
    to: 'awaiting_review',
    by: 'worker',
    action: 'run.completed',
    when: 'every output under review of every output; under sampled review when sampled or risky',
  },
  {
    from: 'running',
    to: 'released',
    by: 'worker',
    action: 'run.completed',
    when: 'sampled review, the output neither sampled nor risky, and no decision maker needed',
  },
  {
    from: 'awaiting_review',
    to: 'released',
    by: 'overseer',
    action: 'run.reviewed',
    when: 'a named overseer (not the requester) accepts or amends it and no decision maker is needed',
  },
  {
    from: 'awaiting_review',
    to: 'awaiting_decision',
    by: 'overseer',
    action: 'run.reviewed',
    when: 'a named overseer accepts or amends a risk output: the decision maker decides next',
  },
  {
    from: 'awaiting_review',
    to: 'rejected',
    by: 'overseer',
    action: 'run.reviewed',
    when: 'a named overseer rejects it: it is never released',
  },
  {
    from: 'awaiting_decision',
    to: 'released',
    by: 'decision-maker',
    action: 'run.decision-recorded',
    when: 'the named decision maker records their own decision and reasons',
  },
];

export class RunTransitionError extends Error {
  constructor(
    readonly from: RunStatus,
    readonly to: RunStatus,
    readonly by: RunMover,
  ) {
    super(`A run cannot move from ${from} to ${to} by its ${by}.`);
  }
}

/** The transition from `from` to `to` by `by`, or a `RunTransitionError`. */
export function move(from: RunStatus, to: RunStatus, by: RunMover): RunTransition {
  const t = RUN_TRANSITIONS.find((x) => x.from === from && x.to === to && x.by === by);
  if (!t) throw new RunTransitionError(from, to, by);
  return t;
}

/** States a run never leaves. */
export const FINAL_STATES: readonly RunStatus[] = RUN_STATES.filter(
  (s) => !RUN_TRANSITIONS.some((t) => t.from === s),
);

/** The review mode a run actually gets: a module whose outputs must always be reviewed wins. */
export function effectiveReviewMode(
  requested: 'every' | 'sampled',
  policy: ReviewPolicy,
): 'every' | 'sampled' {
  return policy.sampling === 'never' || policy.decisionMaker ? 'every' : requested;
}

export interface CompletionInput {
  reviewMode: 'every' | 'sampled';
  policy: ReviewPolicy;
  /** Share of outputs sampled for review under sampled review (0 to 1). */
  sampleRate: number;
  /** The module said this output must be reviewed. */
  risky: boolean;
  /** A uniform random number in [0, 1): injected, so sampling can be tested at any rate. */
  draw: number;
}

/**
 * Where a finished output goes: to its reviewer, or (sampled review only, neither sampled nor
 * risky, no decision maker) straight to release. `needsReview` is whether a person must review it.
 */
export function completionState(c: CompletionInput): { to: RunStatus; needsReview: boolean } {
  const mode = effectiveReviewMode(c.reviewMode, c.policy);
  const needsReview = mode === 'every' || c.risky || c.draw < c.sampleRate;
  return { to: needsReview ? 'awaiting_review' : 'released', needsReview };
}

/** Where a review takes an output: rejected, released, or on to its decision maker. */
export function reviewedState(
  decision: 'accepted' | 'amended' | 'rejected',
  needsDecision: boolean,
): RunStatus {
  if (decision === 'rejected') return 'rejected';
  return needsDecision ? 'awaiting_decision' : 'released';
}
