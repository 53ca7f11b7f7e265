import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the database. One interface per table, columns in snake_case as in SQL. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json = ColumnType<unknown, string, string>;

export interface ForcesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: 'territorial' | 'special' | 'national' | 'demo';
  /** When the force was set up with an administrator; only onboarded forces are public. */
  onboarded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PeopleTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
}

export interface RoleAssignmentsTable {
  id: Generated<string>;
  person_id: string;
  force_id: number;
  role: string;
  granted_at: CreatedAt;
  granted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  person_id: string;
  force_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** Sign-in failures per account or client address, by keyed hash (migration 0012). */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  last_at: Timestamp;
}

export interface LedgerEntriesTable {
  seq: number;
  force_id: number | null;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: Json;
  prev_hash: Buffer;
  entry_hash: Buffer;
}

export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface LedgerTreeHeadsTable {
  tree_size: number;
  root_hash: Buffer;
  issued_at: Timestamp;
  signature: Buffer;
  public_key: string;
}

export interface DB {
  triage_contacts: TriageContactsTable;
  bias_audits: BiasAuditsTable;
  triage_flags: TriageFlagsTable;
  assistant_articles: AssistantArticlesTable;
  assistant_conversations: AssistantConversationsTable;
  assistant_crime_reports: AssistantCrimeReportsTable;
  assistant_lost_property: AssistantLostPropertyTable;
  assistant_answer_flags: AssistantAnswerFlagsTable;
  cases: CasesTable;
  case_members: CaseMembersTable;
  case_documents: CaseDocumentsTable;
  case_access_log: CaseAccessLogTable;
  case_analyses: CaseAnalysesTable;
  case_entity_splits: CaseEntitySplitsTable;
  device_authorisations: DeviceAuthorisationsTable;
  device_extractions: DeviceExtractionsTable;
  device_images: DeviceImagesTable;
  hash_lists: HashListsTable;
  hash_list_entries: HashListEntriesTable;
  device_reveals: DeviceRevealsTable;
  device_analyses: DeviceAnalysesTable;
  forces: ForcesTable;
  people: PeopleTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_tree_heads: LedgerTreeHeadsTable;
  ai_systems: AiSystemsTable;
  system_overseers: SystemOverseersTable;
  evidence: EvidenceTable;
  approvals: ApprovalsTable;
  stage_transitions: StageTransitionsTable;
  horizon_items: HorizonItemsTable;
  runs: RunsTable;
  postings: PostingsTable;
  review_views: ReviewViewsTable;
  reviews: ReviewsTable;
  run_decisions: RunDecisionsTable;
  run_refusals: RunRefusalsTable;
  outcomes: OutcomesTable;
  alerts: AlertsTable;
  incidents: IncidentsTable;
  incident_notes: IncidentNotesTable;
  challenges: ChallengesTable;
  time_reinvested: TimeReinvestedTable;
  crime_imports: CrimeImportsTable;
  patrol_dosage: PatrolDosageTable;
  refusals: RefusalsTable;
  authorised_scopes: AuthorisedScopesTable;
  publications: PublicationsTable;
  outbox: OutboxTable;
  form_submissions: FormSubmissionsTable;
}

export interface AiSystemsTable {
  id: Generated<string>;
  force_id: number;
  reference: string;
  name: string;
  description: string;
  use_case: string;
  capability: string;
  purpose: string;
  expected_benefits: Json;
  expected_minutes_saved: ColumnType<number, number | undefined, number>;
  supplier: Json;
  processing: Json;
  model: Json;
  training_data: Json;
  affected_groups: Json;
  project_lead_id: string | null;
  product_manager_id: string | null;
  stage: string;
  previous_stage: string | null;
  stage_entered_at: ColumnType<Date, Date | string | undefined, Date | string>;
  suspended_at: Timestamp | null;
  catalogue_entry_id: string | null;
  module_id: string | null;
  module_settings: ColumnType<unknown, string | undefined, string>;
  review_mode: ColumnType<'every' | 'sampled', 'every' | 'sampled' | undefined, 'every' | 'sampled'>;
  review_sample_rate: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SystemOverseersTable {
  system_id: string;
  person_id: string;
  force_id: number;
}

export interface EvidenceTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  kind: string;
  version: number;
  data: Json;
  hash: string;
  author_id: string;
  created_at: CreatedAt;
}

export interface ApprovalsTable {
  id: Generated<string>;
  force_id: number;
  evidence_id: string;
  hash: string;
  approver_id: string;
  decision: 'approved' | 'rejected';
  reasons: string;
  created_at: CreatedAt;
}

export interface StageTransitionsTable {
  id: Generated<number>;
  force_id: number;
  system_id: string;
  action: string;
  from_stage: string;
  to_stage: string;
  actor_id: string | null;
  reasons: string | null;
  created_at: CreatedAt;
}

