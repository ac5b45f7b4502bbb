import type { ColumnType, Generated } from 'kysely';

// The tables, as Kysely sees them. Timestamps are `timestamptz` (read back as Date); JSON columns are `jsonb`.
// One interface per table; migrations.ts creates them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AddressJson {
  lines: string[];
  postcode: string;
  uprn?: string | undefined;
}

export interface SessionsTable {
  sid: string;
  sess: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  user_sub: string | null;
}

export interface EndedSessionsTable {
  sid: string;
  forget_after: Timestamp;
}

export interface UserLogoutsTable {
  user_sub: string;
  logged_out_at: Timestamp;
  forget_after: Timestamp;
}

export interface LogoutTokenReplaysTable {
  token_key: string;
  expires_at: Timestamp;
}

export interface ApplicationsTable {
  seq: Generated<string>;
  reference: string;
  user_sub: string;
  full_name: string;
  email: string | null;
  phone_number: string | null;
  address: Json<AddressJson>;
  vehicle_registration: string;
  permit_length: number;
  amount: number;
  language: 'en' | 'cy';
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: Timestamp | null;
}

export interface PaymentsTable {
  seq: Generated<string>;
  payment_id: string;
  application_reference: string;
  idempotency_key: string;
  amount: number;
  status: string;
  finished: Generated<boolean>;
  failure_code: string | null;
  refunded_amount: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RefundsTable {
  refund_id: string;
  payment_id: string;
  amount: number;
  status: string;
  created_at: Timestamp;
}

export interface NotificationsTable {
  seq: Generated<string>;
  notification_id: string;
  subject_reference: string;
  channel: 'email' | 'sms';
  template_id: string;
  recipient: string;
  status: string;
  /** What the message is about when its subject has several of the kind (`refund:<refund_id>`); else null. */
  about: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProcessedEventsTable {
  source: string;
  event_id: string;
  received_at: Timestamp;
}

export interface FormSubmissionsTable {
  submission_reference: string;
  form_id: string;
  form_name: string;
  submitted_at: Timestamp;
  answers: Json<{ question_text: string; answer_text: string | string[] }[]>;
  contact_email: string | null;
  source_key: string;
  payment_id: string | null;
  payment_status: string | null;
  payment_amount: number | null;
  ingested_at: Timestamp;
}

export interface CheckpointsTable {
  name: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface RateLimitsTable {
  name: string;
  tokens: number;
  refilled_at: Timestamp;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_ends_at: Timestamp;
}

export interface Schema {
  sessions: SessionsTable;
  ended_sessions: EndedSessionsTable;
  user_logouts: UserLogoutsTable;
  logout_token_replays: LogoutTokenReplaysTable;
  applications: ApplicationsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  notifications: NotificationsTable;
  processed_events: ProcessedEventsTable;
  form_submissions: FormSubmissionsTable;
  checkpoints: CheckpointsTable;
  rate_limits: RateLimitsTable;
  sign_in_failures: SignInFailuresTable;
}
