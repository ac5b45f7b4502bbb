import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { sql } from 'kysely';
import './http/session-types.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openDatabase } from './db/engine.js';
import { migrateToLatest, migrationsApplied } from './db/migrations.js';
import { Store } from './db/store.js';
import { BackOffice } from './domain/back-office.js';
import { DeliveryReceipts } from './domain/delivery-receipts.js';
import { FormsInbox } from './domain/forms-inbox.js';
import { Messages } from './domain/messages.js';
import { PermitApplications } from './domain/permits.js';
import { csrfProtection } from './http/csrf.js';
import { flashMessages } from './http/flash.js';
import { i18n } from './http/i18n.js';
import { navigation } from './http/navigation.js';
import { noStore, securityHeaders } from './http/security.js';
import { saveSessionBeforeRedirect } from './http/save-before-redirect.js';
import { DatabaseSessionStore } from './http/session-store.js';
import { SignInThrottle } from './http/throttle.js';
import { localPath } from './http/util.js';
import { configureViews, govukFrontendDist, packageRoot } from './http/views.js';
import { type JobHandlers, JobQueue } from './jobs/queue.js';
import { SharedRateLimiter } from './jobs/rate-limiter.js';
import { childLogger, consoleLogger, type Logger } from './logger.js';
import { paths } from './paths.js';
import { authRoutes, backChannelLogoutRoute } from './routes/auth.js';
import { backOfficeRoutes } from './routes/back-office.js';
import { hookRoutes } from './routes/hooks.js';
import { infoPageRoutes } from './routes/info-pages.js';
import { inPersonRoutes } from './routes/in-person.js';
import { notFound, residentRoutes } from './routes/resident.js';
import type { Services } from './services/ports.js';

export interface AppDependencies {
  /** The GOV.UK services; built from config and the store by default (see services/index.ts). */
  services: Services | ((store: Store) => Services);
  /** An open database (tests); by default DATABASE_URL, else the embedded PGlite in DATA_DIR. */
  database?: Database;
  log?: Logger;
  now?: () => Date;
}

export interface CouncilApp {
  app: express.Express;
  context: AppContext;
  store: Store;
  jobs: JobQueue;
  database: Database;
  /** Runs every queued message now, in this process (tests; workers do it on their own). */
  runJobs(): Promise<number>;
  /** Stops taking jobs (in-flight ones finish or are released), stops background work, closes the database. */
  close(): Promise<void>;
}

const SESSION_TTL_MS = 60 * 60 * 1000; // One Login sessions last an hour from the last interaction; so do ours.

