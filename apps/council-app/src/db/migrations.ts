import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

// Append-only: never edit a migration that has shipped; add a new one. Each runs in its own transaction, and
// Kysely's migrator holds a PostgreSQL advisory lock while it runs, so instances starting together apply each
// migration once. For zero-downtime deploys, a migration must work with the code of the release before it
// (add columns and tables first, drop them a release later): see the README.
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db) {
      await sql`
        CREATE TABLE sessions (
          sid text PRIMARY KEY,
          sess jsonb NOT NULL,
          expires_at timestamptz NOT NULL,
          user_sub text
        );
        CREATE INDEX sessions_user_sub ON sessions (user_sub);
        CREATE INDEX sessions_expires_at ON sessions (expires_at);

        -- Ended sessions stay ended: a request in flight when a session ended must not write it back (ids of
        -- ended sessions), and no session signed in before its user's last logout may be read or written. Both
        -- are kept for one session lifetime (forget_after), then pruned.
        CREATE TABLE ended_sessions (
          sid text PRIMARY KEY,
          forget_after timestamptz NOT NULL
        );

        CREATE TABLE user_logouts (
          user_sub text PRIMARY KEY,
          logged_out_at timestamptz NOT NULL,
          forget_after timestamptz NOT NULL
        );

        CREATE TABLE logout_token_replays (
          token_key text PRIMARY KEY,
          expires_at timestamptz NOT NULL
        );

        CREATE TABLE applications (
          seq bigserial UNIQUE,
          reference text PRIMARY KEY,
          user_sub text NOT NULL,
          full_name text NOT NULL,
          email text,
          phone_number text,
          address jsonb NOT NULL,
          vehicle_registration text NOT NULL,
          permit_length integer NOT NULL,
          amount integer NOT NULL,
          language text NOT NULL DEFAULT 'en',
          status text NOT NULL,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          paid_at timestamptz
        );
        CREATE INDEX applications_user_sub ON applications (user_sub);

        CREATE TABLE payments (
          seq bigserial UNIQUE,
          payment_id text PRIMARY KEY,
          application_reference text NOT NULL REFERENCES applications (reference),
          idempotency_key text NOT NULL UNIQUE,
          amount integer NOT NULL,
          status text NOT NULL,
          finished boolean NOT NULL DEFAULT false,
          failure_code text,
          refunded_amount integer NOT NULL DEFAULT 0,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX payments_application ON payments (application_reference);

        CREATE TABLE refunds (
          refund_id text PRIMARY KEY,
          payment_id text NOT NULL REFERENCES payments (payment_id),
          amount integer NOT NULL,
          status text NOT NULL,
          created_at timestamptz NOT NULL
        );

        CREATE TABLE notifications (
          seq bigserial UNIQUE,
          notification_id text PRIMARY KEY,
          subject_reference text NOT NULL,
          channel text NOT NULL,
          template_id text NOT NULL,
          recipient text NOT NULL,
          status text NOT NULL,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL
        );
        CREATE INDEX notifications_subject ON notifications (subject_reference);

        CREATE TABLE processed_events (
          source text NOT NULL,
          event_id text NOT NULL,
          received_at timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        );

        CREATE TABLE form_submissions (
          submission_reference text PRIMARY KEY,
          form_id text NOT NULL,
          form_name text NOT NULL,
          submitted_at timestamptz NOT NULL,
          answers jsonb NOT NULL,
          contact_email text,
          source_key text NOT NULL,
          payment_id text,
          payment_status text,
          payment_amount integer,
          ingested_at timestamptz NOT NULL
        );

        CREATE TABLE checkpoints (
          name text PRIMARY KEY,
          value jsonb NOT NULL,
          updated_at timestamptz NOT NULL
        );

        CREATE TABLE rate_limits (
          name text PRIMARY KEY,
          tokens double precision NOT NULL,
          refilled_at timestamptz NOT NULL
        );
      `.execute(db);
    },
  },
  '0002_job_queue_schema': {
    // The job queue (pg-boss) installs its own tables at start, under its own lock, but its first statement,
    // CREATE SCHEMA IF NOT EXISTS, is not safe when several instances start at once: two can both find the schema
    // missing and one fails on pg_namespace's unique index (seen by the three-instance test). Creating the schema
    // here, under the migrator's lock, leaves pg-boss only the races it already tolerates ("already exists").
    async up(db) {
      await sql`CREATE SCHEMA IF NOT EXISTS pgboss`.execute(db);
    },
  },
  '0003_sign_in_failures': {
    // Failed back-office sign-ins, counted per key (an address, the account) in a fixed window that starts with the
    // first failure. In the database, not in each process: behind a load balancer, guesses spread over the
    // instances must add up.
    async up(db) {
      await sql`
        CREATE TABLE sign_in_failures (
          key text PRIMARY KEY,
          failures integer NOT NULL,
          window_ends_at timestamptz NOT NULL
        );
        CREATE INDEX sign_in_failures_window_ends_at ON sign_in_failures (window_ends_at);
      `.execute(db);
    },
  },
  '0004_notification_about': {
    // What a message is about when its subject has several of the kind (one notice per refund of an application):
    // a queued message is sent at most once per `about`. Nullable, so rows written before it stay valid.
    async up(db) {
      await sql`
        ALTER TABLE notifications ADD COLUMN about text;
        CREATE UNIQUE INDEX notifications_about ON notifications (about) WHERE about IS NOT NULL;
      `.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

/** Applies every migration not yet applied. Returns the names applied by this call (none when up to date). */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** true when every migration this code knows has been applied (for GET /ready). */
// biome-ignore lint/suspicious/noExplicitAny: as above
export async function migrationsApplied(db: Kysely<any>): Promise<boolean> {
  const migrations = await new Migrator({ db, provider }).getMigrations();
  return migrations.every((m) => m.executedAt !== undefined);
}
