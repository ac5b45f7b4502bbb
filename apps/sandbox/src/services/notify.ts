import {
  createNotifyFake,
  type InternalStatus,
  type NotifyFake,
  type NotifyFakeSnapshot,
} from '@council-sdk/notify/testing';
import { FINAL_NOTIFICATION_STATUSES } from '@council-sdk/notify';
import { serviceUrls } from '../env.js';
import { formatMessageBody } from '../notify-format.js';
import { formBody, type SandboxContext, type SandboxService } from './types.js';

/** The statuses a person can move a message to from the inbox (each final one fires the callback). */
const ACTIONS: { status: InternalStatus; label: string }[] = [
  { status: 'delivered', label: 'Delivered' },
  { status: 'permanent-failure', label: 'Permanent failure' },
  { status: 'temporary-failure', label: 'Temporary failure' },
  { status: 'technical-failure', label: 'Technical failure' },
];

const FINAL: ReadonlySet<string> = new Set(FINAL_NOTIFICATION_STATUSES);

const STATUS_CLASSES: Record<string, string> = {
  created: 'govuk-tag--grey',
  sending: 'govuk-tag--light-blue',
  pending: 'govuk-tag--light-blue',
  sent: 'govuk-tag--light-blue',
  accepted: 'govuk-tag--light-blue',
  delivered: 'govuk-tag--green',
  received: 'govuk-tag--green',
  'permanent-failure': 'govuk-tag--red',
  'temporary-failure': 'govuk-tag--orange',
  'technical-failure': 'govuk-tag--red',
};

const TYPE_LABELS = { email: 'Email', sms: 'Text message', letter: 'Letter' } as const;

