// What the PACS proxy lets through, as pure functions (no Fastify, no sockets), so each rule is unit-tested on its
// own: who may call it (same origin only), which methods and paths, which headers cross in each direction. The
// proxy (pacsProxy.ts) applies them; docs/security.md lists the threat each one answers.

/** The site path the browser uses for DICOMweb; the proxy maps it onto the PACS's DICOMweb root. */
export const PACS_PROXY_PATH = '/dicomweb';

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

const ok: Verdict = { ok: true };
const refuse = (status: number, reason: string): Verdict => ({ ok: false, status, reason });

/** The DICOMweb root the proxy forwards to: $STATREAD_PACS_URL, Orthanc's default when unset; a bare origin gets /dicom-web. */
export function pacsTarget(raw: string | undefined): URL {
  const u = new URL(raw?.trim() || 'http://127.0.0.1:8042');
  if (!/^https?:$/.test(u.protocol)) throw new Error(`PACS URL must be http(s): ${raw}`);
  if (u.username || u.password) throw new Error('PACS URL must not hold credentials (set them in StatRead, or authenticate at a reverse proxy)');
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/dicom-web';
  u.pathname = u.pathname.replace(/\/+$/, '');
  u.search = '';
  u.hash = '';
  return u;
}

/**
 * Same origin only. A browser marks every request with Sec-Fetch-Site; anything but "same-origin" (or "none", a
 * URL the user typed) comes from another site or another port of this host ("same-site": localhost:5173 and
 * localhost:4173 are one site), so it is refused, and no CORS header is ever sent. An Origin header, when present,
 * must name this very host (scheme aside: a TLS reverse proxy in front changes it).
 */
export function checkSameOrigin(headers: Record<string, string | string[] | undefined>): Verdict {
  const site = one(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(403, `cross-origin request refused (Sec-Fetch-Site: ${site})`);
  const origin = one(headers.origin);
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return refuse(403, `cross-origin request refused (Origin: ${origin.slice(0, 80)})`);
    }
    if (host !== one(headers.host)) return refuse(403, `cross-origin request refused (Origin: ${origin.slice(0, 80)})`);
  }
  return ok;
}

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is "same origin" with itself, so the
 * Host header must name this server (loopback names, the listen address, or --allowed-host).
 */
export function checkHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): Verdict {
  if (!hostHeader) return refuse(400, 'request without a Host header');
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return allowed.has(name.toLowerCase()) ? ok : refuse(403, `host "${name.slice(0, 80)}" is not served here (start with --allowed-host ${name.slice(0, 80)})`);
}

/** GET (QIDO, WADO) and POST (STOW to /studies or /studies/{uid}) only. */
export function checkMethod(method: string, dicomwebPath: string): Verdict {
  if (method === 'GET') return ok;
  if (method === 'POST')
    return /^\/studies(\/[0-9.]+)?$/.test(dicomwebPath) ? ok : refuse(405, `POST is only for storing (STOW-RS to /studies), not ${dicomwebPath}`);
  return refuse(405, `method ${method} is not allowed through the PACS proxy (GET and POST only)`);
}

/**
 * The path under /dicomweb, normalised and held there: decoded once, no dot segments, empty segments, encoded
 * slashes or backslashes, control characters, or anything but the characters DICOMweb paths use (UIDs, resource
 * names, frame lists). Returns the DICOMweb-relative path ("/studies/1.2.3/series") and the raw query.
 */
export function proxiedPath(rawUrl: string): { ok: true; path: string; query: string } | { ok: false; status: number; reason: string } {
  const q = rawUrl.indexOf('?');
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const query = q >= 0 ? rawUrl.slice(q + 1) : '';
  if (rawPath !== PACS_PROXY_PATH && !rawPath.startsWith(`${PACS_PROXY_PATH}/`)) return { ok: false, status: 404, reason: 'not a DICOMweb path' };
  let rest: string;
  try {
    if (/%2f|%5c|%00/i.test(rawPath)) throw new Error('encoded separator');
    rest = decodeURIComponent(rawPath.slice(PACS_PROXY_PATH.length));
  } catch {
    return { ok: false, status: 400, reason: 'path refused (malformed or encoded separators)' };
  }
  const segments = rest.split('/').slice(1);
  if (rest !== '' && segments.some((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._,-]+$/.test(s)))
    return { ok: false, status: 400, reason: 'path refused (only DICOMweb resources under /dicomweb)' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s#]/.test(query)) return { ok: false, status: 400, reason: 'query refused (control characters)' };
  return { ok: true, path: rest, query };
}

// Headers that cross the proxy, by allow-list: everything else (cookies, Proxy-Authorization, hop-by-hop headers,
// X-Forwarded-*, Origin, Referer) stays on this side.
const REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'authorization'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified'];

type HeaderBag = Record<string, string | string[] | number | undefined>;

/** Request headers forwarded to the PACS (plus Host, which the proxy sets to the target). */
export function forwardRequestHeaders(incoming: HeaderBag, targetHost: string): Record<string, string> {
  const out: Record<string, string> = { host: targetHost };
  for (const name of REQUEST_HEADERS) {
    const v = incoming[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Response headers passed back to the page. WWW-Authenticate is renamed so that the browser shows StatRead's
 * message, not its own login dialog. Set-Cookie, Location and the PACS's own CORS or framing headers never pass.
 */
export function forwardResponseHeaders(upstream: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const v = upstream[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  const challenge = upstream['www-authenticate'];
  if (challenge !== undefined) out['x-statread-www-authenticate'] = Array.isArray(challenge) ? challenge.join(', ') : String(challenge);
  return out;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
