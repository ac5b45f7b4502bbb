import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { join } from 'node:path';
import type { NotifyFake } from '@council-sdk/notify/testing';
import type { OneLoginFake } from '@council-sdk/one-login/testing';
import type { PayFake } from '@council-sdk/pay/testing';
import { createMiddleware } from '@mswjs/http-middleware';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type ResolvedConfig, resolveConfig, type SandboxConfig } from './config.js';
import { buildEnv, type SandboxEnv, serviceUrls, toDotEnv } from './env.js';
import { faultRoutes } from './faults.js';
import { steeringEndpoints, steeringRoutes } from './steering/index.js';
import type { FormsSandboxFake } from './services/forms.js';
import { SERVICE_FACTORIES } from './services/index.js';
import type { SandboxContext, SandboxService, ServiceId } from './services/types.js';
import { emptyState, generateClientKeyPair, readStateFile, StatePersister, type StateFile } from './state.js';
import { createViews, govukFrontendDist } from './views.js';

export interface StartSandboxOptions {
  /** Port to listen on; 0 picks a free one (tests). Default 4000. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (the sandbox hands out credentials: keep it off the network). */
  host?: string;
  /** Public URL of the app under test; default http://127.0.0.1:3000. Overrides `config.appBaseUrl`. */
  appBaseUrl?: string;
  /** JSON file the state is saved to and restored from. Default: memory only. */
  stateFile?: string;
  /** Configuration (same shape as the SANDBOX_CONFIG file). */
  config?: SandboxConfig;
}

export interface SandboxFakes {
  notify: NotifyFake;
  pay: PayFake;
  oneLogin: OneLoginFake;
  forms: FormsSandboxFake;
}

export interface Sandbox {
  /** Origin, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** What `GET /__env` answers. */
  env: SandboxEnv;
  config: ResolvedConfig;
  /** The fakes themselves, to steer from a test exactly as their own tests do. */
  fakes: SandboxFakes;
  services: SandboxService[];
  /** Forget all state (what `POST /__reset` does). */
  reset(): Promise<void>;
  /** Write the state file now (no-op without one). */
  save(): Promise<void>;
  close(): Promise<void>;
}

const SERVICE_PREFIXES = ['/notify', '/pay', '/one-login', '/s3', '/forms-api'];

