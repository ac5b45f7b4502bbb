// A minimal HTTP browser for tests and the benchmark (no test-runner imports, so plain Node can use it).

/** A minimal browser: keeps cookies, follows redirects within the app only when asked, finds CSRF tokens. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = new Headers(init.headers);
    if (url.origin === new URL(this.base).origin && this.cookies.size) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    // Wait for the whole response, as a browser does before the person acts on a page: express-session writes a
    // changed session between the body and its last byte, and the next request may land on another instance.
    await res.clone().arrayBuffer();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(path: string) {
    return this.request(path);
  }

  /** GET, following redirects that stay on the app's origin; stops at the first external one. */
  async follow(path: string): Promise<{ res: Response; url: string }> {
    let url = new URL(path, this.base).toString();
    for (let i = 0; i < 10; i++) {
      const res = await this.request(url);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url };
      const next = new URL(location, url);
      if (next.origin !== new URL(this.base).origin) return { res, url: next.toString() };
      url = next.toString();
    }
    throw new Error('too many redirects');
  }

  async csrf(path: string): Promise<string> {
    const res = await this.get(path);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) {
      const where = res.headers.get('location') ? ` -> ${res.headers.get('location')}` : '';
      throw new Error(`no CSRF token on ${path} (${res.status}${where})`);
    }
    return m[1]!;
  }

  /** POST a form (with the session's CSRF token unless given) and return the raw response. */
  async post(
    path: string,
    fields: Record<string, string>,
    opts: { csrfFrom?: string; csrf?: string | null } = {},
  ) {
    const token = opts.csrf === null ? undefined : (opts.csrf ?? (await this.csrf(opts.csrfFrom ?? path)));
    const body = new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields });
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
}
