/**
 * Secret scrubbing, in one place. Errors, log lines and hook payloads pass through here, so a secret that slipped
 * into a message (a server echoing a header, an axios message quoting a URL) is replaced before anyone can see it.
 *
 * A secret is looked for in every encoding it travels in: as it is, URL-encoded (a client secret in a form body,
 * `encodeURIComponent` or `application/x-www-form-urlencoded`, upper- or lower-case hex), and base64/base64url at
 * any alignment (inside `Basic base64(id:secret)`, a JSON blob, a cookie). Every SDK hands its secrets to core's
 * HttpClient, which redacts with them; nothing else redacts on its own.
 */

const REDACTED = '[REDACTED]';

// A compact JWS/JWT hides in a run of base64url characters and dots. Runs are found from each "eyJ" (a JSON
// header) by hand and searched once: a pattern like /eyJ[A-Za-z0-9_-]{2,}\.../ retried at every "eyJ" of a long
// run takes quadratic time on text a server controls.
const isTokenChar = (code: number) =>
  (code >= 48 && code <= 57) || // 0-9
  (code >= 65 && code <= 90) || // A-Z
  (code >= 97 && code <= 122) || // a-z
  code === 45 || // -
  code === 46 || // .
  code === 95; // _
// Credentials in an Authorization-style value.
const AUTH_SCHEME_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const PEM_BEGIN = /-----BEGIN [A-Z ]+-----/y;
const PEM_END = /-----END [A-Z ]+-----/y;

/**
 * Replace each compact JWS in a run of base64url characters and dots: a segment containing `eyJ` (a JSON header,
 * from there on, at least 5 characters), a payload segment of at least 2, then a signature segment.
 */
function redactTokensInRun(run: string): string {
  const segments = run.split('.');
  const out: string[] = [];
  let i = 0;
  while (i < segments.length) {
    const segment = segments[i] as string;
    const header = segment.indexOf('eyJ');
    const payload = segments[i + 1];
    if (
      header >= 0 &&
      segment.length - header >= 5 &&
      payload !== undefined &&
      payload.length >= 2 &&
      i + 2 < segments.length
    ) {
      out.push(`${segment.slice(0, header)}${REDACTED}`);
      i += 3;
      continue;
    }
    out.push(segment);
    i++;
  }
  return out.join('.');
}

/** Every run of token characters that contains `eyJ`, passed through `redactTokensInRun`; the rest untouched. */
function redactTokens(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf('eyJ', from);
    if (at < 0) break;
    let start = at;
    while (start > from && isTokenChar(text.charCodeAt(start - 1))) start--;
    let end = at + 3;
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
    out += text.slice(from, start) + redactTokensInRun(text.slice(start, end));
    from = end;
  }
  return out + text.slice(from);
}

/**
 * Remove PEM blocks in one pass: each BEGIN line is matched where it starts, and the search for its END line starts
 * after it; once no END line is left, no later BEGIN can have one either.
 */
function redactPemBlocks(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin < 0) break;
    PEM_BEGIN.lastIndex = begin;
    if (!PEM_BEGIN.test(text)) {
      out += text.slice(from, begin + 1);
      from = begin + 1;
      continue;
    }
    let search = PEM_BEGIN.lastIndex;
    let end = -1;
    for (;;) {
      const candidate = text.indexOf('-----END ', search);
      if (candidate < 0) break;
      PEM_END.lastIndex = candidate;
      if (PEM_END.test(text)) {
        end = PEM_END.lastIndex;
        break;
      }
      search = candidate + 1;
    }
    if (end < 0) break;
    out += text.slice(from, begin) + REDACTED;
    from = end;
  }
  return out + text.slice(from);
}

/** Shorter secrets are not scrubbed: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;
/** A base64 fragment shorter than this could occur by chance, so it is not matched on its own. */
const MIN_BASE64_FRAGMENT = 6;

/**
 * The characters of `base64(prefix + secret + suffix)` that depend on the secret's bytes only, for a prefix of
 * `offset` bytes: whatever surrounds the secret, these appear verbatim in the encoding.
 */
function base64Core(bytes: Buffer, offset: 0 | 1 | 2): string {
  const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
  const encoded = padded.toString('base64').replace(/=+$/, '');
  // Character i covers bits [6i, 6i + 6): keep those wholly inside the secret's bits.
  const firstBit = offset * 8;
  const lastBit = (offset + bytes.length) * 8;
  const start = Math.ceil(firstBit / 6);
  const end = Math.floor(lastBit / 6);
  return encoded.slice(start, end);
}

/** Every spelling of `secret` we look for, longest first. */
export function secretEncodings(secret: string): string[] {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
  const variants = new Set<string>([secret]);
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  for (const encoded of [uri, form]) {
    variants.add(encoded);
    variants.add(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  }
  const bytes = Buffer.from(secret, 'utf8');
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(bytes, offset);
    if (core.length < MIN_BASE64_FRAGMENT) continue;
    variants.add(core);
    variants.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

// Encodings are computed once per secret (clients redact with the same few secrets on every error).
const encodingCache = new Map<string, string[]>();
const ENCODING_CACHE_LIMIT = 256;

function encodingsOf(secret: string): string[] {
  let found = encodingCache.get(secret);
  if (!found) {
    found = secretEncodings(secret);
    if (encodingCache.size >= ENCODING_CACHE_LIMIT) encodingCache.clear();
    encodingCache.set(secret, found);
  }
  return found;
}

/** Replace every known secret (in any of its encodings), JWT, bearer credential and PEM block in `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const needles = new Set<string>();
  for (const secret of secrets)
    if (typeof secret === 'string') for (const e of encodingsOf(secret)) needles.add(e);
  // Longest first, so a secret that contains another secret is removed whole.
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    if (out.includes(needle)) out = out.split(needle).join(REDACTED);
  }
  return redactTokens(redactPemBlocks(out)).replace(
    AUTH_SCHEME_PATTERN,
    (_m, scheme: string) => `${scheme} ${REDACTED}`,
  );
}

/** Deep-redact any JSON-like value (strings are scrubbed; keys that name credentials are blanked). */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 20) return '[Truncated]';
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[redact(key, secrets)] = SENSITIVE_KEY.test(key) ? REDACTED : redactValue(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * The shape of a response body without its values: what an error about a malformed body carries by default, so a
 * body full of personal data (a /userinfo answer with passport numbers) never ends up in a log. Strings become
 * `[string]`, numbers `[number]`; keys, nesting, booleans and nulls are kept, which is what one needs to see
 * which field broke the contract.
 */
export function shapeOf(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 20) return '[Truncated]';
  if (typeof value === 'string') return '[string]';
  if (typeof value === 'number' || typeof value === 'bigint') return '[number]';
  if (Array.isArray(value)) return value.map((v) => shapeOf(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[redact(key, secrets)] = shapeOf(v, secrets, depth + 1);
    return out;
  }
  return value;
}

const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|api[-_]?key|client[-_]?secret|private[-_]?key|password|secret|token|access[-_]?token|id[-_]?token|refresh[-_]?token)$/i;

/** True when a header or field name carries a credential. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}