function isServicePath(path: string): boolean {
  return SERVICE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const config = resolveConfig(
    options.config ?? {},
    options.appBaseUrl === undefined ? {} : { appBaseUrl: options.appBaseUrl },
  );
  const stored = options.stateFile ? await readStateFile(options.stateFile) : undefined;
  const state: StateFile = stored ?? emptyState();

  // Clients without their own public key get a generated pair, kept in the state file so the app's
  // ONE_LOGIN_PRIVATE_KEY stays valid across restarts.
  for (const client of config.oneLogin.clients) {
    if (!client.publicKeyPem && !state.keys[client.clientId])
      state.keys[client.clientId] = generateClientKeyPair();
  }

  const server: Server = createServer();
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${address.port}`;
  const canonicalHost = new URL(url).host;

  const views = createViews();
  const pending = new Set<Promise<unknown>>();
  let persister: StatePersister | undefined;
  let services: SandboxService[] = [];

  const ctx: SandboxContext = {
    url,
    config,
    keys: state.keys,
    render(res, view, locals = {}) {
      const flash =
        typeof res.req.query['flash'] === 'string'
          ? {
              text: res.req.query['flash'],
              type: res.req.query['type'] === 'important' ? 'important' : 'success',
            }
          : undefined;
      views.render(view, { flash, ...locals }, (error, html) => {
        if (error) {
          res.status(500).type('text/plain').send(`Template error in ${view}: ${error.message}`);
          return;
        }
        res.type('html').send(html);
      });
    },
    flash(res, to, text, type = 'success') {
      const target = new URL(to, url);
      target.searchParams.set('flash', text);
      if (type !== 'success') target.searchParams.set('type', type);
      res.redirect(303, target.pathname + target.search);
    },
    changed() {
      persister?.schedule();
    },
    async track(work) {
      pending.add(work);
      try {
        return await work;
      } finally {
        pending.delete(work);
        persister?.schedule();
      }
    },
  };

  for (const factory of SERVICE_FACTORIES) {
    const service = await factory(ctx);
    const snapshot = state.fakes[service.id];
    if (snapshot !== undefined) {
      try {
        service.restore(snapshot);
      } catch (error) {
        // A snapshot from an older fake version must not stop the sandbox: start that service clean.
        console.warn(
          `sandbox: could not restore ${service.id} state (${(error as Error).message}); starting clean`,
        );
        service.reset();
      }
    }
    services.push(service);
  }
  services = services.sort(
    (a, b) => SERVICE_ORDER.indexOf(a.id) - SERVICE_ORDER.indexOf(b.id) || a.id.localeCompare(b.id),
  );

  let envOverrides: Record<string, string> = {};
  for (const s of services) envOverrides = { ...envOverrides, ...s.env() };
  const env = buildEnv(url, config, state.keys, envOverrides);

  if (options.stateFile) {
    persister = new StatePersister(options.stateFile, () => ({
      ...state,
      fakes: Object.fromEntries(services.map((s) => [s.id, s.snapshot()])),
    }));
    // Save once at start so the generated key pair is on disk before anyone copies the env.
    await persister.flush();
    persister.startPeriodicSave();
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // DNS rebinding: a web page on a name that resolves to 127.0.0.1 could otherwise read /__env (the private key)
  // or call /__reset and /__faults. Answer only requests addressed to this machine's own names or the configured
  // host; the port is not checked (a proxy in front may change it).
  const ownHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (options.host && !['0.0.0.0', '::'].includes(options.host)) {
    ownHosts.add(
      options.host.includes(':') ? `[${options.host.replace(/^\[|\]$/g, '')}]` : options.host.toLowerCase(),
    );
  }
  app.use((req, res, next) => {
    let hostname: string | undefined;
    try {
      hostname = req.headers.host ? new URL(`http://${req.headers.host}`).hostname : undefined;
    } catch {
      hostname = undefined;
    }
    if (hostname && ownHosts.has(hostname)) {
      next();
      return;
    }
    res
      .status(403)
      .type('text/plain')
      .send('The sandbox answers only requests to 127.0.0.1, localhost or [::1].');
  });

  // Any request may change a fake (even a GET: next_url works once), so every finished response schedules a save.
  app.use((_req, res, next) => {
    res.on('finish', () => persister?.schedule());
    next();
  });

  app.use(
    '/govuk-frontend',
    express.static(join(govukFrontendDist, 'govuk'), { index: false, maxAge: '1h' }),
  );
  app.use(
    '/assets',
    express.static(join(govukFrontendDist, 'govuk', 'assets'), { index: false, maxAge: '1h' }),
  );

  // Refuse cross-site form posts to the dashboard (a page on another origin POSTing to localhost);
  // curl and other non-browser clients send no Sec-Fetch-Site and are let through.
  // Service pages are exempt: a service posts `next_url_post` (POST /pay/secure) from its own origin, as with Pay.
  const sameSiteOnly = (req: Request, res: Response, next: NextFunction) => {
    const site = req.get('sec-fetch-site');
    const dashboard = req.path.startsWith('/dashboard/') || req.path.startsWith('/__');
    if (dashboard && req.method !== 'GET' && site && site !== 'same-origin' && site !== 'none') {
      res.status(403).type('text/plain').send('Cross-site requests to the sandbox dashboard are refused.');
      return;
    }
    next();
  };

  // Sandbox-owned pages first (some live under a service prefix, e.g. the hosted card page), so their form
  // bodies are read by express and not by the msw adapter.
  // No body parser at router level: it would eat the bodies of API requests on their way to the msw handlers.
  // Each sandbox POST route reads its own form body with `formBody`.
  const pages = express.Router();
  pages.use(sameSiteOnly);
  for (const service of services) service.routes(pages);
  app.use(pages);

  // The fakes' own msw handlers, served as they are. Handlers match on the full URL they were built from, so the
  // Host header is pinned to the canonical one: `localhost:4000` and `127.0.0.1:4000` reach the same fake.
  const msw = createMiddleware(...services.flatMap((s) => s.handlers));
  app.use((req, res, next) => {
    if (!isServicePath(req.path)) {
      next();
      return;
    }
    req.headers.host = canonicalHost;
    void msw(req as never, res as never, next);
  });

  app.use(
    sameSiteOnly,
    faultRoutes(() => Object.assign({}, ...services.map((s) => s.faults))),
  );
  // `/__steer/<service>/...`: the fakes' steering API over HTTP, under the same dashboard protections.
  const fakes = Object.fromEntries(services.map((s) => [s.id, s.fake])) as unknown as SandboxFakes;
  app.use(sameSiteOnly, steeringRoutes(steeringEndpoints(fakes)));

  // For scripts and CI: wait for this before running tests against the sandbox.
  app.get('/__health', (_req, res) => {
    res.json({ status: 'ok', services: services.map((s) => s.id) });
  });
  app.get('/__env', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(env);
  });

  app.post('/__reset', sameSiteOnly, express.urlencoded({ extended: false }), async (req, res) => {
    const only = typeof req.query['service'] === 'string' ? req.query['service'] : undefined;
    const reset = await doReset(only);
    const redirect = typeof req.body?.redirect === 'string' ? req.body.redirect : undefined;
    if (redirect?.startsWith('/') && !redirect.startsWith('//')) {
      ctx.flash(res, redirect, only ? `${only} was reset.` : 'Every service was reset.');
      return;
    }
    res.json({ reset });
  });

  app.get('/', (_req, res) => {
    ctx.render(res, 'index.njk', {
      title: 'Overview',
      section: 'overview',
      serviceRows: overviewRows(),
      envText: toDotEnv(env),
      stateFile: options.stateFile,
    });
  });

  app.use((req, res) => {
    if (isServicePath(req.path) || !req.accepts('html')) {
      res.status(404).json({ error: 'not_found', message: `No sandbox route for ${req.method} ${req.path}` });
      return;
    }
    res.status(404);
    ctx.render(res, 'error.njk', {
      title: 'Page not found',
      heading: 'Page not found',
      message: `There is no sandbox page at ${req.path}.`,
    });
  });

  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    console.error('sandbox: unhandled error:', error.message);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(500).json({ error: 'sandbox_error', message: error.message });
  });

  server.on('request', app);

  function overviewRows() {
    const urls = serviceUrls(url);
    const known: { id: ServiceId; title: string; baseUrl: string; dashboard: string }[] = [
      { id: 'notify', title: 'GOV.UK Notify', baseUrl: urls.notify, dashboard: '/dashboard/notify' },
      { id: 'pay', title: 'GOV.UK Pay', baseUrl: urls.pay, dashboard: '/dashboard/pay' },
      {
        id: 'oneLogin',
        title: 'GOV.UK One Login',
        baseUrl: urls.oneLoginIssuer,
        dashboard: '/dashboard/one-login',
      },
      {
        id: 'forms',
        title: 'GOV.UK Forms (S3 + form documents)',
        baseUrl: urls.s3,
        dashboard: '/dashboard/forms',
      },
    ];
    return known.map((k) => {
      const service = services.find((s) => s.id === k.id);
      return [
        { html: `<a class="govuk-link" href="${k.dashboard}">${k.title}</a>` },
        { html: `<code>${service?.baseUrl ?? k.baseUrl}</code>` },
        {
          html: service
            ? '<strong class="govuk-tag govuk-tag--green">Running</strong>'
            : '<strong class="govuk-tag govuk-tag--grey">Not available</strong>',
        },
        { text: service ? service.summary() : 'This fake is not part of this build yet.' },
      ];
    });
  }

  async function doReset(only?: string): Promise<string[]> {
    const chosen = services.filter((s) => !only || s.id === only || s.prefix === `/${only}`);
    for (const s of chosen) s.reset();
    await persister?.flush();
    return chosen.map((s) => s.id);
  }

  const handle: Sandbox = {
    url,
    env,
    config,
    fakes,
    services,
    reset: async () => {
      await doReset();
    },
    save: async () => {
      await persister?.flush();
    },
    async close() {
      // Dashboard actions wait for at most one callback attempt (5 s); do not wait longer than that.
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise((r) => setTimeout(r, 6_000).unref()),
      ]);
      await persister?.close();
      for (const s of services) s.close?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  // `env` and `config` hold the sandbox's (test-only) API keys, secrets and the generated private key: they are
  // there to be handed to an app, not to end up in a log line because someone printed the handle.
  const describe = () => ({ url, services: services.map((s) => s.id), stateFile: options.stateFile ?? null });
  Object.defineProperty(handle, 'toJSON', { value: describe, enumerable: false });
  Object.defineProperty(handle, inspect.custom, {
    value: () => `Sandbox ${JSON.stringify(describe())}`,
    enumerable: false,
  });
  return handle;
}

const SERVICE_ORDER: ServiceId[] = ['notify', 'pay', 'oneLogin', 'forms'];
