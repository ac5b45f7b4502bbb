import type { Store } from '../db/store.js';
import { isNotifyStatusNewer } from './permit.js';

export type ReceiptOutcome = 'updated' | 'duplicate' | 'stale' | 'unknown';

/**
 * GOV.UK Notify delivery-status callbacks. Idempotent by (notification id, status) across instances (the event id
 * is a unique row, written in the same transaction as the status); statuses never go backwards.
 */
export class DeliveryReceipts {
  constructor(private readonly store: Store) {}

  apply(notificationId: string, status: string): Promise<ReceiptOutcome> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.processedEvents.mark('notify', `${notificationId}:${status}`))) return 'duplicate';
      const current = await tx.notifications.getStatus(notificationId);
      if (current === undefined) return 'unknown';
      if (!isNotifyStatusNewer(current, status)) return 'stale';
      await tx.notifications.setStatus(notificationId, status);
      return 'updated';
    });
  }
}
