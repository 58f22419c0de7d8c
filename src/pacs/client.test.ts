// The DICOMweb client against a scripted fetch: auth headers (never in URLs or messages), typed errors, retries,
// timeouts, WADO-RS multipart answers and STOW-RS requests.
import { describe, expect, it } from 'vitest';
import { DicomWebClient, PART10_ACCEPT, parseStowResponse, studyPagingWindow } from './client';
import { authHeaders, normaliseBaseUrl } from './auth';
import { PacsError } from './errors';
import { buildMultipartRelated, parseMultipartRelated } from './multipart';
import { serviceUrl, type FetchLike } from './http';
import type { PacsServer } from './types';

const server: PacsServer = {
  id: 's',
  name: 'Test',
  baseUrl: 'https://pacs.example.org/dicom-web/',
  auth: { kind: 'basic', username: 'ann', password: 'sécret:1' },
  credentialStore: 'local',
  timeoutMs: 5000,
};

interface Call {
  url: string;
  init: RequestInit;
}

function scripted(answers: (Response | Error | 'hang')[]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const a = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (a === 'hang') return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(a.clone());
  };
  return { fetch, calls };
}

const noSleep = async () => {};
const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/dicom+json' } });
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe('authentication', () => {
  it('basic (UTF-8) and bearer go in the Authorization header only', () => {
    expect(authHeaders({ kind: 'basic', username: 'ann', password: 'sécret:1' })).toEqual({
      Authorization: `Basic ${Buffer.from('ann:sécret:1', 'utf8').toString('base64')}`,
    });
    expect(authHeaders({ kind: 'bearer', token: ' abc.def ' })).toEqual({ Authorization: 'Bearer abc.def' });
    expect(authHeaders({ kind: 'none' })).toEqual({});
  });

  it('base URLs with credentials, queries or odd schemes are refused', () => {
    expect(() => normaliseBaseUrl('https://ann:pw@pacs.example.org/dicom-web')).toThrow(/not in the URL/);
    expect(() => normaliseBaseUrl('https://pacs.example.org/dicom-web?token=1')).toThrow(/must not contain/);
    expect(() => normaliseBaseUrl('ftp://pacs')).toThrow(/unsupported scheme/);
    expect(normaliseBaseUrl('https://pacs.example.org/dicom-web/')).toBe('https://pacs.example.org/dicom-web');
    expect(normaliseBaseUrl('./dicomweb/')).toBe('./dicomweb');
    expect(normaliseBaseUrl('/dicomweb')).toBe('/dicomweb');
  });

  it('the request carries the header, and neither URL nor error message carries a credential', async () => {
    const { fetch, calls } = scripted([new Response('', { status: 401 })]);
    const c = new DicomWebClient(server, { fetch, sleep: noSleep });
    const err = await c.searchStudies({ patientName: 'x' }).catch((e) => e as PacsError);
    expect(err).toBeInstanceOf(PacsError);
    expect((err as PacsError).kind).toBe('unauthorized');
    expect((err as PacsError).message).toMatch(/authentication failed \(401\)/);
    expect(calls).toHaveLength(1); // 401 is not retried
    expect(header(calls[0], 'Authorization')).toMatch(/^Basic /);
    for (const text of [calls[0].url, (err as Error).message]) {
      expect(text).not.toContain('sécret');
      expect(text).not.toContain('ann');
    }
    expect(calls[0].init.credentials).toBe('same-origin');
    // A redirect could carry the Authorization header's request to another host: the browser must not follow it.
    expect(calls[0].init.redirect).toBe('error');
  });
});

