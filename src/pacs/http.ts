// One DICOMweb request: URL from the server's base, auth header, timeout, typed errors, and retries with backoff
// for reads that failed in a way that may pass (no answer, timeout, 502/503/504). No credential is ever put in a
// URL or a message.
import { authHeaders, safeUrlForMessage } from './auth';
import { PacsError, errorForStatus } from './errors';
import type { PacsServer } from './types';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: 'GET' | 'POST';
  accept: string;
  body?: Uint8Array;
  contentType?: string;
  /** What the request does, for messages ("study search", "retrieval of study …"). */
  what: string;
  signal?: AbortSignal;
  /** Attempts for retryable failures (GET only; default 3 = 2 retries). */
  attempts?: number;
  timeoutMs?: number;
}

export interface HttpDeps {
  fetch?: FetchLike;
  /** Waits between retries (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** Page origin for resolving same-origin base URLs (defaults to location.href in the browser). */
  baseHref?: string;
}

const RETRY_DELAYS_MS = [500, 1500, 4000];

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** The full URL of `path` (e.g. "studies?…") under the server's base URL. */
export function serviceUrl(server: PacsServer, path: string, baseHref?: string): string {
  const base = server.baseUrl.replace(/\/+$/, '');
  const joined = `${base}/${path.replace(/^\/+/, '')}`;
  if (/^https?:/i.test(joined)) return joined;
  const href = baseHref ?? (typeof location !== 'undefined' ? location.href : 'http://localhost/');
  return new URL(joined, href).href;
}

function isSameOrigin(url: string, baseHref?: string): boolean {
  const href = baseHref ?? (typeof location !== 'undefined' ? location.href : '');
  try {
    return !!href && new URL(url).origin === new URL(href).origin;
  } catch {
    return false;
  }
}

async function detailOf(res: Response): Promise<string> {
  const proxyError = res.headers.get('x-statread-proxy-error');
  // The StatRead server's proxy names what went wrong (server/pacsProxy.ts): a request it refused, or a PACS it could not reach.
  if (proxyError)
    return res.headers.has('x-statread-proxy-refused')
      ? `the StatRead proxy refused: ${proxyError}`
      : `the StatRead proxy could not reach the PACS: ${proxyError}`;
  try {
    const text = (await res.text()).trim();
    if (!text) return '';
    try {
      const j = JSON.parse(text) as { Message?: string; Details?: string };
      if (j && typeof j === 'object' && (j.Details || j.Message)) return String(j.Details || j.Message).slice(0, 200);
    } catch {
      // not JSON
    }
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return '';
  }
}

export interface PacsResponse {
  status: number;
  headers: Headers;
  /** The whole body (read within the timeout). */
  body: Uint8Array;
}

/** Sends one request (with retries for retryable GET failures) and returns the 2xx answer with its body. */
export async function pacsRequest(server: PacsServer, path: string, opts: RequestOptions, deps: HttpDeps = {}): Promise<PacsResponse> {
  const doFetch: FetchLike = deps.fetch ?? ((i, init) => fetch(i, init));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = serviceUrl(server, path, deps.baseHref);
  const method = opts.method ?? 'GET';
  const attempts = method === 'GET' ? Math.max(1, opts.attempts ?? 3) : 1;
  const label = `PACS "${server.name}"`;
  let last: PacsError | null = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]);
    if (opts.signal?.aborted) throw new PacsError('cancelled', `The ${opts.what} was cancelled.`);
    try {
      return await once(doFetch, url, server, opts, method, label, deps.baseHref);
    } catch (e) {
      if (!(e instanceof PacsError)) throw e;
      last = e;
      if (!e.retryable) throw e;
    }
  }
  throw last!;
}

async function once(
  doFetch: FetchLike,
  url: string,
  server: PacsServer,
  opts: RequestOptions,
  method: string,
  label: string,
  baseHref?: string,
): Promise<PacsResponse> {
  const ctl = new AbortController();
  const timeoutMs = opts.timeoutMs ?? server.timeoutMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeoutMs);
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const headers: Record<string, string> = { Accept: opts.accept, ...authHeaders(server.auth) };
  if (opts.contentType) headers['Content-Type'] = opts.contentType;
  try {
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers,
        body: opts.body as BodyInit | undefined,
        signal: ctl.signal,
        // Credentials go in the Authorization header we set; never send cookies cross-site, never show the
        // browser's own login dialog data.
        credentials: 'same-origin',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        // A redirect could carry the Authorization header's request elsewhere: never followed (docs/security.md).
        redirect: 'error',
      });
    } catch (e) {
      if (timedOut)
        throw new PacsError(
          'timeout',
          `${label} did not answer the ${opts.what} within ${duration(timeoutMs)}. Try again, or raise the timeout in PACS settings.`,
          { cause: e },
        );
      if (opts.signal?.aborted) throw new PacsError('cancelled', `The ${opts.what} was cancelled.`, { cause: e });
      const where = safeUrlForMessage(url);
      const why = isSameOrigin(url, baseHref)
        ? 'the web server hosting StatRead did not answer'
        : 'the server is down, the network is unreachable, it answered with a redirect (StatRead follows none: use the final address), or the browser blocked the answer (the server must allow this site with CORS headers, see docs/pacs.md)';
      throw new PacsError('unreachable', `Could not reach ${label} at ${where}: ${why}.`, { cause: e });
    }
    if (!res.ok) throw errorForStatus(res.status, opts.what, label, await detailOf(res));
    let body: Uint8Array;
    try {
      body = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      if (timedOut)
        throw new PacsError(
          'timeout',
          `${label} did not finish the ${opts.what} within ${duration(timeoutMs)}. Try again, or raise the timeout in PACS settings.`,
          { cause: e },
        );
      if (opts.signal?.aborted) throw new PacsError('cancelled', `The ${opts.what} was cancelled.`, { cause: e });
      throw new PacsError('unreachable', `${label}: the connection broke during the ${opts.what}.`, { cause: e });
    }
    return { status: res.status, headers: res.headers, body };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
