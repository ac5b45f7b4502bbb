import type { RequestHandler } from 'express';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import type { FormsInbox } from './domain/forms-inbox.js';
import type { PermitApplications } from './domain/permits.js';
import type { SqliteSessionStore } from './http/session-store.js';
import type { Logger } from './logger.js';
import type { Services } from './services/ports.js';

/** What every route module gets: built once in createApp, passed explicitly (no globals). */
export interface AppContext {
  config: Config;
  store: Store;
  services: Services;
  permits: PermitApplications;
  formsInbox: FormsInbox;
  sessionStore: SqliteSessionStore;
  sessionCookieName: string;
  log: Logger;
  requireUser: RequestHandler;
  requireIdentity: RequestHandler;
}
