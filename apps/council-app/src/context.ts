import type { RequestHandler } from 'express';
import type { Config } from './config.js';
import type { BackOffice } from './domain/back-office.js';
import type { DeliveryReceipts } from './domain/delivery-receipts.js';
import type { FormsInbox } from './domain/forms-inbox.js';
import type { PermitApplications } from './domain/permits.js';
import type { DatabaseSessionStore } from './http/session-store.js';
import type { SignInThrottle } from './http/throttle.js';
import type { Logger } from './logger.js';
import type { Services } from './services/ports.js';

/** What every route module gets: built once in createApp, passed explicitly (no globals). Routes call the domain. */
export interface AppContext {
  config: Config;
  /** The GOV.UK services, for the sign-in flow and verifying webhooks (the protocol, not business rules). */
  services: Services;
  permits: PermitApplications;
  formsInbox: FormsInbox;
  backOffice: BackOffice;
  deliveryReceipts: DeliveryReceipts;
  sessionStore: DatabaseSessionStore;
  /** Back-office password guessing: counts shared by every instance. */
  signInThrottle: SignInThrottle;
  sessionCookieName: string;
  log: Logger;
  requireUser: RequestHandler;
  requireIdentity: RequestHandler;
}
