import type { Kysely, Transaction } from 'kysely';
import { ApplicationsRepository } from './repositories/applications.js';
import { CheckpointsRepository } from './repositories/checkpoints.js';
import { EndedSessionsRepository } from './repositories/ended-sessions.js';
import type { Executor, Now } from './repositories/executor.js';
import { FormSubmissionsRepository } from './repositories/form-submissions.js';
import { LogoutTokenReplaysRepository } from './repositories/logout-token-replays.js';
import { NotificationsRepository } from './repositories/notifications.js';
import { PaymentsRepository } from './repositories/payments.js';
import { ProcessedEventsRepository } from './repositories/processed-events.js';
import { RateLimitsRepository } from './repositories/rate-limits.js';
import { RefundsRepository } from './repositories/refunds.js';
import { SessionsRepository } from './repositories/sessions.js';
import { SignInFailuresRepository } from './repositories/sign-in-failures.js';
import { UserLogoutsRepository } from './repositories/user-logouts.js';
import type { Schema } from './schema.js';

export type { Address, Application, NewApplication } from './repositories/applications.js';
export type { NotificationRow } from './repositories/notifications.js';
export type { NewPayment, PaymentRow } from './repositories/payments.js';
export type { RefundRow } from './repositories/refunds.js';
export type { SubmissionRow } from './repositories/form-submissions.js';

/** Every repository, on one executor (the pool, or one transaction). */
export class Repositories {
  readonly applications: ApplicationsRepository;
  readonly payments: PaymentsRepository;
  readonly refunds: RefundsRepository;
  readonly notifications: NotificationsRepository;
  readonly processedEvents: ProcessedEventsRepository;
  readonly formSubmissions: FormSubmissionsRepository;
  readonly checkpoints: CheckpointsRepository;
  readonly sessions: SessionsRepository;
  readonly endedSessions: EndedSessionsRepository;
  readonly userLogouts: UserLogoutsRepository;
  readonly logoutTokenReplays: LogoutTokenReplaysRepository;
  readonly rateLimits: RateLimitsRepository;
  readonly signInFailures: SignInFailuresRepository;

  constructor(
    /** The executor itself: the job queue enqueues through it so a job commits with the rows (outbox). */
    readonly executor: Executor,
    readonly now: Now,
  ) {
    this.applications = new ApplicationsRepository(executor, now);
    this.payments = new PaymentsRepository(executor, now);
    this.refunds = new RefundsRepository(executor, now);
    this.notifications = new NotificationsRepository(executor, now);
    this.processedEvents = new ProcessedEventsRepository(executor, now);
    this.formSubmissions = new FormSubmissionsRepository(executor, now);
    this.checkpoints = new CheckpointsRepository(executor, now);
    this.sessions = new SessionsRepository(executor);
    this.endedSessions = new EndedSessionsRepository(executor);
    this.userLogouts = new UserLogoutsRepository(executor);
    this.logoutTokenReplays = new LogoutTokenReplaysRepository(executor);
    this.rateLimits = new RateLimitsRepository(executor);
    this.signInFailures = new SignInFailuresRepository(executor, now);
  }
}

/** The repositories on the pool, and units of work: everything in `transaction` commits or nothing does. */
export class Store extends Repositories {
  constructor(
    readonly db: Kysely<Schema>,
    now: Now = () => new Date(),
  ) {
    super(db, now);
  }

  transaction<T>(work: (tx: Repositories & { trx: Transaction<Schema> }) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) => work(Object.assign(new Repositories(trx, this.now), { trx })));
  }
}