export interface HorizonItemsTable {
  id: Generated<string>;
  force_id: number;
  title: string;
  description: string;
  source: string;
  status: ColumnType<
    'watching' | 'promoted' | 'dismissed',
    'watching' | 'promoted' | 'dismissed' | undefined
  >;
  system_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

type Num = ColumnType<number, number, number>;
type NullableNum = ColumnType<number | null, number | null | undefined, number | null>;

export interface RunsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  reference: string;
  actor_id: string;
  purpose: string;
  case_reference_encrypted: Buffer | null;
  input_fingerprint: string;
  input_encrypted: Buffer | null;
  input: Json | null;
  output: Json | null;
  /** The output sealed, for modules whose outputs are personal data (`output` is then null). */
  output_encrypted: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  explanation: string | null;
  module_id: string;
  module_version: string;
  settings: Json;
  duration_ms: NullableNum;
  cpu_ms: NullableNum;
  energy_wh: NullableNum;
  co2e_g: NullableNum;
  minutes_saved: Num;
  review_mode: 'every' | 'sampled';
  needs_review: boolean;
  risky: ColumnType<boolean, boolean | undefined, boolean>;
  decision_maker_id: string | null;
  status: RunStatus;
  monitored: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
  released_at: Timestamp | null;
  progress: ColumnType<number, number | undefined, number>;
  progress_stage: string | null;
  failure_reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  team: string | null;
  area: string | null;
}

export type RunStatus =
  | 'queued'
  | 'running'
  | 'awaiting_review'
  | 'awaiting_decision'
  | 'released'
  | 'rejected'
  | 'failed';

/** A person's team and area in a force, set by the administrator (trial scope is checked on it). */
export interface PostingsTable {
  person_id: string;
  force_id: number;
  team: string | null;
  area: string | null;
  set_by: string | null;
  set_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ReviewViewsTable {
  run_id: string;
  reviewer_id: string;
  opened_at: CreatedAt;
}

export interface ReviewsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  run_id: string;
  reviewer_id: string;
  decision: 'accepted' | 'amended' | 'rejected';
  reasons: string;
  amended_output: Json | null;
  /** The amended output sealed, as the run's own output is. */
  amended_output_encrypted: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  seconds_spent: Num;
  created_at: CreatedAt;
}

export interface RunDecisionsTable {
  id: Generated<string>;
  force_id: number;
  run_id: string;
  person_id: string;
  kind: 'decision' | 'departure';
  decision: string;
  reasons: string;
  created_at: CreatedAt;
}

export interface RunRefusalsTable {
  id: Generated<number>;
  force_id: number;
  system_id: string | null;
  actor_id: string | null;
  code: string;
  message: string;
  created_at: CreatedAt;
}

export interface OutcomesTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  run_id: string | null;
  observed_at: Timestamp;
  grp: string | null;
  metrics: Json;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface AlertsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'severe';
  message: string;
  details: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
}

export interface IncidentsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string | null;
  reference: string;
  title: string;
  description: string;
  severity: 'widespread-harm' | 'death' | 'serious' | 'minor';
  source: 'report' | 'monitoring' | 'challenge';
  status: ColumnType<'open' | 'investigating' | 'closed', 'open' | 'investigating' | 'closed' | undefined>;
  owner_id: string | null;
  reported_by: string | null;
  deadline_at: Timestamp | null;
  public_summary: string | null;
  closed_by: string | null;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface IncidentNotesTable {
  id: Generated<string>;
  force_id: number;
  incident_id: string;
  author_id: string;
  kind: 'investigation' | 'corrective-action' | 'misuse';
  text: string;
  consequence: string | null;
  created_at: CreatedAt;
}

export interface ChallengesTable {
  id: Generated<string>;
  force_id: number;
  system_id: string | null;
  run_id: string | null;
  reference: string;
  description_encrypted: Buffer;
  contact_encrypted: Buffer | null;
  status: ColumnType<
    'received' | 'under-review' | 'upheld' | 'not-upheld',
    'received' | 'under-review' | 'upheld' | 'not-upheld' | undefined
  >;
  handler_id: string | null;
  outcome_reasons: string | null;
  incident_id: string | null;
  created_at: CreatedAt;
  decided_at: Timestamp | null;
}

