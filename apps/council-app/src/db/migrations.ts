// Append-only: never edit a migration that has shipped; add a new one.
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sessions (
        sid TEXT PRIMARY KEY,
        sess TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        user_sub TEXT
      );
      CREATE INDEX sessions_user_sub ON sessions (user_sub);

      CREATE TABLE applications (
        reference TEXT PRIMARY KEY,
        user_sub TEXT NOT NULL,
        full_name TEXT NOT NULL,
        email TEXT,
        phone_number TEXT,
        address TEXT NOT NULL,
        vehicle_registration TEXT NOT NULL,
        permit_length INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        language TEXT NOT NULL DEFAULT 'en',
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        paid_at TEXT,
        confirmation_claimed_at TEXT
      );
      CREATE INDEX applications_user_sub ON applications (user_sub);

      CREATE TABLE payments (
        payment_id TEXT PRIMARY KEY,
        application_reference TEXT NOT NULL REFERENCES applications (reference),
        idempotency_key TEXT NOT NULL UNIQUE,
        amount INTEGER NOT NULL,
        status TEXT NOT NULL,
        finished INTEGER NOT NULL DEFAULT 0,
        failure_code TEXT,
        refunded_amount INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX payments_application ON payments (application_reference);

      CREATE TABLE refunds (
        refund_id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments (payment_id),
        amount INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE notifications (
        notification_id TEXT PRIMARY KEY,
        subject_reference TEXT NOT NULL,
        channel TEXT NOT NULL,
        template_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX notifications_subject ON notifications (subject_reference);

      CREATE TABLE processed_events (
        source TEXT NOT NULL,
        event_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (source, event_id)
      );

      CREATE TABLE form_submissions (
        submission_reference TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        form_name TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        answers TEXT NOT NULL,
        contact_email TEXT,
        source_key TEXT NOT NULL,
        payment_id TEXT,
        payment_status TEXT,
        payment_amount INTEGER,
        acknowledged_at TEXT,
        ingested_at TEXT NOT NULL
      );

      CREATE TABLE checkpoints (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    // Ended sessions stay ended: a request in flight when a session ended must not write it back (ids of ended
    // sessions), and no session signed in before a user's back-channel logout may be read or written (logout times).
    version: 2,
    sql: `
      CREATE TABLE ended_sessions (
        sid TEXT PRIMARY KEY,
        forget_after INTEGER NOT NULL
      );
      CREATE TABLE user_logouts (
        user_sub TEXT PRIMARY KEY,
        logged_out_at INTEGER NOT NULL,
        forget_after INTEGER NOT NULL
      );
    `,
  },
];
