import {
  APIResource,
  type Paginated,
  pathSegment,
  type RequestOptions,
  validateRequest,
} from '@council-sdk/core';
import { NotifyId } from '../schemas/common.js';
import { ListNotificationsQuery, Notification, NotificationList } from '../schemas/notifications.js';
import { olderThanPages } from './paging.js';

export class Notifications extends APIResource {
  /** One notification by id. GET /v2/notifications/{id}. */
  async get(id: string, options?: RequestOptions): Promise<Notification> {
    const notificationId = validateRequest(NotifyId, id, 'notification id');
    const path = `/v2/notifications/${pathSegment(notificationId, 'id')}`;
    return this._get(path, { response: Notification, context: 'GET /v2/notifications/{id}' }, options);
  }

  /**
   * Notifications, newest first, fetched lazily 250 at a time (Notify's page size) by `older_than`.
   * `status` and `template_type` may be lists. Notifications older than 7 days are not returned by Notify.
   */
  list(query: ListNotificationsQuery = {}, options?: RequestOptions): Paginated<Notification, string> {
    const q = validateRequest(ListNotificationsQuery, query, 'notifications query');
    return this._getCursorPaginated(
      '/v2/notifications',
      {
        query: {
          template_type: q.template_type,
          status: q.status,
          reference: q.reference,
          include_jobs: q.include_jobs,
        },
        response: NotificationList,
        cursorParam: 'older_than',
        start: q.older_than,
      },
      olderThanPages((page) => page.notifications),
      options,
    );
  }
}
