import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import './http/session-types.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Db, openDatabase } from './db/database.js';
import { Store } from './db/store.js';
import { FormsInbox } from './domain/forms-inbox.js';
import { PermitApplications } from './domain/permits.js';
import { csrfProtection } from './http/csrf.js';
import { flashMessages } from './http/flash.js';
import { i18n } from './http/i18n.js';
import { navigation } from './http/navigation.js';
import { noStore, securityHeaders } from './http/security.js';
import { localPath } from './http/util.js';
import { SqliteSessionStore } from './http/session-store.js';
import { configureViews, govukFrontendDist, packageRoot } from './http/views.js';
import { consoleLogger, type Logger } from './logger.js';
import { authRoutes, backChannelLogoutRoute } from './routes/auth.js';
import { backOfficeRoutes } from './routes/back-office.js';
import { hookRoutes } from './routes/hooks.js';
import { infoPageRoutes } from './routes/info-pages.js';
import { inPersonRoutes } from './routes/in-person.js';
import { notFound, residentRoutes } from './routes/resident.js';
import type { Services } from './services/ports.js';

export interface AppDependencies {
  /** The GOV.UK services; defaults to the council-sdk clients built from config (see services/index.ts). */
  services: Services;
  db?: Db;
  log?: Logger;
  now?: () => Date;
}

export interface CouncilApp {
  app: express.Express;
  context: AppContext;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
}

const SESSION_TTL_MS = 60 * 60 * 1000; // One Login sessions last an hour from the last interaction; so do ours.

/** Builds the Express app. No listening, no globals: tests build as many as they like. */
export function createApp(config: Config, deps: AppDependencies): CouncilApp {
  const log = deps.log ?? consoleLogger;
  const db = deps.db ?? openDatabase(config.DATA_DIR);
  const store = new Store(db, deps.now);
  const services = deps.services;
  const sessionStore = new SqliteSessionStore(db, SESSION_TTL_MS);
  // "__Host-" cookies must be Secure, host-only and path=/: the browser refuses them otherwise.
  const sessionCookieName = config.secureCookies ? '__Host-council-session' : 'council-session';

  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, Express must believe X-Forwarded-Proto or it will never send the Secure cookie.
  if (config.TRUST_PROXY)
    app.set(
      'trust proxy',
      /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY,
    );
  configureViews(app);

  const permits = new PermitApplications(store, services, config, log);
  const formsInbox = new FormsInbox(store, services, config, log);

  // Remember where a resident was going (e.g. back from Pay after their session expired) and go there after sign-in.
  // A visitor who is not signed in carries it to /auth/sign-in in the URL rather than in a new session, so a crawler
  // following links to protected pages creates no session rows; /auth/sign-in keeps it (through localPath).
  const signInFor = (req: Request) =>
    req.method === 'GET'
      ? `/auth/sign-in?returnTo=${encodeURIComponent(localPath(req.originalUrl))}`
      : '/auth/sign-in';
  const requireUser = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.user) return next();
    res.redirect(303, signInFor(req));
  };
  const requireIdentity = (req: Request, res: Response, next: NextFunction) => {
    if (!req.session.user) return res.redirect(303, signInFor(req));
    if (!req.session.identity) {
      if (req.method === 'GET') req.session.returnTo = localPath(req.originalUrl);
      return res.redirect(303, '/identity');
    }
    next();
  };

  const context: AppContext = {
    config,
    store,
    services,
    permits,
    formsInbox,
    sessionStore,
    sessionCookieName,
    log,
    requireUser,
    requireIdentity,
  };

  const origins = [config.PAY_BASE_URL, config.ONE_LOGIN_ISSUER, 'https://card.payments.service.gov.uk'].map(
    (u) => new URL(u).origin,
  );
  app.use(securityHeaders({ https: config.secureCookies, formActionOrigins: [...new Set(origins)] }));

  // Static assets first: no session, long cache.
  const dist = govukFrontendDist();
  app.use('/assets', express.static(join(dist, 'govuk', 'assets'), { maxAge: '1d' }));
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    app.get(`/assets/${file}`, (_req, res) =>
      res.sendFile(file, { root: join(dist, 'govuk'), maxAge: '1d' }),
    );
  }
  app.use('/public', express.static(join(packageRoot(), 'public'), { maxAge: '1h', index: false }));
  app.get('/health', (_req, res) => {
    db.prepare('SELECT 1').get();
    res.json({ ok: true });
  });

  // Server-to-server endpoints: before sessions and CSRF; they authenticate themselves.
  app.use(hookRoutes(context));
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.use(backChannelLogoutRoute(context));

  app.use(
    session({
      name: sessionCookieName,
      secret: config.SESSION_SECRET,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: SESSION_TTL_MS,
        path: '/',
      },
    }),
  );
  app.use(noStore);
  app.use(i18n({ secureCookies: config.secureCookies }));
  app.use(navigation());
  app.use(csrfProtection());
  app.use(flashMessages());

  app.use(inPersonRoutes(context));
  app.use(authRoutes(context));
  app.use(residentRoutes(context));
  app.use(infoPageRoutes(context));
  app.use(backOfficeRoutes(context));

  app.use((_req: Request, res: Response) => notFound(res));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error('request failed', { method: req.method, path: req.path, err });
    if (res.headersSent) return;
    res.status(500);
    if (req.method !== 'GET') res.locals.languageToggle = undefined;
    if (!res.locals.t) return res.type('text').send('Sorry, there is a problem with the service');
    res.render('error.njk', {
      title: res.locals.t('error.server.heading'),
      heading: 'error.server.heading',
      text: 'error.server.text',
    });
  });

  formsInbox.start(config.FORMS_POLL_INTERVAL_MS);
  const pruning = setInterval(() => sessionStore.pruneExpired(), 15 * 60 * 1000).unref();

  return {
    app,
    context,
    async close() {
      clearInterval(pruning);
      await formsInbox.stop();
      if (!deps.db) db.close();
    },
  };
}