export interface TimeReinvestedTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  period_start: ColumnType<Date, string, string>;
  period_end: ColumnType<Date, string, string>;
  hours: Num;
  category: 'frontline' | 'community-engagement' | 'other';
  notes: string;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface CrimeImportsTable {
  id: string;
  force_id: number;
  title: string;
  kind: 'police.uk' | 'mapped';
  /** The uploaded files' names, in the order read. */
  file_names: Json;
  /** The column mapping used (the police.uk preset or the one sent). */
  mapping: Json;
  zip_member: string | null;
  crs: 'EPSG:27700';
  rows_read: number;
  rows_kept: number;
  /** Rows without usable coordinates, by reason. */
  dropped: Json;
  /** First and last event on the naive local clock, stored as if UTC. */
  first_event_at: Timestamp;
  last_event_at: Timestamp;
  /** Crime types found, with counts: `[{ name, count }]`. */
  categories: Json;
  /** SHA-256 (hex) of the packed events before compression and encryption. */
  events_sha256: string;
  events_encrypted: Buffer;
  created_by: string;
  created_at: CreatedAt;
}

export interface PatrolDosageTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  run_id: string;
  run_reference: string;
  patrol_from: ColumnType<Date, string, string>;
  patrol_to: ColumnType<Date, string, string>;
  cell: number;
  easting: ColumnType<number | null, number | null | undefined, number | null>;
  northing: ColumnType<number | null, number | null | undefined, number | null>;
  minutes: Num;
  recorded_by: string;
  batch_id: string;
  created_at: CreatedAt;
}

/** A refused approval or authorisation: reasons, the forms to redo, and the stage it left. */
export interface RefusalsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  kind: string;
  reasons: string;
  redo: Json;
  from_stage: string;
  to_stage: string;
  actor_id: string;
  created_at: CreatedAt;
}

/** What the chief constable authorised: module settings and declared scope, pinned by hash. */
export interface AuthorisedScopesTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  module_id: string | null;
  settings: Json;
  scope: Json;
  hash: string;
  evidence_version: number;
  authorised_by: string;
  created_at: CreatedAt;
}

/** E-mail waiting for the mail worker; recipient and body are encrypted, and cleared once sent. */
export interface OutboxTable {
  id: Generated<string>;
  force_id: number | null;
  kind: string;
  subject_id: string;
  recipient_encrypted: Buffer | null;
  subject: string;
  body_encrypted: Buffer | null;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: CreatedAt;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  sent_at: Timestamp | null;
}

/** One-time form tokens used, and where the first post of each was sent. */
export interface FormSubmissionsTable {
  owner: string;
  token: string;
  target: string;
  result_url: string | null;
  created_at: CreatedAt;
}

export interface TriageContactsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  reference: string;
  created_by: string;
  lang: string | null;
  route: Generated<'routine' | 'human' | 'urgent' | 'emergency'>;
  topic: string | null;
  interpreter: string | null;
  turns: Generated<number>;
  transcript_encrypted: Buffer;
  reasons_encrypted: Buffer | null;
  last_run_id: string | null;
  queued_at: Date | null;
  status: Generated<'open' | 'taken' | 'closed'>;
  taken_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TriageFlagsTable {
  id: Generated<string>;
  force_id: number;
  contact_id: string;
  run_id: string | null;
  kind: 'missed' | 'false_alarm';
  should_be: 'human' | 'urgent' | 'emergency' | null;
  note: string;
  flagged_by: string;
  incident_id: string | null;
  created_at: Generated<Date>;
}

/** One version of a knowledge-base article of the 101 assistant (content: both languages). */
export interface AssistantArticlesTable {
  id: Generated<string>;
  force_id: number;
  slug: string;
  version: number;
  topic: string;
  kind: 'answer' | 'service' | 'signpost';
  owner_id: string;
  review_on: ColumnType<string, string, string>;
  content: Json;
  content_sha256: string;
  status: Generated<'draft' | 'approved' | 'retired'>;
  created_by: string;
  created_at: CreatedAt;
  approved_by: string | null;
  approved_at: Date | null;
}

export type ConversationStatus = 'assistant' | 'waiting' | 'with-person' | 'closed';

export interface AssistantConversationsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  reference: string;
  token_sha256: string;
  lang: string;
  status: Generated<ConversationStatus>;
  route: Generated<'routine' | 'human' | 'urgent' | 'emergency'>;
  queue: 'emergency' | 'priority' | 'person' | 'interpreter' | null;
  interpreter: string | null;
  queued_at: Date | null;
  taken_by: string | null;
  taken_at: Date | null;
  turns: Generated<number>;
  transcript_encrypted: Buffer;
  state_encrypted: Buffer;
  notes_encrypted: Buffer | null;
  outcome: string | null;
  rating: number | null;
  handed_over: Generated<boolean>;
  last_run_id: string | null;
  retain_until: Timestamp;
  purged_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}

