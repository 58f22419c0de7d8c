// The proxy's rules one by one (server/proxyPolicy.ts): the attacks of the security review are refused, DICOMweb
// requests of the app pass unchanged.
import { describe, expect, it } from 'vitest';
import { checkHost, checkMethod, checkSameOrigin, forwardRequestHeaders, forwardResponseHeaders, pacsTarget, proxiedPath } from './proxyPolicy';

describe('pacsTarget', () => {
  it('defaults to Orthanc, gives a bare origin /dicom-web, keeps an explicit path', () => {
    expect(pacsTarget(undefined).href).toBe('http://127.0.0.1:8042/dicom-web');
    expect(pacsTarget('http://10.0.0.5:8043').href).toBe('http://10.0.0.5:8043/dicom-web');
    expect(pacsTarget('https://pacs.example.org/wado/rs/').href).toBe('https://pacs.example.org/wado/rs');
  });
  it('refuses credentials in the URL and non-HTTP schemes', () => {
    expect(() => pacsTarget('http://user:pw@pacs.example.org')).toThrow(/credentials/);
    expect(() => pacsTarget('file:///etc/passwd')).toThrow(/http/);
  });
});

describe('checkSameOrigin', () => {
  const host = '127.0.0.1:5173';
  it('lets the page itself through (fetch from the app, or a typed URL)', () => {
    expect(checkSameOrigin({ host, 'sec-fetch-site': 'same-origin' }).ok).toBe(true);
    expect(checkSameOrigin({ host, 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:5173' }).ok).toBe(true);
    expect(checkSameOrigin({ host, 'sec-fetch-site': 'none' }).ok).toBe(true);
  });
  it('refuses another port of localhost (same-site), another site, and a foreign or opaque Origin', () => {
    expect(checkSameOrigin({ host, 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:4173' })).toMatchObject({ ok: false, status: 403 });
    expect(checkSameOrigin({ host, 'sec-fetch-site': 'cross-site' })).toMatchObject({ ok: false, status: 403 });
    expect(checkSameOrigin({ host, origin: 'http://127.0.0.1:4173' })).toMatchObject({ ok: false, status: 403 });
    expect(checkSameOrigin({ host, origin: 'null' })).toMatchObject({ ok: false, status: 403 });
  });
});

describe('checkHost', () => {
  const allowed = new Set(['127.0.0.1', 'localhost', '[::1]']);
  it('answers loopback names on any port, refuses a rebound name', () => {
    expect(checkHost('127.0.0.1:5173', allowed).ok).toBe(true);
    expect(checkHost('LOCALHOST:80', allowed).ok).toBe(true);
    expect(checkHost('[::1]:5173', allowed).ok).toBe(true);
    expect(checkHost('evil.example:5173', allowed)).toMatchObject({ ok: false, status: 403 });
    expect(checkHost(undefined, allowed)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('checkMethod', () => {
  it('GET anywhere, POST only to /studies (STOW), nothing else', () => {
    expect(checkMethod('GET', '/studies/1.2.3/series').ok).toBe(true);
    expect(checkMethod('POST', '/studies').ok).toBe(true);
    expect(checkMethod('POST', '/studies/1.2.840.10008').ok).toBe(true);
    expect(checkMethod('POST', '/studies/1.2/series')).toMatchObject({ ok: false, status: 405 });
    for (const m of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) expect(checkMethod(m, '/studies')).toMatchObject({ ok: false, status: 405 });
  });
});

describe('proxiedPath', () => {
  it('keeps DICOMweb paths and queries as they are', () => {
    expect(proxiedPath('/dicomweb/studies?PatientName=DOE%5EJ*&limit=50')).toEqual({ ok: true, path: '/studies', query: 'PatientName=DOE%5EJ*&limit=50' });
    expect(proxiedPath('/dicomweb/studies/1.2.3/series/4.5/instances/6.7/frames/1,2')).toMatchObject({
      ok: true,
      path: '/studies/1.2.3/series/4.5/instances/6.7/frames/1,2',
    });
    expect(proxiedPath('/dicomweb')).toMatchObject({ ok: true, path: '' });
  });
  it('refuses every way out of the DICOMweb root', () => {
    for (const url of [
      '/dicomweb/%2e%2e/tools/reset',
      '/dicomweb/../tools/reset',
      '/dicomweb/studies/..%2f..%2ftools',
      '/dicomweb/studies%2F..',
      '/dicomweb/studies%5c..',
      '/dicomweb//studies',
      '/dicomweb/./studies',
      '/dicomweb/studies/%00',
      '/dicomweb/studies/%E0%A4%A',
      '/dicomweb/studies/a b',
    ])
      expect(proxiedPath(url), url).toMatchObject({ ok: false, status: 400 });
    expect(proxiedPath('/dicomwebx/studies')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('headers', () => {
  it('forwards only Accept, Content-Type, Content-Length and Authorization to the PACS', () => {
    const out = forwardRequestHeaders(
      {
        accept: 'application/dicom+json',
        authorization: 'Basic eDp5',
        cookie: 'session=1',
        'proxy-authorization': 'Basic x',
        connection: 'keep-alive, x-secret',
        'x-secret': 's',
        'x-forwarded-for': '1.2.3.4',
        origin: 'http://127.0.0.1:5173',
        referer: 'http://127.0.0.1:5173/',
        te: 'trailers',
        upgrade: 'h2c',
      },
      'pacs:8042',
    );
    expect(out).toEqual({ host: 'pacs:8042', accept: 'application/dicom+json', authorization: 'Basic eDp5' });
  });
  it('passes content headers back, renames the login challenge, drops cookies, redirects and CORS', () => {
    const out = forwardResponseHeaders({
      'content-type': 'application/dicom+json',
      'content-length': '12',
      'set-cookie': ['a=1'],
      location: 'http://elsewhere/',
      'access-control-allow-origin': '*',
      'www-authenticate': 'Basic realm="Orthanc"',
      connection: 'close',
      'transfer-encoding': 'chunked',
    });
    expect(out).toEqual({ 'content-type': 'application/dicom+json', 'content-length': '12', 'x-statread-www-authenticate': 'Basic realm="Orthanc"' });
  });
});
