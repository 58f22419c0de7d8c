// Typed DICOMweb failures with messages a reader can act on. `retryable` says whether trying again may help
// (the client retries those itself for reads; the UI offers "Retry").

export type PacsErrorKind =
  | 'unreachable' // no HTTP response: server down, network, CORS or CSP refusal
  | 'timeout'
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404 (e.g. the study was deleted meanwhile)
  | 'gateway' // 502/503/504 from a proxy or the server: its upstream is down or busy
  | 'server' // other 5xx
  | 'rejected' // other 4xx (bad query, unsupported media type, STOW refused)
  | 'bad-response' // 2xx but not what DICOMweb promises
  | 'cancelled';

export class PacsError extends Error {
  readonly kind: PacsErrorKind;
  readonly status: number | null;
  readonly retryable: boolean;
  constructor(kind: PacsErrorKind, message: string, opts: { status?: number | null; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PacsError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryable = kind === 'unreachable' || kind === 'timeout' || kind === 'gateway';
  }
}

/** A PacsError from an HTTP status (non-2xx). `what` names the request ("search", "retrieve study …"). */
export function errorForStatus(status: number, what: string, serverLabel: string, detail = ''): PacsError {
  const tail = detail ? ` (${detail})` : '';
  if (status === 401)
    return new PacsError(
      'unauthorized',
      `${serverLabel} refused the ${what}: authentication failed (401). Check the user name and password or token in PACS settings.`,
      { status },
    );
  if (status === 403) return new PacsError('forbidden', `${serverLabel} refused the ${what}: this account is not allowed to do that (403).`, { status });
  if (status === 404)
    return new PacsError(
      'not-found',
      `${serverLabel} does not have it any more (404): the ${what} failed${tail}. It may have been deleted or moved; search again.`,
      { status },
    );
  if (status === 502 || status === 503 || status === 504)
    return new PacsError('gateway', `${serverLabel} is not answering (${status} from the proxy or server${tail}): the PACS may be down or busy. Try again.`, {
      status,
    });
  if (status >= 500) return new PacsError('server', `${serverLabel} failed on the ${what} (${status}${tail}).`, { status });
  return new PacsError('rejected', `${serverLabel} rejected the ${what} (${status}${tail}).`, { status });
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
