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

export interface SignInFailuresTable {
  id: Generated<number>;
  email_key: string;
  at: CreatedAt;
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
  forces: ForcesTable;
  people: PeopleTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_tree_heads: LedgerTreeHeadsTable;
}
