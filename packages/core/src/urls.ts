/**
 * The one rule for where a client may send credentials: https anywhere, plain http only to this machine (a local
 * fake or the sandbox). An API key, a bearer token or a client assertion sent over http to any other host crosses
 * the network in clear text.
 */

/** `localhost` (and `*.localhost`, RFC 6761 §6.3), 127.0.0.0/8 and `::1`, with or without IPv6 brackets. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/**
 * Why `url` may not carry credentials, or undefined when it may: it must parse as an absolute URL and use https,
 * or http on a loopback host.
 */
export function insecureUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : 'must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.1, [::1])';
  }
  return 'must be an absolute https URL';
}