/** Builds the app: opens and migrates the database, starts the job queue. No listening, no globals. */
export async function createApp(config: Config, deps: AppDependencies): Promise<CouncilApp> {
  const log = deps.log ?? consoleLogger;
  const database =
    deps.database ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.database.dataDir,
      poolSize: config.database.poolSize,
    }));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info('database migrated', { applied, engine: database.engine });
  const store = new Store(database.db, deps.now);
  const services = typeof deps.services === 'function' ? deps.services(store) : deps.services;
  const jobs = new JobQueue(database.pool, store, config.jobs, log);
  await jobs.start();

  const sessionStore = new DatabaseSessionStore(store, SESSION_TTL_MS);
  // Back-office sign-in: 5 failures from one address, or 10 against the account from anywhere, wait 15 minutes.
  const signInThrottle = new SignInThrottle(store.signInFailures, {
    perAddress: 5,
    perAccount: 10,
    windowMs: 15 * 60 * 1000,
  });
  // "__Host-" cookies must be Secure, host-only and path=/: the browser refuses them otherwise.
  const sessionCookieName = config.secureCookies ? '__Host-council-session' : 'council-session';

  const permits = new PermitApplications(store, jobs, services, config);
  const formsInbox = new FormsInbox(store, jobs, services, config, log);
  const limiter = new SharedRateLimiter(store.rateLimits, 'notify', config.notify.rateLimit);
  const messages = new Messages(store, services, config, limiter);
  const handlers: JobHandlers = {
    notify: (job, context) => messages.send(job, context),
    formsIngest: () => formsInbox.ingest(),
  };

  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, Express must believe X-Forwarded-Proto or it will never send the Secure cookie.
  if (config.TRUST_PROXY)
    app.set(
      'trust proxy',
      /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY,
    );
  configureViews(app);

  // Remember where a resident was going (e.g. back from Pay after their session expired) and go there after sign-in.
  // A visitor who is not signed in carries it to /auth/sign-in in the URL rather than in a new session, so a crawler
  // following links to protected pages creates no session rows; /auth/sign-in keeps it (through localPath).
  const signInFor = (req: Request) =>
    req.method === 'GET'
      ? `${paths.signIn}?returnTo=${encodeURIComponent(localPath(req.originalUrl))}`
      : paths.signIn;
  const requireUser = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.user) return next();
    res.redirect(303, signInFor(req));
  };
  const requireIdentity = (req: Request, res: Response, next: NextFunction) => {
    if (!req.session.user) return res.redirect(303, signInFor(req));
    if (!req.session.identity) {
      if (req.method === 'GET') req.session.returnTo = localPath(req.originalUrl);
      return res.redirect(303, paths.identity);
    }
    next();
  };

  const context: AppContext = {
    config,
    services,
    permits,
    formsInbox,
    backOffice: new BackOffice(store, jobs),
    deliveryReceipts: new DeliveryReceipts(store),
    sessionStore,
    signInThrottle,
    sessionCookieName,
    log,
    requireUser,
    requireIdentity,
  };

  // Every request gets an id (the load balancer's X-Request-Id when it sends a sane one), echoed in the response
  // and on every log line about it, and one access-log line when it ends.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.-]{8,128}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', requestId);
    res.locals.requestId = requestId;
    res.locals.log = childLogger(log, { requestId });
    const started = performance.now();
    res.on('finish', () => {
      if (req.path === paths.health || req.path === paths.ready) return;
      res.locals.log.info('request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    next();
  });

  const origins = [config.PAY_BASE_URL, config.ONE_LOGIN_ISSUER, 'https://card.payments.service.gov.uk'].map(
    (u) => new URL(u).origin,
  );
  app.use(securityHeaders({ https: config.secureCookies, formActionOrigins: [...new Set(origins)] }));

  // Static assets first: no session, long cache.
  const dist = govukFrontendDist();
  app.use(paths.assets, express.static(join(dist, 'govuk', 'assets'), { maxAge: '1d' }));
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    app.get(`${paths.assets}/${file}`, (_req, res) =>
      res.sendFile(file, { root: join(dist, 'govuk'), maxAge: '1d' }),
    );
  }
  app.use(paths.public, express.static(join(packageRoot(), 'public'), { maxAge: '1h', index: false }));

  // Liveness: the process answers. Readiness: it can do its work (database reachable, schema up to date) and is
  // not shutting down; a load balancer sends traffic only to ready instances.
  let shuttingDown = false;
  app.get(paths.health, (_req, res) => {
    res.json({ ok: true });
  });
  app.get(paths.ready, async (_req, res) => {
    const checks = { database: false, migrations: false, accepting: !shuttingDown };
    try {
      await sql`SELECT 1`.execute(database.db);
      checks.database = true;
      checks.migrations = await migrationsApplied(database.db);
    } catch (err) {
      log.warn('readiness check failed', { err });
    }
    const ready = checks.database && checks.migrations && checks.accepting;
    res.status(ready ? 200 : 503).json({ ready, ...checks, engine: database.engine });
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
      // No row for a visitor who has nothing to keep: a session is stored once something is put in it.
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
  app.use(saveSessionBeforeRedirect());
  app.use(noStore);
  app.use(i18n({ secureCookies: config.secureCookies, englishOnly: [paths.backOffice] }));
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
    (res.locals.log ?? log).error('request failed', { method: req.method, path: req.path, err });
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

  await jobs.work(handlers, config.jobs.pollIntervalMs);
  formsInbox.start(config.forms.pollIntervalMs);
  const pruning = setInterval(
    () =>
      Promise.all([sessionStore.pruneExpired(), signInThrottle.prune()]).catch((err) =>
        log.warn('pruning failed', { err }),
      ),
    15 * 60 * 1000,
  ).unref();

  let closed: Promise<void> | undefined;
  return {
    app,
    context,
    store,
    jobs,
    database,
    runJobs: () => jobs.drain(handlers),
    close() {
      closed ??= (async () => {
        shuttingDown = true;
        clearInterval(pruning);
        await formsInbox.stop();
        await jobs.stop(config.shutdownGraceMs);
        if (!deps.database) await database.close();
      })();
      return closed;
    },
  };
}
