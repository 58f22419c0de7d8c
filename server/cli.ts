// `npm start` (= node --import tsx server/cli.ts): builds dist/ when it is missing or stale, then serves it with the
// security headers and the PACS proxy on 127.0.0.1 (README "Start"). `--help` lists the options.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer, LOOPBACK_HOSTS } from './createServer';
import { staleReason } from './buildStamp';
import { pacsTarget } from './proxyPolicy';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `usage: npm start -- [options]
  --host ADDR          interface to listen on (default 127.0.0.1; anything else is reachable from the network)
  --port N             port (default 5173, or $PORT)
  --dist DIR           build to serve (default dist/)
  --no-build           serve DIR as it is (no freshness check)
  --pacs-url URL       the PACS's DICOMweb root behind /dicomweb (default $STATREAD_PACS_URL or http://127.0.0.1:8042)
  --allowed-host NAME  a host name clients use for this server (repeatable; loopback names are always allowed)
  --max-upload-mb N    largest STOW request through the proxy (default 64)
  --max-download-mb N  largest PACS answer through the proxy (default 2048)
  --pacs-timeout-s N   how long the PACS may stay silent (default 120)`;

function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      dist: { type: 'string', default: 'dist' },
      'no-build': { type: 'boolean', default: false },
      'pacs-url': { type: 'string', default: process.env.STATREAD_PACS_URL },
      'allowed-host': { type: 'string', multiple: true, default: [] },
      'max-upload-mb': { type: 'string', default: '64' },
      'max-download-mb': { type: 'string', default: '2048' },
      'pacs-timeout-s': { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return Promise.resolve();
  }
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${v}"`);
    return n;
  };
  const port = num('port', values.port);
  const distDir = resolve(values.dist);
  if (!values['no-build']) {
    const why = staleReason(ROOT, distDir);
    if (why) {
      if (distDir !== resolve(ROOT, 'dist')) throw new Error(`${distDir}: ${why}; build it yourself or pass --no-build`);
      console.log(`statread: building dist/ (${why}) ...`);
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STATREAD_TEST_HOOKS: '' } });
      if (r.status !== 0) throw new Error('npm run build failed');
    }
  }
  const host = values.host;
  if (!LOOPBACK_HOSTS.includes(host) && host !== '::1') {
    console.warn(
      `statread: WARNING listening on ${host}: other machines can reach this server and, through /dicomweb, your PACS.\n` +
        '  Put it behind a reverse proxy that authenticates users (docs/deploy.md), and pass --allowed-host with the name they use.',
    );
  }
  const target = pacsTarget(values['pacs-url']);
  return createServer({
    distDir,
    pacsUrl: target.href,
    allowedHosts: [host, ...values['allowed-host']],
    proxy: {
      maxRequestBytes: num('max-upload-mb', values['max-upload-mb']) * 2 ** 20,
      maxResponseBytes: num('max-download-mb', values['max-download-mb']) * 2 ** 20,
      upstreamTimeoutMs: num('pacs-timeout-s', values['pacs-timeout-s']) * 1000,
    },
  }).then(async (app) => {
    await app.listen({ host, port });
    const shown = host.includes(':') ? `[${host}]` : host;
    console.log(`StatRead (not for diagnostic use) at http://${shown}:${port}/  serving ${distDir}; /dicomweb -> ${target.href}`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void app.close().then(() => process.exit(0)));
  });
}

main().catch((e: Error) => {
  console.error(`statread: ${e.message}`);
  process.exit(1);
});
