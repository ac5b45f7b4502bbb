/**
 * Templates: versions, reading, listing and previews (notifications-api `app/v2/template/get_template.py`,
 * `post_template.py`, `app/v2/templates/get_templates.py`, `app/v2/template/template_schemas.py`).
 */
import { badRequest, notFound } from './errors.js';
import { emailHtml, missingPersonalisation, placeholdersOf, render, renderSubject } from './render.js';
import type { NotifyStore } from './store.js';
import {
  type NotificationType,
  notifyDate,
  type TemplateChanges,
  type TemplateRecord,
  type TemplateSeed,
  type TemplateVersion,
} from './types.js';

export function newTemplate(seed: TemplateSeed & { id: string }, now: Date): TemplateRecord {
  return {
    id: seed.id,
    type: seed.type,
    archived: false,
    versions: [
      {
        version: 1,
        name: seed.name,
        subject: seed.type === 'sms' ? null : (seed.subject ?? ''),
        body: seed.body,
        created_at: notifyDate(now),
        created_by: seed.created_by ?? 'fake.user@example.gov.uk',
        postage: seed.type === 'letter' ? (seed.postage ?? 'second') : null,
        letter_contact_block: seed.type === 'letter' ? (seed.letter_contact_block ?? null) : null,
      },
    ],
  };
}

export function createTemplate(store: NotifyStore, seed: TemplateSeed): TemplateRecord {
  const record = newTemplate({ ...seed, id: seed.id ?? crypto.randomUUID() }, store.now());
  const existing = store.templatesById.get(record.id.toLowerCase());
  if (existing) store.state.templates = store.state.templates.filter((t) => t !== existing);
  store.state.templates.push(record);
  store.templatesById.set(record.id.toLowerCase(), record);
  return structuredClone(record);
}

/** A new version of a template (what editing it in Notify does). */
export function updateTemplate(store: NotifyStore, id: string, changes: TemplateChanges): TemplateRecord {
  const t = store.templatesById.get(id.toLowerCase());
  if (!t) throw notFound();
  const latest = t.versions.at(-1)!;
  t.versions.push({
    ...latest,
    version: latest.version + 1,
    name: changes.name ?? latest.name,
    subject: changes.subject ?? latest.subject,
    body: changes.body ?? latest.body,
    postage: changes.postage ?? latest.postage,
    letter_contact_block: changes.letter_contact_block ?? latest.letter_contact_block,
    created_at: notifyDate(store.now()),
  });
  return structuredClone(t);
}

/** Delete a template in the admin app: it stays readable by id, but cannot be sent or previewed. */
export function archiveTemplate(store: NotifyStore, id: string): void {
  const t = store.templatesById.get(id.toLowerCase());
  if (!t) throw notFound();
  t.archived = true;
}

export function latestVersion(t: TemplateRecord): TemplateVersion {
  return t.versions.at(-1)!;
}

/** The template response (`Template.serialize_for_v2`). */
export function serializeTemplate(t: TemplateRecord, v: TemplateVersion) {
  const personalisation: Record<string, { required: true }> = {};
  for (const p of placeholdersOf(v.subject, v.body)) personalisation[p] = { required: true };
  return {
    id: t.id,
    name: v.name,
    type: t.type,
    created_at: t.versions[0]!.created_at,
    updated_at: v.version > 1 ? v.created_at : null,
    created_by: v.created_by,
    version: v.version,
    body: v.body,
    subject: v.subject,
    postage: v.postage,
    letter_contact_block: v.letter_contact_block,
    personalisation,
  };
}

/** GET /v2/template/{id}[/version/{n}]: the id is already a UUID, the version an integer. */
export function getTemplate(store: NotifyStore, id: string, version?: number) {
  const t = store.templatesById.get(id.toLowerCase());
  if (!t) throw notFound();
  const v = version === undefined ? latestVersion(t) : t.versions.find((x) => x.version === version);
  if (!v) throw notFound();
  return serializeTemplate(t, v);
}

const byName = new Intl.Collator('en');

/** GET /v2/templates: the latest version of every template not deleted. */
export function listTemplates(store: NotifyStore, type?: NotificationType) {
  return {
    // dao_get_all_templates_for_service: ordered by name, then type (the database's collation: English here)
    templates: store.state.templates
      .filter((t) => !t.archived && (type === undefined || t.type === type))
      .map((t) => ({ t, v: latestVersion(t) }))
      .sort((a, b) => byName.compare(a.v.name, b.v.name) || byName.compare(a.t.type, b.t.type))
      .map(({ t, v }) => serializeTemplate(t, v)),
  };
}

/** POST /v2/template/{id}/preview: a deleted template can still be previewed (the DAO does not filter them). */
export function previewTemplate(store: NotifyStore, id: string, personalisation: Record<string, unknown>) {
  const t = store.templatesById.get(id.toLowerCase());
  if (!t) throw notFound();
  const v = latestVersion(t);
  const missing = missingPersonalisation(personalisation, v.subject, v.body);
  if (missing.length) throw badRequest(`Missing personalisation: ${missing.join(', ')}`);
  const rendered = render(v.body, personalisation, t.type);
  return {
    id: t.id,
    type: t.type,
    version: v.version,
    body: rendered,
    html: t.type === 'email' ? emailHtml(rendered) : null,
    subject: t.type === 'sms' ? null : renderSubject(v.subject, personalisation, t.type),
    postage: v.postage,
  };
}