export function createNotifyService(ctx: SandboxContext): SandboxService<NotifyFake> {
  const { config } = ctx;
  const baseUrl = serviceUrls(ctx.url).notify;
  const callback = config.notify.callback;
  const fake = createNotifyFake({
    baseUrl,
    service: { id: config.notify.serviceId, name: config.notify.serviceName },
    // Notify calls live keys "normal" in its admin pages and `live` in the API's key types.
    apiKeys: config.notify.apiKeys.map((k) => ({
      name: k.name,
      type: k.type === 'normal' ? 'live' : k.type,
      secret: k.secret,
    })),
    templates: config.notify.templates.map((t) => ({
      id: t.id,
      name: t.name,
      type: t.type,
      ...(t.subject !== undefined ? { subject: t.subject } : {}),
      body: t.body,
      created_by: 'Council sandbox',
    })),
    delivery: config.notify.delivery,
    ...(callback
      ? { callbacks: { deliveryStatus: { url: callback.url, bearer_token: callback.bearerToken } } }
      : {}),
  });
  // What the configuration says; a restored snapshot keeps its messages but takes keys and service from here.
  const configured = fake.snapshot();

  const attemptsFor = (id: string) =>
    fake.callbacks.attempts().filter((a) => (a.payload as { id?: string } | undefined)?.id === id);

  const templateName = (id: string, version: number) => {
    const t = fake.templates.list().find((x) => x.id === id);
    return t?.versions.find((v) => v.version === version)?.name ?? t?.versions.at(-1)?.name ?? id;
  };

  return {
    id: 'notify',
    title: 'GOV.UK Notify',
    prefix: '/notify',
    baseUrl,
    dashboard: '/dashboard/notify',
    fake,
    handlers: fake.handlers,
    faults: { notify: fake.faults },
    env: () => ({}),
    summary() {
      const n = fake.inbox().length;
      return `${fake.templates.list().length} templates, ${n} message${n === 1 ? '' : 's'} sent`;
    },
    snapshot: () => fake.snapshot(),
    restore(snapshot) {
      const s = snapshot as NotifyFakeSnapshot;
      if (s?.service !== 'notify' || !s.state?.model) throw new Error('Not a Notify fake snapshot');
      const saved = s.state.model;
      const byId = new Map(saved.templates.map((t) => [t.id, t]));
      // Templates: the snapshot's versions (messages refer to them), plus any the config added since.
      for (const t of configured.state.model.templates) if (!byId.has(t.id)) byId.set(t.id, t);
      // The snapshot is the fake's documented, versioned state: keys and service come from the configuration.
      fake.restore({
        ...s,
        state: {
          ...s.state,
          model: {
            ...saved,
            service: configured.state.model.service,
            apiKeys: configured.state.model.apiKeys,
            callbacks: configured.state.model.callbacks,
            templates: [...byId.values()],
          },
        },
      });
      // A template whose text changed in the config gets a new version, as editing it in Notify would.
      for (const t of config.notify.templates) {
        const current = fake.templates
          .list()
          .find((x) => x.id === t.id)
          ?.versions.at(-1);
        if (
          current &&
          (current.body !== t.body || (current.subject ?? undefined) !== t.subject || current.name !== t.name)
        ) {
          fake.templates.update(t.id, {
            name: t.name,
            body: t.body,
            ...(t.subject !== undefined ? { subject: t.subject } : {}),
          });
        }
      }
    },
    reset: () => fake.reset(),
    // Pending callback retries (every 5 minutes) must not keep a stopped sandbox alive: state is saved by now.
    close: () => fake.reset(),
    routes(router) {
      router.get('/dashboard/notify', (_req, res) => {
        const attempts = fake.callbacks.attempts();
        const notifications = fake
          .inbox()
          .reverse()
          .map((n) => {
            const unsubscribeUrl =
              n.type === 'email'
                ? (fake.notification(n.id)?.one_click_unsubscribe_url ?? undefined)
                : undefined;
            return {
              ...n,
              // As the recipient sees it: Notify's email HTML, its letter preview, or a plain text message.
              bodyHtml: formatMessageBody(n.type, n.body, { unsubscribeUrl }),
              unsubscribeUrl,
              typeLabel: TYPE_LABELS[n.type],
              statusClass: STATUS_CLASSES[n.status] ?? 'govuk-tag--grey',
              templateName: templateName(n.template_id, n.template_version),
              templateVersion: n.template_version,
              personalisation: Object.entries(n.personalisation).map(([key, value]) => ({
                key: { text: key },
                value: { text: typeof value === 'string' ? value : JSON.stringify(value) },
              })),
              callbacks: attempts
                .filter((a) => (a.payload as { id?: string; notification_id?: string })?.id === n.id)
                .map(
                  (a) =>
                    `${a.at}: ${a.kind} "${(a.payload as { status?: string }).status ?? ''}" to ${a.url} (attempt ${a.attempt}) – ${a.status ? `HTTP ${a.status}` : `failed: ${a.error ?? 'no answer'}`}`,
                ),
              actions: FINAL.has(n.status) ? [] : ACTIONS,
            };
          });
        ctx.render(res, 'notify/inbox.njk', {
          title: 'Notify inbox',
          section: 'notify',
          baseUrl,
          callbackUrl: callback?.url,
          notifications,
          receivedTexts: [...fake.receivedTexts.list()].reverse(),
          templateRows: fake.templates
            .list()
            .map((t) => [
              { text: t.versions.at(-1)?.name ?? '' },
              { text: TYPE_LABELS[t.type] },
              { html: `<code>${t.id}</code>` },
            ]),
        });
      });

      router.post('/dashboard/notify/received-texts', formBody, async (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const userNumber = String(body['user_number'] ?? '').trim();
        const content = String(body['content'] ?? '').trim();
        if (!userNumber || !content) {
          ctx.flash(res, '/dashboard/notify', 'Enter the phone number and the message.', 'important');
          return;
        }
        await ctx.track(fake.receivedTexts.add({ user_number: userNumber, content }));
        ctx.flash(res, '/dashboard/notify', `Text from ${userNumber} received by the service.`);
      });

      // RFC 8058 one-click unsubscribe: the POST a mail client makes to the email's List-Unsubscribe URL.
      router.post('/dashboard/notify/:id/unsubscribe', async (req, res) => {
        const id = String(req.params['id']);
        if (!fake.notification(id)?.one_click_unsubscribe_url) {
          ctx.flash(res, '/dashboard/notify', 'This message has no one-click unsubscribe link.', 'important');
          return;
        }
        const attempt = await ctx.track(fake.unsubscribe(id));
        const outcome = attempt.status
          ? `HTTP ${attempt.status}`
          : `failed (${attempt.error ?? 'no answer'})`;
        ctx.flash(res, '/dashboard/notify', `Unsubscribe request sent to ${attempt.url}: ${outcome}.`);
      });

      router.post('/dashboard/notify/:id/status', formBody, async (req, res) => {
        const id = String(req.params['id']);
        const status = String((req.body as Record<string, unknown>)?.['status'] ?? '');
        const action = ACTIONS.find((a) => a.status === status);
        if (!action || !fake.notification(id)) {
          ctx.flash(res, '/dashboard/notify', 'No such message or status.', 'important');
          return;
        }
        // Moving to a final status sends the delivery-status callback (5 s timeout, then retries every 5 minutes
        // when the service fails). Wait for the first attempt only, so the page can say how the service answered.
        // (advance() resolves once that first attempt has its answer)
        const work = fake.advance(id, action.status).catch(() => undefined);
        await ctx.track(Promise.race([work, new Promise((resolve) => setTimeout(resolve, 6_000).unref())]));
        const moved = fake.notification(id);
        const last = attemptsFor(id).at(-1);
        const outcome = !callback
          ? 'No callback is configured.'
          : last
            ? `Callback to ${last.url}: ${last.status ? `HTTP ${last.status}` : `failed (${last.error ?? 'no answer'})`}.`
            : 'No callback was sent.';
        ctx.flash(res, '/dashboard/notify', `Message moved to ${moved?.status ?? status}. ${outcome}`);
      });
    },
  };
}
