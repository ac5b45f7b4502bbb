/**
 * Validation against the published OpenAPI files in the repository's specs/notify with ajv.
 *
 * Known errata of the published spec (the server code, alphagov/notifications-api, is what the service sends):
 * - `sent_at`, `completed_at` and `cost_in_pounds` are typed non-nullable, but the server sends null until the
 *   message is sent/completed and the cost is known; `reference` is null when none was given; the returned-letter
 *   callback's `sent_by` and spreadsheet/upload fields are null for letters sent through the API;
 * - OpenAPI 3.0 `nullable: true` next to an `enum` is read as allowing null (e.g. `postage` of a text message);
 * - the `oneOf` lists (notification, template, letter response) are not mutually exclusive (no required fields,
 *   overlapping enums), so a body is validated against the branch for its type instead of "exactly one".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SPEC_DIR = join(__dirname, '../../../specs/notify');

const NULLABLE = [
  'sent_at',
  'completed_at',
  'cost_in_pounds',
  'reference',
  // returned-letter callback: null unless the letter came from a spreadsheet/upload ("hello@gov.uk or null")
  'sent_by',
  'spreadsheet_file_name',
  'spreadsheet_row_number',
  'upload_letter_file_name',
];

function patch(node: unknown, key?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => patch(n));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = patch(v, k);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  if (key && NULLABLE.includes(key) && out.type) out.nullable = true;
  return out;
}

const raw = JSON.parse(readFileSync(join(SPEC_DIR, 'schema.json'), 'utf8'));
const patched = patch(raw) as Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('float', true);
ajv.addFormat('binary', true);
ajv.addSchema(patched, 'schema.json');

const cache = new Map<string, ValidateFunction>();
function validator(pointer: string): ValidateFunction {
  let v = cache.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `schema.json#/components/schemas/${pointer}` });
    cache.set(pointer, v);
  }
  return v;
}

/** Branch index of a oneOf schema by its `title` (or by a predicate). */
function branch(name: string, title: string): string {
  const s = (
    patched.components as { schemas: Record<string, { oneOf: Array<{ title?: string; $ref?: string }> }> }
  ).schemas[name]!;
  const i = s.oneOf.findIndex((b) => b.title === title || b.$ref?.endsWith(`/${title}`));
  if (i < 0) throw new Error(`no branch ${title} in ${name}`);
  return `${name}/oneOf/${i}`;
}

/** Errors (empty when valid) of `data` against a component schema; oneOf schemas pick the branch by `type`. */
export function specErrors(name: string, data: unknown): string[] {
  let pointer = name;
  const d = data as Record<string, unknown>;
  if (name === 'GetOneMessageResponse') {
    const precompiled = d.type === 'letter' && d.template && d.subject === 'Pre-compiled PDF';
    pointer = branch(name, precompiled ? 'precompiled letter' : String(d.type));
  } else if (name === 'TemplateResponse') {
    pointer = branch(name, String(d.type));
  } else if (name === 'SendLetterResponse') {
    pointer = branch(name, 'content' in d ? 'SendNormalLetterResponse' : 'SendPrecompiledLetterResponse');
  } else if (name === 'SendLetterRequest') {
    pointer = branch(name, 'content' in d ? 'SendPrecompiledLetterRequest' : 'SendNormalLetterRequest');
  }
  const v = validator(pointer);
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Validate every item of a list response against the item schema too. */
export function listSpecErrors(data: { notifications?: unknown[] }): string[] {
  return [
    ...specErrors('GetMultipleMessagesResponse', { ...data, notifications: [] }),
    ...(data.notifications ?? []).flatMap((n) => specErrors('GetOneMessageResponse', n)),
  ];
}
