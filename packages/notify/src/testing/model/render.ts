/**
 * Template rendering rules of Notify (notifications-utils), reduced to what the API exposes:
 * `((name))` placeholders, `((name??optional text))` conditionals, case/space/underscore/hyphen-insensitive keys,
 * lists as bullet points (email, letter) or "a, b and c" (text messages).
 */

/**
 * A string for any JSON value. `String(v)` can throw on parsed JSON (`{"toString": ""}` shadows the method),
 * and the fake must answer hostile bodies with a 400, not crash.
 */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${v}`;
  if (v === null || v === undefined) return '';
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

const PLACEHOLDER = /\(\(([^()]+?)\)\)/g;

/** Notify matches personalisation keys ignoring case, spaces, underscores and hyphens. */
export function normaliseKey(key: string): string {
  return key.replace(/[\s_-]/g, '').toLowerCase();
}

/** Placeholder names in order of first appearance (as written in the template). */
export function placeholdersOf(...texts: Array<string | null | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = (m[1] ?? '').split('??')[0]!.trim();
      if (name && !seen.has(normaliseKey(name))) seen.set(normaliseKey(name), name);
    }
  }
  return [...seen.values()];
}

function lookup(personalisation: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  const wanted = normaliseKey(name);
  for (const [k, v] of Object.entries(personalisation)) {
    if (normaliseKey(k) === wanted) return { found: v !== null && v !== undefined, value: v };
  }
  return { found: false, value: undefined };
}

/** Placeholders without a value (Notify: "Missing personalisation: a, b"). */
export function missingPersonalisation(
  personalisation: Record<string, unknown>,
  ...texts: Array<string | null | undefined>
): string[] {
  const missing: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const inner = m[1] ?? '';
      if (inner.includes('??')) continue; // conditionals are optional
      const name = inner.trim();
      if (!lookup(personalisation, name).found && !missing.includes(name)) missing.push(name);
    }
  }
  return missing;
}

function formatValue(value: unknown, kind: 'email' | 'sms' | 'letter'): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => str(v));
    if (kind === 'sms') {
      if (items.length <= 1) return items.join('');
      return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
    }
    return `\n${items.map((i) => `* ${i}`).join('\n')}\n`;
  }
  if (value && typeof value === 'object' && 'file' in (value as object)) {
    // A file sent by email becomes a download link.
    return 'https://documents.service.gov.uk/d/fake-document';
  }
  return str(value);
}

export function render(
  text: string | null | undefined,
  personalisation: Record<string, unknown>,
  kind: 'email' | 'sms' | 'letter',
): string {
  if (!text) return '';
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    const [rawName, conditional] = inner.split('??') as [string, string | undefined];
    const { found, value } = lookup(personalisation, rawName.trim());
    if (conditional !== undefined) {
      const truthy = found && value !== false && value !== '' && str(value).toLowerCase() !== 'no';
      return truthy ? conditional : '';
    }
    return found ? formatValue(value, kind) : whole;
  });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain HTML rendering of an email body for previews (paragraphs and bullet lists). */
export function emailHtml(body: string): string {
  const blocks = body.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return blocks
    .map((block) => {
      const lines = block.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0 && lines.every((l) => /^\s*[*-]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${escapeHtml(l.replace(/^\s*[*-]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/** A small, valid one-page PDF showing `lines` (letters rendered from templates). */
export function textPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const content = [
    'BT',
    '/F1 11 Tf',
    '14 TL',
    '72 770 Td',
    ...lines.slice(0, 50).map((l) => `(${esc(l)}) Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
