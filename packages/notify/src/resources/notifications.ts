import { Paginated, validateRequest, pathSegment } from '@council-sdk/core';
import { NotifyId } from '../schemas/common.js';
import { ListNotificationsQuery, Notification, NotificationList } from '../schemas/notifications.js';
import { type CallOptions, callOptions, type ResourceContext } from './base.js';

export class Notifications {
  readonly #ctx: ResourceContext;
  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /** One notification by id. GET /v2/notifications/{id}. */
  async get(id: string, options?: CallOptions): Promise<Notification> {
    const notificationId = validateRequest(NotifyId, id, 'notification id');
    const res = await this.#ctx.http.request({
      method: 'GET',
      path: `/v2/notifications/${pathSegment(notificationId, 'id')}`,
      ...callOptions(options),
    });
    return this.#ctx.http.parse(Notification, res.data, 'GET /v2/notifications/{id}');
  }

  /**
   * Notifications, newest first, fetched lazily 250 at a time (Notify's page size) by `older_than`.
   * `status` and `template_type` may be lists. Notifications older than 7 days are not returned by Notify.
   */
  list(query: ListNotificationsQuery = {}, options?: CallOptions): Paginated<Notification, string> {
    const q = validateRequest(ListNotificationsQuery, query, 'notifications query');
    const base = {
      template_type: q.template_type,
      status: q.status,
      reference: q.reference,
      include_jobs: q.include_jobs,
    };
    return new Paginated<Notification, string>(
      async (cursor, signal) => {
        const res = await this.#ctx.http.request({
          method: 'GET',
          path: '/v2/notifications',
          query: { ...base, older_than: cursor ?? q.older_than },
          ...callOptions(options),
          ...(signal ? { signal } : {}),
        });
        const page = this.#ctx.http.parse(NotificationList, res.data, 'GET /v2/notifications');
        const last = page.notifications.at(-1);
        // Notify sends links.next only when the page was not empty; an empty page is the end.
        return { items: page.notifications, next: page.links.next && last ? last.id : undefined };
      },
      options?.signal ? { signal: options.signal } : {},
    );
  }
}
