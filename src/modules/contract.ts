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
import type { FieldError, Posted } from '../oversight/run-page.ts';

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
  /**
   * True when outputs are themselves personal data worth sealing (a case file's names, numbers
   * and quoted sentences): the runtime stores them, and reviewers' amendments, encrypted.
   */
  sealsOutput?: boolean;
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
  /**
   * What people may see of a run's input, on its page and through the API, when not all of it
   * (device evidence: the scope and counts, never records that hold third parties' words).
   * Absent: the input as stored, for those entitled to it.
   */
  presentInput?(input: z.infer<Input>): unknown;
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
  /**
   * The input as shown to this person (the runtime hides it from those not entitled): a kind the
   * run page knows (`rows`, `json`, `hidden`), or the module's own with its `template`.
   */
  input?: RunPagePart;
  /** The output (amended output when a reviewer amended it), as `input`. */
  output?: RunPagePart | null;
  /**
   * The module's fields of the review form for an amendment (read by `reviewAmendment`), in place
   * of the amended output as JSON: a template in the plug-in's `viewFolders`.
   */
  amendTemplate?: string;
  /** Anything else the module's templates read (patrols, dropped hot spots, links). */
  extra?: Record<string, unknown>;
}

/**
 * One part of a run page. With `template` (a Nunjucks file in the plug-in's `viewFolders`), the
 * page includes it, and it reads the part as `input` or `output`, the run as `run` and `extra`'s
 * members by name.
 */
export type RunPagePart = { kind: string; template?: string } & Record<string, unknown>;

/** What the runtime hands a module when it builds a run page: the run, its row and who asks. */
export interface RunPageContext {
  db: Kysely<DB>;
  config: Config;
  principal: Principal;
  row: RunRow;
  run: PresentedRun;
}

/** One problem with what a person asked a module to do, named by the field at fault. */
export interface InputProblem {
  field: string;
  message: string;
}

/**
 * A start request that does not fit (a source not offered, a month outside the data, a malformed
 * file): thrown by a plug-in's `start.build`. The runtime shows each problem on the form field it
 * names, or answers the API with 400 naming `<start.key>.<field>`.
 */
export class ModuleInputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'ModuleInputError';
  }
}

/** What the runtime hands a plug-in when a run is being started: who asks, and the system's settings. */
export interface StartContext {
  db: Kysely<DB>;
  principal: Principal;
  /** The system's module settings as the register holds them (not yet checked). */
  settings: unknown;
}

/**
 * A module's own request to start a run, from which the runtime has the module build the input
 * (hot spots: a crime data source, crime types and a month, rather than the events themselves).
 */
export interface StartRequest<Request = unknown> {
  /** The key of the request in the body of `POST /api/systems/:id/runs` (`hotspots`). */
  key: string;
  /** Its schema, checked with the rest of the body and shown in the API documentation. */
  schema: z.ZodType<Request>;
  /** What the request is, for the API documentation. */
  description: string;
  /**
   * The run's input built from the request, reading what it names (files, the force's imports).
   * Throws `ModuleInputError` naming the request's fields. Called only for someone who may run
   * systems, after the system was found in their force.
   */
  build(request: Request, context: StartContext): Promise<unknown>;
}

/**
 * The module's fields of the "start a run" form. Without one, the form asks for the input as JSON.
 * Field ids are `f-<name>`, as the runtime's own fields.
 */
export interface StartForm {
  /** The Nunjucks template of the fields (in one of the plug-in's `viewFolders`). */
  template: string;
  /** What the template reads as `startForm` (choices, ranges); it also sees `values` and `errorsByName`. */
  data?(context: StartContext, values: Posted): Promise<Record<string, unknown>>;
  /**
   * The posted fields as the module's `request` (built by `start.build`) or as its `input`, with
   * the problems found, named by field. The runtime checks its own fields beside these.
   */
  parse(
    values: Posted,
    context: StartContext,
  ): Promise<{ request?: unknown; input?: unknown; problems: InputProblem[] }>;
  /** The field an input error found by the runtime belongs on (`input.gender`: `gender`). */
  fieldOf(path: string, message: string): string;
  /** Where an error summary link for a field goes (default `#f-<name>`). */
  href?(name: string): string;
}

