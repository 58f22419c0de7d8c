// The dev/preview proxy settings (scripts/pacsProxy.ts): target from STATREAD_PACS_URL, path rewrite, the 401
// challenge renamed (no browser login dialog), a refused connection answered as 502 naming the cause.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pacsProxy, pacsTarget } from '../../scripts/pacsProxy';

describe('PACS proxy', () => {
  it('target: default Orthanc, a bare origin gets /dicom-web, an explicit path is kept', () => {
    expect(pacsTarget({}).href).toBe('http://127.0.0.1:8042/dicom-web');
    expect(pacsTarget({ STATREAD_PACS_URL: 'http://10.0.0.5:8043' }).href).toBe('http://10.0.0.5:8043/dicom-web');
    expect(pacsTarget({ STATREAD_PACS_URL: 'https://pacs.example.org/wado/rs/' }).href).toBe('https://pacs.example.org/wado/rs');
  });

  it('rewrites /dicomweb/... onto the target path and only matches that prefix', () => {
    const [[context, opts]] = Object.entries(pacsProxy({ STATREAD_PACS_URL: 'http://127.0.0.1:18142/dicom-web' }));
    expect(new RegExp(context).test('/dicomweb/studies?limit=1')).toBe(true);
    expect(new RegExp(context).test('/dicomweb')).toBe(true);
    expect(new RegExp(context).test('/dicomwebx/studies')).toBe(false);
    expect(new RegExp(context).test('/assets/dicomweb.js')).toBe(false);
    expect(opts.target).toBe('http://127.0.0.1:18142');
    expect(opts.rewrite!('/dicomweb/studies/1.2/series?x=1')).toBe('/dicom-web/studies/1.2/series?x=1');
  });

  it('renames WWW-Authenticate and answers a refused connection with 502 + the reason', () => {
    const [[, opts]] = Object.entries(pacsProxy({ STATREAD_PACS_URL: 'http://127.0.0.1:1' }));
    const proxy = new EventEmitter();
    (opts.configure as (p: unknown, o: unknown) => void)(proxy, opts);
    const upstream = { headers: { 'www-authenticate': 'Basic realm="Orthanc"' } as Record<string, string> };
    proxy.emit('proxyRes', upstream);
    expect(upstream.headers).toEqual({ 'x-statread-www-authenticate': 'Basic realm="Orthanc"' });
    const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
    const res = {
      headersSent: false,
      writableEnded: false,
      writeHead(status: number, headers: Record<string, string>) {
        sent.status = status;
        sent.headers = headers;
        return this;
      },
      end(body: string) {
        sent.body = body;
      },
    };
    proxy.emit('error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), {}, res);
    expect(sent.status).toBe(502);
    expect(sent.headers!['X-StatRead-Proxy-Error']).toBe('ECONNREFUSED (http://127.0.0.1:1)');
    expect(sent.body).toContain('could not reach the PACS at http://127.0.0.1:1/dicom-web');
  });
});
