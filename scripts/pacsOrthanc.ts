// Starts and stops a private Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) for `npm run pacs` and the PACS
// end-to-end tests: a generated JSON config, its own storage folder, loopback HTTP only, no DICOM (DIMSE) server,
// the DICOMweb plugin at /dicom-web/. Never touches the system service.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_CANDIDATES = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc', '/usr/local/sbin/Orthanc', '/usr/local/bin/Orthanc'];
export const DICOMWEB_PLUGIN_CANDIDATES = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/plugins/libOrthancDicomWeb.so'];

/** The end-to-end tests' Orthanc user (a loopback-only test server; not a secret). */
export const E2E_PACS_USER = 'statread-e2e';
export const E2E_PACS_PASSWORD = 'e2e-only-not-a-secret';

export interface OrthancInstall {
  binary: string;
  plugin: string;
}

/** Where Orthanc and its DICOMweb plugin are, or a sentence saying what is missing and how to install it. */
export function findOrthanc(): OrthancInstall | string {
  const binary = process.env.ORTHANC_BIN ?? ORTHANC_CANDIDATES.find((p) => existsSync(p));
  const plugin = process.env.ORTHANC_DICOMWEB_PLUGIN ?? DICOMWEB_PLUGIN_CANDIDATES.find((p) => existsSync(p));
  if (binary && plugin && existsSync(binary) && existsSync(plugin)) return { binary, plugin };
  const missing = [!binary || !existsSync(binary) ? 'Orthanc' : '', !plugin || !existsSync(plugin) ? 'its DICOMweb plugin' : ''].filter(Boolean).join(' and ');
  return `${missing} not installed: run "sudo apt-get install -y orthanc orthanc-dicomweb" (or bash scripts/ensure-orthanc.sh as root), or set ORTHANC_BIN / ORTHANC_DICOMWEB_PLUGIN`;
}

export interface OrthancOptions {
  httpPort: number;
  /** Storage folder (created); a fresh temporary one when omitted, removed on stop. */
  storageDir?: string;
  /** Basic-auth users; when given, every request must authenticate. */
  users?: Record<string, string>;
  name?: string;
  /** Where Orthanc's own log goes (default: a file in the run folder). */
  logFile?: string;
  quiet?: boolean;
}

export interface RunningOrthanc {
  url: string;
  dicomWebUrl: string;
  runDir: string;
  storageDir: string;
  process: ChildProcess;
  authHeader: Record<string, string>;
  stop(): Promise<void>;
}

export function orthancConfig(opts: OrthancOptions, storageDir: string, plugin: string): Record<string, unknown> {
  return {
    Name: opts.name ?? 'StatRead',
    StorageDirectory: storageDir,
    IndexDirectory: storageDir,
    HttpPort: opts.httpPort,
    RemoteAccessAllowed: false,
    HttpsCACertificates: '',
    AuthenticationEnabled: !!opts.users,
    RegisteredUsers: opts.users ?? {},
    DicomServerEnabled: false,
    // Unused while the DICOM server is off; a high port so that a config mistake never clashes with 4242.
    DicomPort: opts.httpPort + 1,
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Ssl: false, StudiesMetadata: 'MainDicomTags', SeriesMetadata: 'MainDicomTags' },
    StableAge: 1,
    SaveJobs: false,
    HttpTimeout: 60,
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until GET /system answers (any HTTP status means the server is up). */
async function waitUp(url: string, child: ChildProcess, headers: Record<string, string>, timeoutMs: number, log: string): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with code ${child.exitCode} before it started; its log (${log}):\n${tail(log)}`);
    try {
      const res = await fetch(`${url}/system`, { headers });
      if (res.status === 200) return;
      if (res.status === 401) throw new Error('Orthanc refused the start-up check (401)');
    } catch (e) {
      if ((e as Error).message.includes('401')) throw e;
    }
    await sleep(200);
  }
  throw new Error(`Orthanc did not answer on ${url} within ${timeoutMs / 1000} s; its log (${log}):\n${tail(log)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export async function startOrthanc(opts: OrthancOptions): Promise<RunningOrthanc> {
  const found = findOrthanc();
  if (typeof found === 'string') throw new Error(found);
  // Otherwise the start-up check could be answered by whatever already listens there.
  if (await portInUse(opts.httpPort)) throw new Error(`port ${opts.httpPort} is already in use (another Orthanc or server?); choose another port`);
  const runDir = mkdtempSync(join(tmpdir(), 'statread-orthanc-'));
  const storageDir = opts.storageDir ?? join(runDir, 'storage');
  mkdirSync(storageDir, { recursive: true });
  const configPath = join(runDir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(orthancConfig(opts, storageDir, found.plugin), null, 2));
  const logFile = opts.logFile ?? join(runDir, 'orthanc.log');
  const fd = openSync(logFile, 'a');
  // Orthanc runs under a small shell that also watches our stdin pipe: when this Node process goes away in any
  // way (even SIGKILL, when no handler runs), the pipe closes and the shell stops Orthanc, so no server is left
  // behind holding the port. stop() closes the pipe the same way.
  // It then removes the temporary run folder too. (A background job's stdin is /dev/null in sh, hence the copy
  // of the pipe on fd 3.)
  const watchdog =
    'exec 3<&0; "$0" "$1" </dev/null & pid=$!; ' +
    '( cat <&3 >/dev/null; kill $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; rm -rf "$2" ) & ' +
    'exec 3<&-; wait $pid';
  const child = spawn('sh', ['-c', watchdog, found.binary, configPath, runDir], { stdio: ['pipe', fd, fd], detached: false });
  const url = `http://127.0.0.1:${opts.httpPort}`;
  const [user, password] = Object.entries(opts.users ?? {})[0] ?? [];
  const authHeader: Record<string, string> = user ? { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {};
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      child.stdin?.end();
      for (let i = 0; i < 100 && child.exitCode === null; i++) await sleep(100);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    // Our temporary run folder (config, log, and the storage when it was ours) goes away with the server.
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await waitUp(url, child, authHeader, 30_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, dicomWebUrl: `${url}/dicom-web`, runDir, storageDir, process: child, authHeader, stop };
}

/** Every file under `dir` (recursively). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listFiles(p));
    else if (st.isFile()) out.push(p);
  }
  return out.sort();
}

export interface UploadResult {
  file: string;
  status: 'stored' | 'already-stored' | 'rejected';
  detail: string;
  studyUid?: string;
}

/** POSTs each file to /instances (Orthanc's own REST upload). Non-DICOM files come back as rejected. */
export async function uploadFiles(baseUrl: string, files: string[], headers: Record<string, string> = {}): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  for (const file of files) {
    const body = readFileSync(file);
    const res = await fetch(`${baseUrl}/instances`, { method: 'POST', body, headers: { 'Content-Type': 'application/dicom', ...headers } });
    const text = await res.text();
    let status: UploadResult['status'] = 'rejected';
    let detail: string;
    if (res.ok) {
      const j = JSON.parse(text) as { Status?: string; ParentStudy?: string };
      status = j.Status === 'AlreadyStored' ? 'already-stored' : 'stored';
      detail = j.Status ?? '';
    } else {
      try {
        const j = JSON.parse(text) as { Details?: string; Message?: string };
        detail = `${res.status} ${j.Details || j.Message || ''}`.trim();
      } catch {
        detail = `${res.status} ${text.slice(0, 120)}`;
      }
    }
    results.push({ file, status, detail });
  }
  return results;
}
