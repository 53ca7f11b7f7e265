import type { Command } from 'commander';
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Services } from '../http/context.ts';
import type { Principal } from '../identity/model.ts';
import type { RunRuntime } from '../oversight/execute.ts';
import type { PresentedRun, RunRow } from '../oversight/presenters.ts';

/**
 * The contract every AI module honours so the oversight runtime can run it: an id and version,
 * schemas for input, settings and output, a pure `run` that explains itself, how its outputs must
 * be reviewed, and whether it runs as a background job or inline. Modules do no I/O inside `run`
 * or `evaluate`. The runtime knows a module only through this contract and the registry
 * (`registry.ts`); a module's pages, API, CLI, public presentation and demo data plug in through
 * `ModulePlugin` (see `docs/MODULES.md`).
 */
export interface ModuleRunResult<Output> {
  output: Output;
  /** Plain-English account of how the output was reached, shown to the reviewer. */
  explanation: string;
  /** True when the output must go to a human reviewer even under sampled review. */
  risky?: boolean;
}

/** What a running module may tell the runtime: share done (0 to 1) and a short stage name. */
export interface RunContext {
  progress(share: number, stage: string): void;
}

/** A module that never reports progress still runs: the runtime passes this when none is wanted. */
export const SILENT: RunContext = { progress() {} };

/**
 * How a module runs.
 * - `job`: queued and run by a worker (a worker thread with the embedded database, or a
 *   `bluelamp worker` process), with progress; the request answers 202 at once.
 * - `interactive`: run inline within `budgetMs` (101 triage and the assistant must answer in well
 *   under a second); a run over budget fails rather than keeping a person waiting.
 */
export type ModuleExecution = { kind: 'job' } | { kind: 'interactive'; budgetMs: number };

/**
 * How the outputs must be reviewed, whatever the register entry asks.
 * - `sampling`: 'allowed' lets a system choose sampled review; 'never' makes every output wait
 *   for its named reviewer (reoffending risk).
 * - `decisionMaker`: a named decision maker's own decision is required before release.
 */
export interface ReviewPolicy {
  sampling: 'allowed' | 'never';
  decisionMaker: boolean;
}

export const DEFAULT_REVIEW: ReviewPolicy = { sampling: 'allowed', decisionMaker: false };

export interface AiModule<
  Input extends z.ZodType = z.ZodType,
  Settings extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  id: string;
  version: string;
  title: string;
  /** True when inputs usually carry personal data, so the runtime encrypts them at rest. */
  personalData: boolean;
  /**
   * True when inputs must be encrypted at rest although they are not personal data as such (for
   * example exact times and places of crimes, which can point to a victim's home). Personal data
   * is always encrypted; see `encryptsInput`.
   */
  sensitiveInput?: boolean;
  /** Job (default) or interactive; see `ModuleExecution`. */
  execution?: ModuleExecution;
  /** Review rules the register cannot relax; absent means `DEFAULT_REVIEW`. */
  review?: ReviewPolicy;
  inputSchema: Input;
  settingsSchema: Settings;
  outputSchema: Output;
  run(
    input: z.infer<Input>,
    settings: z.infer<Settings>,
    context?: RunContext,
  ): ModuleRunResult<z.infer<Output>>;
  evaluate?(data: unknown, settings: z.infer<Settings>): Record<string, number>;
  /** A few numbers that summarise a run's input and output, watched for drift. */
  monitored?(input: z.infer<Input>, output: z.infer<Output>): Record<string, number>;
  /**
   * What a system's settings authorise its runs to cover (crime types, data sources, an area):
   * pinned when use is authorised, and every run's `inputScope` must fall inside it. A dimension
   * the settings leave out is not restricted. Absent: only the settings themselves are pinned.
   */
  scopeOf?(settings: z.infer<Settings>): ModuleScope;
  /** What one run input covers, in the dimensions of `scopeOf`. */
  inputScope?(input: z.infer<Input>): ModuleScope;
}

/** One dimension of a scope: a set of values, or an area (a box in metres of a named CRS). */
export type ScopeDimension =
  | { label: string; values: readonly string[] }
  | { label: string; box: { crs: string; minX: number; minY: number; maxX: number; maxY: number } };

/** A module's scope, by dimension name (`crimeTypes`, `sources`, `area`, ...). */
export type ModuleScope = Record<string, ScopeDimension>;

/** Whether the runtime stores a module's run inputs encrypted: personal data, or sensitive input. */
export const encryptsInput = (module: Pick<AiModule, 'personalData' | 'sensitiveInput'>): boolean =>
  module.personalData || module.sensitiveInput === true;

export const executionOf = (module: Pick<AiModule, 'execution'>): ModuleExecution =>
  module.execution ?? { kind: 'job' };

export const reviewPolicyOf = (module: Pick<AiModule, 'review'>): ReviewPolicy =>
  module.review ?? DEFAULT_REVIEW;

/**
 * What a run page shows of one run, built by the module that produced it. Each part replaces
 * the runtime's plain presentation (input and output as JSON); parts left out keep it.
 */
export interface RunPageView {
  /** The input as shown to this person (the runtime hides it from those not entitled). */
  input?: { kind: string } & Record<string, unknown>;
  /** The output (amended output when a reviewer amended it). */
  output?: ({ kind: string } & Record<string, unknown>) | null;
  /** Anything else the module's run-page template reads (patrols, dropped hot spots, links). */
  extra?: Record<string, unknown>;
}

/** What the runtime hands a module when it builds a run page: the run, its row and who asks. */
export interface RunPageContext {
  db: Kysely<DB>;
  config: Config;
  principal: Principal;
  row: RunRow;
  run: PresentedRun;
}

/**
 * The parts of a module that live outside its pure core: pages, API routes, command-line
 * commands, run-page views and demo data. Each module folder exports one from `plugin.ts`; the
 * plug-in list (`plugins.ts`) is the only file outside the module that imports it. Kept apart
 * from `AiModule` so a worker thread running a module loads its core and nothing of the web.
 */
export interface ModulePlugin {
  /** The ids of the modules (in the registry) this plug-in presents. */
  moduleIds: readonly string[];
  /** Adds the module's commands to the `bluelamp` command line. */
  cli?(program: Command): void;
  /** Folders of the module's Nunjucks templates, searched after the runtime's own. */
  viewFolders?: readonly string[];
  /** Links of the signed-in service navigation this person may follow (after the AI register). */
  navigation?(principal: Principal): Array<{ href: string; text: string }>;
  /** Registers the module's own pages and API routes (each checks who asks and for which force). */
  routes?(services: Services): FastifyPluginAsync[];
  /** The module's presentation of a run on the run and review pages. */
  runPage?(context: RunPageContext): Promise<RunPageView>;
  /** Seeds the demo force with the module's example data (`npm start` on an empty database). */
  demo?(context: { db: Kysely<DB>; config: Config; runs: RunRuntime; forceId: number }): Promise<void>;
}