describe('typed errors and retries', () => {
  it('403 forbidden, 404 gone (with the server detail), 400 rejected: no retry', async () => {
    for (const [status, kind, text] of [
      [403, 'forbidden', /not allowed/],
      [404, 'not-found', /does not have it any more \(404\).*inexistent study/],
      [400, 'rejected', /rejected/],
    ] as const) {
      const { fetch, calls } = scripted([new Response(JSON.stringify({ Details: 'Accessing an inexistent study' }), { status })]);
      const err = (await new DicomWebClient(server, { fetch, sleep: noSleep }).searchInstances('1.2').catch((e) => e)) as PacsError;
      expect(err.kind).toBe(kind);
      expect(err.message).toMatch(text);
      expect(err.retryable).toBe(false);
      expect(calls).toHaveLength(1);
    }
  });

  it('no answer (server down / CORS) is retried, then reported as unreachable', async () => {
    const { fetch, calls } = scripted([new TypeError('Failed to fetch')]);
    const err = (await new DicomWebClient(server, { fetch, sleep: noSleep, baseHref: 'http://127.0.0.1:5173/' })
      .searchStudies({})
      .catch((e) => e)) as PacsError;
    expect(err.kind).toBe('unreachable');
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/Could not reach PACS "Test" at https:\/\/pacs\.example\.org\/dicom-web\/studies: .*CORS/);
    expect(calls).toHaveLength(3);
  });

  it('a same-origin path that does not answer says so (no CORS hint)', async () => {
    const { fetch } = scripted([new TypeError('Failed to fetch')]);
    const err = (await new DicomWebClient({ ...server, baseUrl: './dicomweb' }, { fetch, sleep: noSleep, baseHref: 'http://127.0.0.1:5173/app/?backend=wasm' })
      .searchStudies({})
      .catch((e) => e)) as PacsError;
    expect(err.message).toContain('http://127.0.0.1:5173/app/dicomweb/studies');
    expect(err.message).toContain('web server hosting StatRead');
  });

  it('a 502 from the StatRead proxy names the proxy and the cause; a retry that succeeds returns the answer', async () => {
    const proxyDown = new Response('StatRead proxy: could not reach', {
      status: 502,
      headers: { 'X-StatRead-Proxy-Error': 'ECONNREFUSED (http://127.0.0.1:8042)' },
    });
    const { fetch: f1 } = scripted([proxyDown]);
    const err = (await new DicomWebClient(server, { fetch: f1, sleep: noSleep }).searchStudies({}).catch((e) => e)) as PacsError;
    expect(err.kind).toBe('gateway');
    expect(err.message).toMatch(/proxy could not reach the PACS: ECONNREFUSED/);
    const { fetch: f2, calls } = scripted([new Response('', { status: 503 }), jsonResponse([])]);
    const page = await new DicomWebClient(server, { fetch: f2, sleep: noSleep }).searchStudies({});
    expect(page.studies).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('a request the StatRead proxy refused (a redirect, a size cap) says "refused", not "could not reach"', async () => {
    const refused = new Response('StatRead proxy: redirect', {
      status: 502,
      headers: { 'X-StatRead-Proxy-Error': 'the PACS answered with a redirect (302 to http://elsewhere)', 'X-StatRead-Proxy-Refused': '1' },
    });
    const { fetch } = scripted([refused, refused.clone(), refused.clone()]);
    const err = (await new DicomWebClient(server, { fetch, sleep: noSleep }).searchStudies({}).catch((e) => e)) as PacsError;
    expect(err.message).toMatch(/the StatRead proxy refused: the PACS answered with a redirect \(302 to http:\/\/elsewhere\)/);
  });

  it('a server that never answers times out (per attempt) and says how long it waited', async () => {
    const { fetch, calls } = scripted(['hang']);
    const err = (await new DicomWebClient({ ...server, timeoutMs: 30 }, { fetch, sleep: noSleep }).searchStudies({}).catch((e) => e)) as PacsError;
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/did not answer the study search within 30 ms/);
    expect(calls).toHaveLength(3);
  });

  it('cancelling stops at once', async () => {
    const { fetch } = scripted(['hang']);
    const ctl = new AbortController();
    const p = new DicomWebClient(server, { fetch, sleep: noSleep }).searchStudies({}, ctl.signal).catch((e) => e as PacsError);
    ctl.abort();
    expect(((await p) as PacsError).kind).toBe('cancelled');
  });

  it('a 2xx that is not JSON is a bad response', async () => {
    const { fetch } = scripted([new Response('<html>login</html>', { status: 200 })]);
    const err = (await new DicomWebClient(server, { fetch, sleep: noSleep }).searchStudies({}).catch((e) => e)) as PacsError;
    expect(err.kind).toBe('bad-response');
  });
});

