/**
 * Secret scrubbing. Errors, log lines and hook payloads pass through here, so a secret that slipped into a
 * message (a server echoing a header, an axios message quoting a URL) is replaced before anyone can see it.
 */

const REDACTED = '[REDACTED]';

// A compact JWS/JWT: three base64url segments, the first of which decodes to a JSON header ('eyJ').
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
// Credentials in an Authorization-style value.
const AUTH_SCHEME_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// PEM blocks (private keys above all).
const PEM_PATTERN = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;

/** Replace every known secret, JWT, bearer credential and PEM block in `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another secret is removed whole.
  const sorted = [...secrets]
    .filter((s) => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(PEM_PATTERN, REDACTED)
    .replace(JWT_PATTERN, REDACTED)
    .replace(AUTH_SCHEME_PATTERN, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/** Deep-redact any JSON-like value (strings are scrubbed; keys that name credentials are blanked). */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 20) return '[Truncated]';
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactValue(v, secrets, depth + 1);
    }
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