export interface AssistantCrimeReportsTable {
  id: Generated<string>;
  force_id: number;
  reference: string;
  check_hmac: string;
  update_encrypted: Buffer;
  failed_checks: Generated<number>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface AssistantLostPropertyTable {
  id: Generated<string>;
  force_id: number;
  conversation_id: string;
  reference: string;
  details_encrypted: Buffer;
  created_at: Generated<Date>;
}

export interface AssistantAnswerFlagsTable {
  id: Generated<string>;
  force_id: number;
  conversation_id: string;
  article_id: string;
  owner_id: string;
  note: string;
  flagged_by: string;
  created_at: Generated<Date>;
  resolved_at: Date | null;
}

/** An approved public record: the exact text previewed and approved, and its SHA-256. */
export interface PublicationsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  body: string;
  sha256: string;
  approved_by: string;
  approved_at: CreatedAt;
}

export interface BiasAuditsTable {
  id: Generated<string>;
  force_id: number;
  system_id: string;
  model_name: string;
  model_version: string;
  data_sha256: string;
  source: string;
  report: Json;
  report_sha256: string;
  ledger_seq: number;
  created_by: string;
  created_at: Generated<Timestamp>;
}

/** A case file: its reference, its sealed title and when its retention is reviewed. */
export interface CasesTable {
  id: Generated<string>;
  force_id: number;
  reference: string;
  title_encrypted: Buffer;
  review_on: ColumnType<string, string, string>;
  created_by: string;
  created_at: CreatedAt;
}

/** An officer with access to a case: an investigator or a supervisor of the case. */
export interface CaseMembersTable {
  case_id: string;
  person_id: string;
  role: 'investigator' | 'supervisor';
  added_by: string;
  added_at: CreatedAt;
}

/** A document of a case: the file and its text sealed; the search index of keyed hashes. */
export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  position: number;
  upload_id: string;
  name_encrypted: Buffer;
  kind: 'text' | 'docx' | 'pdf' | 'eml' | 'csv';
  status: 'ok' | 'no-text-layer';
  size_bytes: number;
  sha256: string;
  original_encrypted: Buffer;
  text_encrypted: Buffer;
  document_date: Date | null;
  pages: number | null;
  search_terms: ColumnType<string, string, string>;
  uploaded_by: string;
  uploaded_at: CreatedAt;
}

/** Who opened what of a case, and when. */
export interface CaseAccessLogTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  action: string;
  subject: string | null;
  at: CreatedAt;
}

/** A POLE analysis of a case: the run, and how many documents it read. */
export interface CaseAnalysesTable {
  case_id: string;
  run_id: string;
  documents: number;
  created_at: CreatedAt;
}

/** An officer's split of a wrong merge in a case's entity index. */
export interface CaseEntitySplitsTable {
  id: Generated<string>;
  case_id: string;
  entity_key: string;
  mentions: Json;
  reason: string;
  split_by: string;
  split_at: CreatedAt;
}

/** What an officer recorded before a device's data was read: scope, purpose, who authorised it. */
export interface DeviceAuthorisationsTable {
  id: Generated<string>;
  case_id: string;
  device_encrypted: Buffer;
  owner_encrypted: Buffer;
  owner_role: 'suspect' | 'victim' | 'witness' | 'other';
  purpose_encrypted: Buffer;
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  kinds: string[];
  authorised_by: string;
  retain_until: ColumnType<string, string, string>;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** One import under an authorisation, sealed with its own data key (null once destroyed). */
export interface DeviceExtractionsTable {
  id: Generated<string>;
  authorisation_id: string;
  key_sealed: Buffer | null;
  content_sealed: Buffer | null;
  records: number;
  images: number;
  excluded: Json;
  files: Json;
  imported_by: string;
  imported_at: CreatedAt;
  destroyed_at: Date | null;
}

/** An image of an extraction: its PDQ hash, matches against the force's lists, sealed bytes. */
export interface DeviceImagesTable {
  extraction_id: string;
  record_id: string;
  pdq: string;
  quality: number;
  sha256: string;
  matches: Json;
  image_sealed: Buffer | null;
  preview_sealed: Buffer | null;
}

/** A force's list of known-image PDQ hashes (from a hash-sharing scheme). */
export interface HashListsTable {
  id: Generated<string>;
  force_id: number;
  name: string;
  source: string;
  hashes: number;
  sha256: string;
  loaded_by: string;
  loaded_at: CreatedAt;
}

export interface HashListEntriesTable {
  list_id: string;
  pdq: string;
  label: string | null;
}

/** An officer's reveal of one third party in one extraction, with its justification and review. */
export interface DeviceRevealsTable {
  id: Generated<string>;
  case_id: string;
  extraction_id: string;
  contact: number;
  justification_encrypted: Buffer;
  revealed_by: string;
  revealed_at: CreatedAt;
  review: ColumnType<'pending' | 'upheld' | 'withdrawn', 'pending' | 'upheld' | 'withdrawn' | undefined>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

/** A summary run over one extraction. */
export interface DeviceAnalysesTable {
  run_id: string;
  extraction_id: string;
  created_at: CreatedAt;
}
