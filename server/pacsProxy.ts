// The same-origin PACS proxy: /dicomweb/* -> the PACS's DICOMweb root, with @fastify/reply-from (undici) doing the
// HTTP. It trusts no one: same origin only, GET and POST (STOW) only, paths held under the DICOMweb root, headers by
// allow-list both ways, request and response size caps, an upstream timeout, redirects refused, and the server's
// security headers (plus no-store) on every answer. The rules are in proxyPolicy.ts; docs/security.md maps each to
// its threat and test. Nothing about a request (its path holds study UIDs) is logged.
import { Transform, type TransformCallback } from 'node:stream';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerBase, RouteGenericInterface } from 'fastify';
import { PACS_PROXY_PATH, checkMethod, checkSameOrigin, forwardRequestHeaders, forwardResponseHeaders, proxiedPath } from './proxyPolicy';

export interface PacsProxyOptions {
  /** The PACS's DICOMweb root (pacsTarget()). */
  target: URL;
  /** Largest request body (STOW) in bytes. */
  maxRequestBytes: number;
  /** Largest response body in bytes. */
  maxResponseBytes: number;
  /** How long the PACS may take to send headers, and between body chunks, in ms. */
  upstreamTimeoutMs: number;
}

export const PROXY_DEFAULTS = { maxRequestBytes: 64 * 2 ** 20, maxResponseBytes: 2 * 2 ** 30, upstreamTimeoutMs: 120_000 };

/** Any Fastify reply (the reply-from callbacks type theirs for every raw server kind). */
type Reply = FastifyReply<RouteGenericInterface, RawServerBase>;

/**
 * A refusal (the proxy's rules, a redirect, a size cap) or an upstream failure (no connection, no answer): plain
 * text, the reason in X-StatRead-Proxy-Error and, for a refusal, X-StatRead-Proxy-Refused (src/pacs/http.ts shows it).
 */
function fail(reply: Reply, status: number, reason: string, refused = true): Reply {
  if (refused) reply.header('X-StatRead-Proxy-Refused', '1');
  for (const h of ['content-length', 'content-type', 'content-encoding', 'etag', 'last-modified', 'x-statread-www-authenticate']) reply.removeHeader(h);
  return reply.code(status).header('Content-Type', 'text/plain; charset=utf-8').header('X-StatRead-Proxy-Error', reason).send(`StatRead proxy: ${reason}`);
}

/** Passes a body through while counting it; past `max` bytes the stream fails, which aborts the answer. */
function capped(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) done(new Error(`response larger than ${max} bytes`));
      else done(null, chunk);
    },
  });
}

export async function registerPacsProxy(app: FastifyInstance, opts: PacsProxyOptions): Promise<void> {
  const { target } = opts;
  const where = `${target.origin}${target.pathname}`;
  await app.register(async (scope) => {
    await scope.register(replyFrom, {
      base: target.origin,
      disableRequestLogging: true,
      undici: { headersTimeout: opts.upstreamTimeoutMs, bodyTimeout: opts.upstreamTimeoutMs, connections: 16 },
    });
    // Every body arrives whole (STOW uploads are a few MB) and is refused past the cap with 413.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.maxRequestBytes }, (_req, body, done) => done(null, body));

    scope.addHook('onRequest', async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const origin = checkSameOrigin(req.headers);
      if (!origin.ok) return fail(reply, origin.status, origin.reason);
      const p = proxiedPath(req.raw.url ?? '');
      if (!p.ok) return fail(reply, p.status, p.reason);
      const m = checkMethod(req.method, p.path);
      if (!m.ok) return fail(reply.header('Allow', 'GET, POST'), m.status, m.reason);
    });

    const forward = async (req: FastifyRequest, reply: FastifyReply) => {
      const p = proxiedPath(req.raw.url ?? '');
      if (!p.ok) return fail(reply, p.status, p.reason);
      const source = `${target.pathname}${p.path}${p.query ? `?${p.query}` : ''}`;
      return reply.from(source, {
        rewriteRequestHeaders: (r) => forwardRequestHeaders(r.headers, target.host),
        rewriteHeaders: (headers) => forwardResponseHeaders(headers),
        onResponse: (_r, rep, res) => {
          // The undici answer: status, headers and the body stream.
          const { statusCode: status, headers: up } = res as unknown as { statusCode: number; headers: Record<string, string | string[] | undefined> };
          if (status >= 300 && status < 400) {
            res.stream.destroy();
            const loc = String(up.location ?? '');
            let to = 'elsewhere';
            try {
              to = new URL(loc, where).origin;
            } catch {
              // a malformed Location: say "elsewhere"
            }
            return fail(
              rep,
              502,
              `the PACS answered with a redirect (${status} to ${to}); StatRead follows no redirects: set the PACS URL to the final address`,
            );
          }
          const length = Number(up['content-length'] ?? NaN);
          if (length > opts.maxResponseBytes) {
            res.stream.destroy();
            return fail(rep, 502, `the PACS answer is ${length} bytes, over the proxy's limit of ${opts.maxResponseBytes}`);
          }
          const body = capped(opts.maxResponseBytes);
          res.stream.on('error', (e: Error) => body.destroy(e));
          rep.send(res.stream.pipe(body));
        },
        onError: (rep, { error }) => {
          const err = error as Error & { statusCode?: number; cause?: NodeJS.ErrnoException };
          const code = err.cause?.code ?? (err as NodeJS.ErrnoException).code ?? err.name;
          const status = err.statusCode === 504 ? 504 : 502;
          const why = status === 504 ? `no answer within ${Math.round(opts.upstreamTimeoutMs / 1000)} s` : code;
          fail(rep, status, `${why} (${target.origin})`, false);
        },
      });
    };
    scope.route({ method: ['GET', 'POST'], url: PACS_PROXY_PATH, exposeHeadRoute: false, handler: forward });
    scope.route({ method: ['GET', 'POST'], url: `${PACS_PROXY_PATH}/*`, exposeHeadRoute: false, handler: forward });
    // Everything else under /dicomweb is refused by the onRequest hook above (405 / 400 / 403) before routing
    // matters; these routes only make sure such requests reach that hook instead of the static files.
    const refused = ['HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
    scope.route({ method: [...refused], url: PACS_PROXY_PATH, handler: async (_q, rep) => fail(rep, 405, 'method not allowed') });
    scope.route({ method: [...refused], url: `${PACS_PROXY_PATH}/*`, handler: async (_q, rep) => fail(rep, 405, 'method not allowed') });
  });
}
