// The nginx deployment file (docs/deploy/statread-nginx.conf) says what the StatRead server says: the same CSP as
// the build (scripts/vite/csp.ts) and the same hardening headers (server/securityHeaders.ts); its SET values are
// where the docs say; and, where nginx is installed, the rendered file passes `nginx -t`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP_HEADER } from './vite/csp';
import { PERMISSIONS_POLICY } from '../server/securityHeaders';
import { NGINX_BIN, renderNginxConf } from './nginxTestServer';

const CONF = readFileSync('docs/deploy/statread-nginx.conf', 'utf8');
const header = (name: string) => new RegExp(`add_header ${name} "([^"]*)" always;`).exec(CONF)?.[1];

describe('docs/deploy/statread-nginx.conf', () => {
  it('sends the build CSP and the hardening headers of the StatRead server', () => {
    expect(header('Content-Security-Policy')).toBe(CSP_HEADER);
    expect(header('Permissions-Policy')).toBe(PERMISSIONS_POLICY);
    expect(header('X-Content-Type-Options')).toBe('nosniff');
    expect(header('X-Frame-Options')).toBe('DENY');
    expect(header('Referrer-Policy')).toBe('no-referrer');
    expect(header('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('has its three SET values where the test server replaces them', () => {
    const out = renderNginxConf(CONF, { listen: '127.0.0.1:9', dist: '/tmp/x', pacs: 'http://127.0.0.1:7/dicom-web/' });
    expect(out).toContain('listen 127.0.0.1:9 default_server;');
    expect(out).toContain('root /tmp/x;');
    expect(out).toContain('proxy_pass http://127.0.0.1:7/dicom-web/;');
    expect(() => renderNginxConf(CONF.replace('root /srv/statread/dist;', ''), { listen: 'a', dist: 'b', pacs: 'c' })).toThrow(/expected 1/);
  });

  it.skipIf(!NGINX_BIN)('passes nginx -t', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'statread-nginx-t-'));
    try {
      mkdirSync(join(prefix, 'logs'));
      writeFileSync(join(prefix, 'statread.conf'), renderNginxConf(CONF, { listen: '127.0.0.1:9', dist: prefix, pacs: 'http://127.0.0.1:7/dicom-web/' }));
      writeFileSync(
        join(prefix, 'nginx.conf'),
        `pid ${prefix}/nginx.pid; error_log ${prefix}/error.log; events {} http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${prefix}; proxy_temp_path ${prefix}; include ${prefix}/statread.conf; }`,
      );
      const r = spawnSync(NGINX_BIN!, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