describe('search, retrieve, store', () => {
  it('search pages: asks for one more than the page and reports whether more exist', async () => {
    const row = (i: number) => ({ '0020000D': { vr: 'UI', Value: [`1.${i}`] } });
    const { fetch, calls } = scripted([jsonResponse([row(1), row(2), row(3)]), new Response(null, { status: 204 })]);
    const c = new DicomWebClient(server, { fetch, sleep: noSleep });
    const page = await c.searchStudies({ limit: 2, offset: 4 });
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual(['1.1', '1.2']);
    expect(page.hasMore).toBe(true);
    const u = new URL(calls[0].url);
    expect(u.origin + u.pathname).toBe('https://pacs.example.org/dicom-web/studies');
    expect(u.searchParams.get('limit')).toBe('3');
    expect(u.searchParams.get('offset')).toBe('4');
    expect(header(calls[0], 'Accept')).toContain('application/dicom+json');
    const empty = await c.searchStudies({ limit: 2 });
    expect(empty).toMatchObject({ studies: [], hasMore: false });
  });

  it('a ModalitiesInStudy query is paged by the client (servers that post-filter it get offset wrong)', async () => {
    const row = (i: number) => ({ '0020000D': { vr: 'UI', Value: [`1.${i}`] } });
    const { fetch, calls } = scripted([jsonResponse([1, 2, 3, 4, 5, 6, 7].map(row))]);
    const page = await new DicomWebClient(server, { fetch, sleep: noSleep }).searchStudies({ modalities: ['CR', 'DX'], limit: 3, offset: 3 });
    const u = new URL(calls[0].url);
    expect(u.searchParams.get('limit')).toBe('7'); // offset + page + 1, from the start
    expect(u.searchParams.get('offset')).toBeNull();
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual(['1.4', '1.5', '1.6']);
    expect(page.hasMore).toBe(true);
    expect(studyPagingWindow({ modalities: [] }, 10, 5)).toEqual({ offset: 10, limit: 5, skip: 0 });
  });

  it('retrieves an instance as Part 10 from a multipart/related answer (any transfer syntax)', async () => {
    const dicom = new Uint8Array(200).map((_, i) => i);
    const { body, contentType } = buildMultipartRelated([dicom]);
    const { fetch, calls } = scripted([new Response(body as BodyInit, { status: 200, headers: { 'Content-Type': contentType } })]);
    const got = await new DicomWebClient(server, { fetch, sleep: noSleep }).retrieveInstance({
      studyInstanceUid: '1.2',
      seriesInstanceUid: '1.2.3',
      sopInstanceUid: '1.2.3.4',
      sopClassUid: '',
      instanceNumber: 1,
    });
    expect(got).toEqual(dicom);
    expect(calls[0].url).toBe('https://pacs.example.org/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4');
    expect(header(calls[0], 'Accept')).toBe(PART10_ACCEPT);
  });

  it('a retrieval answer that is not multipart is a bad response naming the image', async () => {
    const { fetch } = scripted([new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } })]);
    const err = (await new DicomWebClient(server, { fetch, sleep: noSleep })
      .retrieveInstance({ studyInstanceUid: '1', seriesInstanceUid: '2', sopInstanceUid: '3', sopClassUid: '', instanceNumber: null })
      .catch((e) => e)) as PacsError;
    expect(err.kind).toBe('bad-response');
    expect(err.message).toMatch(/image 3 .*malformed multipart/);
  });

  it('stores with one multipart/related POST (not retried) and reads the STOW-RS answer', async () => {
    const answer = {
      '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['9.1'] } }] },
      '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['9.2'] }, '00081197': { vr: 'US', Value: [0xa700] } }] },
    };
    const { fetch, calls } = scripted([jsonResponse(answer)]);
    const res = await new DicomWebClient(server, { fetch, sleep: noSleep }).store([new Uint8Array([1, 2]), new Uint8Array([3])], '1.2');
    expect(res).toEqual({ stored: ['9.1'], failed: [{ sopInstanceUid: '9.2', reason: 'out of resources (0xA700)' }] });
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].url).toBe('https://pacs.example.org/dicom-web/studies/1.2');
    const ct = header(calls[0], 'Content-Type');
    const parts = parseMultipartRelated(calls[0].init.body as Uint8Array, ct);
    expect(parts.map((p) => Array.from(p.bytes))).toEqual([[1, 2], [3]]);
    const { fetch: f2, calls: c2 } = scripted([new Response('', { status: 503 })]);
    await expect(new DicomWebClient(server, { fetch: f2, sleep: noSleep }).store([new Uint8Array([1])])).rejects.toMatchObject({ kind: 'gateway' });
    expect(c2).toHaveLength(1);
  });

  it('STOW answers: empty, or without sequences', () => {
    expect(parseStowResponse({})).toEqual({ stored: [], failed: [] });
    expect(parseStowResponse([{}])).toEqual({ stored: [], failed: [] });
  });

  it('service URLs join base and path with one slash', () => {
    expect(serviceUrl({ ...server, baseUrl: 'http://h/dw/' }, '/studies')).toBe('http://h/dw/studies');
    expect(serviceUrl({ ...server, baseUrl: './dicomweb' }, 'studies?limit=1', 'http://h/app/index.html')).toBe('http://h/app/dicomweb/studies?limit=1');
  });
});