/** What the plug-in may do once a run is recorded, while it waits for a worker and its reviewer. */
export interface StartedContext {
  db: Kysely<DB>;
  runId: string;
  input: unknown;
}

/** A plug-in's typed request as the contract holds it (the runtime passes back what `schema` parsed). */
export const startRequest = <Request>(request: StartRequest<Request>): StartRequest =>
  request as unknown as StartRequest;

/** How a module's runs are started: through its own form fields and API request. */
export interface ModuleStart {
  /** The module's part of the API request, from which its input is built. */
  request?: StartRequest;
  /** The module's fields of the start form. */
  form?: StartForm;
  /**
   * An input as a caller sent it, cleared of what only `request.build` may set (hot spots: the
   * `importId` naming the data's source, so a caller cannot borrow an import's title or caveat).
   */
  callerInput?(input: unknown): unknown;
  /** Started, not awaited, once a run is recorded from the form (work its pages will need). */
  afterStart?(context: StartedContext): void;
}

/** A reviewer's amendment made with the module's own review fields, or the problems with them. */
export type ReviewAmendment = { output: unknown } | { problems: FieldError[] };

/** One of a system's released runs the public may see, as the public pages list it. */
export interface PublicForecastItem {
  runId: string;
  /** The run's reference (`R-XXXX-XXXX`), the one the public uses to challenge an output. */
  reference: string;
  /** The days it covers: `YYYY-MM-DD`, end exclusive. */
  period: { start: string; end: string };
  periodText: string;
  crimeTypes: string[];
}

/**
 * A public forecast drawn for the public pages: what `transparency/_forecast-map.njk` reads (its
 * period, statements, SVG map and table of squares), with its GeoJSON, the public download.
 */
export interface PublicForecastMapView {
  reference: string;
  geojson: unknown;
}

/**
 * A module whose released runs the public may see, as coarse maps published after a delay (hot
 * spot forecasts): what the force's public AI pages and API list and draw for its systems.
 */
export interface PublicForecasts {
  /** What every public map states: its square size in metres and the delay in days. */
  policy: { cellSize: number; delayDays: number };
  /** How many of the latest a system's public page shows in full; older ones are listed. */
  latest: number;
  /** A system's runs the public may see on `today` (`YYYY-MM-DD`), latest first. */
  list(db: Kysely<DB>, systemId: string, today: string): Promise<PublicForecastItem[]>;
  /** One of them drawn, or null when it cannot be (too recent, unreadable). */
  map(
    db: Kysely<DB>,
    item: PublicForecastItem,
    today: string,
    key: Buffer,
  ): Promise<PublicForecastMapView | null>;
}

/**
 * The parts of a module that live outside its pure core: pages, API routes, command-line
 * commands, how its runs are started (form fields, API request), run-page views and review
 * amendments, public forecast maps and demo data. Each module folder exports one from `plugin.ts`; the
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
  /** How the module's runs are started: its form fields, API request and what follows. */
  start?: ModuleStart;
  /**
   * A reviewer's amended output from the module's own fields of the review form (hot spots: the
   * cells to drop), or undefined to take the amended output as JSON.
   */
  reviewAmendment?(output: unknown, values: Posted): ReviewAmendment | undefined;
  /** The module's released runs the public may see, on its systems' public pages. */
  publicForecasts?: PublicForecasts;
  /**
   * How the module decides, published with the record of each of its systems in trial or live
   * (rules, thresholds, test results) as JSON; the same for every system running this version.
   */
  publicMethod?(): unknown;
  /**
   * Routine upkeep the service runs at start and then hourly (destroying data past its
   * retention date); returns a line for the log, or nothing when there was nothing to do.
   */
  housekeeping?(context: { db: Kysely<DB>; config: Config }): Promise<string | undefined>;
  /** Seeds the demo force with the module's example data (`npm start` on an empty database). */
  demo?(context: { db: Kysely<DB>; config: Config; runs: RunRuntime; forceId: number }): Promise<void>;
}
