/** Text messages users send to the service's inbound number (`app/v2/inbound_sms/get_inbound_sms.py`). */
import { randomUUID } from 'node:crypto';
import { parsePhoneNumber } from './recipients.js';
import { nextSeq, type NotifyStore, urlOf } from './store.js';
import { notifyDate, type ReceivedTextRecord } from './types.js';
import { PAGE_SIZE } from './notifications.js';

export interface ReceivedTextInput {
  user_number: string;
  content: string;
  notify_number?: string;
  created_at?: Date;
}

/** A text arrives: the user's number is stored normalised (`447700900123`), as the providers' callbacks give it. */
export function receiveText(store: NotifyStore, input: ReceivedTextInput): ReceivedTextRecord {
  let user = input.user_number;
  try {
    user = parsePhoneNumber(input.user_number).normalised;
  } catch {
    // kept as given: the providers pass on whatever the network sent
  }
  const record: ReceivedTextRecord = {
    id: randomUUID(),
    seq: nextSeq(store),
    user_number: user,
    notify_number: input.notify_number ?? store.state.service.inbound_number,
    content: input.content,
    created_at: notifyDate(input.created_at ?? store.now()),
  };
  store.state.receivedTexts.push(record);
  return structuredClone(record);
}

const serialize = (store: NotifyStore, r: ReceivedTextRecord) => ({
  id: r.id,
  user_number: r.user_number,
  notify_number: r.notify_number,
  created_at: r.created_at,
  service_id: store.state.service.id,
  content: r.content,
});

/** GET /v2/received-text-messages: newest first, 250 a page. */
export function listReceivedTexts(store: NotifyStore, olderThan: string | undefined) {
  // get_inbound_sms `_build_links`: `current` is the bare URL whatever the query, `next` carries older_than only
  const links: Record<string, string> = { current: urlOf(store, '/v2/received-text-messages') };
  const all = store.state.receivedTexts;
  let cutoff: ReceivedTextRecord | undefined;
  if (olderThan !== undefined) {
    cutoff = all.find((r) => r.id === olderThan.toLowerCase());
    if (!cutoff) return { received_text_messages: [], links };
  }
  const page: ReceivedTextRecord[] = [];
  for (let i = all.length - 1; i >= 0 && page.length < PAGE_SIZE; i--) {
    const r = all[i]!;
    if (cutoff && r.seq >= cutoff.seq) continue;
    page.push(r);
  }
  const last = page.at(-1);
  if (last) links.next = urlOf(store, '/v2/received-text-messages', [['older_than', last.id]]);
  return { received_text_messages: page.map((r) => serialize(store, r)), links };
}
