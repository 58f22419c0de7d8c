// The nginx deployment of docs/deploy.md, run for the end-to-end tests: docs/deploy/statread-nginx.conf with its
// three SET values replaced (listen address, the build folder, the PACS), in a private prefix folder, in the
// foreground; stopped (and its folder removed) on SIGTERM/SIGINT. playwright.config.ts starts it for the "nginx"
// project, which runs the CSP, privacy and PACS specs against it.
//   node --import tsx scripts/nginxTestServer.ts --port N --dist DIR --pacs-port N
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CONF = resolve('docs/deploy/statread-nginx.conf');
export const NGINX_BIN = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/** The deploy configuration with its SET values replaced; each must be found exactly as documented. */
export function renderNginxConf(text: string, opts: { listen: string; dist: string; pacs: string }): string {
  const swaps: [RegExp, string, number][] = [
    [/listen 127\.0\.0\.1:8080( default_server)?;/g, `listen ${opts.listen}$1;`, 2],
    [/root \/srv\/statread\/dist;/g, `root ${opts.dist};`, 1],
    [/proxy_pass http:\/\/127\.0\.0\.1:8042\/dicom-web\/;/g, `proxy_pass ${opts.pacs};`, 1],
  ];
  let out = text;
  for (const [re, to, count] of swaps) {
    const found = out.match(re)?.length ?? 0;
    if (found !== count) throw new Error(`${CONF}: expected ${count} x ${re}, found ${found}`);
    out = out.replace(re, to);
  }
  return out;
}

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`--${name} is required`);
  return v;
}

function main(): void {
  if (!NGINX_BIN) throw new Error('nginx is not installed (sudo apt-get install -y nginx, or bash scripts/ensure-nginx.sh as root)');
  const port = arg('port');
  const dist = resolve(arg('dist'));
  const pacs = `http://127.0.0.1:${arg('pacs-port')}/dicom-web/`;
  const prefix = mkdtempSync(join(tmpdir(), 'statread-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d));
  writeFileSync(join(prefix, 'statread.conf'), renderNginxConf(readFileSync(CONF, 'utf8'), { listen: `127.0.0.1:${port}`, dist, pacs }));
  // As root, workers run as root too: the build folder may be anywhere (a clone under /root in CI).
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `${user}worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/statread.conf;
}
`,
  );
  const nginx = spawn(NGINX_BIN, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'inherit' });
  const stop = () => {
    nginx.kill('SIGQUIT');
    setTimeout(() => nginx.kill('SIGKILL'), 3000).unref();
  };
  nginx.on('exit', (code) => {
    if (code) console.error(`[nginx-test-server] nginx exited ${code}: ${readFileSync(join(prefix, 'error.log'), 'utf8').slice(-2000)}`);
    rmSync(prefix, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`[nginx-test-server] ${NGINX_BIN} serving ${dist} at http://127.0.0.1:${port}/ (/dicomweb -> ${pacs})`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/nginxTestServer.ts')) main();
