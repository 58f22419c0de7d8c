// Saved DICOMweb servers (several; one active), kept in localStorage without their secrets. A server's password or
// token lives apart, under its own key: in sessionStorage (gone when the tab closes) unless the reader ticked
// "Remember on this computer" for that server (credentialStore 'local': localStorage, unencrypted). See
// docs/pacs.md and docs/security.md.
//
// Migration: before schema 2 every secret went to localStorage unless "only for this session" was ticked. A server
// saved then (no `v: 2`) is loaded as session-only and its secret, if in localStorage, is moved to sessionStorage
// and deleted from localStorage; the reader ticks "Remember on this computer" again to keep it across restarts.
import { normaliseBaseUrl } from './auth';
import type { PacsAuth, PacsServer } from './types';
import { DEFAULT_TIMEOUT_MS } from './types';

const SERVERS_KEY = 'statread.pacs.servers';
const ACTIVE_KEY = 'statread.pacs.active';
const SECRET_PREFIX = 'statread.pacs.secret.';
/** Schema of a stored server: 2 = credentialStore 'local' was chosen with "Remember on this computer". */
const SCHEMA = 2;

/** Same origin: the dev and preview servers proxy this path to Orthanc (STATREAD_PACS_URL), so no CORS is needed. */
export const DEFAULT_SERVER: PacsServer = {
  id: 'local',
  name: 'Local Orthanc (via this site)',
  baseUrl: './dicomweb',
  auth: { kind: 'none' },
  credentialStore: 'session',
  timeoutMs: DEFAULT_TIMEOUT_MS,
};

export interface SavedSettings {
  servers: PacsServer[];
  activeId: string;
}

interface StoredServer {
  v?: number;
  id: string;
  name: string;
  baseUrl: string;
  credentialStore: 'local' | 'session';
  timeoutMs: number;
  auth: PacsAuth | { kind: 'basic'; username: string } | { kind: 'bearer' };
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storages(): { local: StorageLike | null; session: StorageLike | null } {
  const get = (k: 'localStorage' | 'sessionStorage'): StorageLike | null => {
    try {
      return typeof window !== 'undefined' ? window[k] : null;
    } catch {
      return null;
    }
  };
  return { local: get('localStorage'), session: get('sessionStorage') };
}

function secretOf(auth: PacsAuth): string | null {
  return auth.kind === 'basic' ? auth.password : auth.kind === 'bearer' ? auth.token : null;
}

function withSecret(auth: StoredServer['auth'], secret: string | null): PacsAuth {
  if (auth.kind === 'basic') return { kind: 'basic', username: auth.username, password: secret ?? ('password' in auth ? auth.password : '') };
  if (auth.kind === 'bearer') return { kind: 'bearer', token: secret ?? ('token' in auth ? auth.token : '') };
  return { kind: 'none' };
}

function sanitise(raw: unknown): StoredServer | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<StoredServer>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string' || typeof r.baseUrl !== 'string') return null;
  try {
    normaliseBaseUrl(r.baseUrl);
  } catch {
    return null;
  }
  const auth =
    r.auth && typeof r.auth === 'object' && ['none', 'basic', 'bearer'].includes((r.auth as { kind: string }).kind) ? r.auth : { kind: 'none' as const };
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.baseUrl,
    // Only a server saved with schema 2 may keep its secret in localStorage (the reader chose it with the warning).
    v: r.v,
    credentialStore: r.v === SCHEMA && r.credentialStore === 'local' ? 'local' : 'session',
    timeoutMs: typeof r.timeoutMs === 'number' && r.timeoutMs >= 1000 ? r.timeoutMs : DEFAULT_TIMEOUT_MS,
    auth: auth as StoredServer['auth'],
  };
}

export function loadSettings(st = storages()): SavedSettings {
  let servers: PacsServer[] = [];
  let migrate = false;
  try {
    const list = JSON.parse(st.local?.getItem(SERVERS_KEY) ?? 'null') as unknown;
    if (Array.isArray(list)) {
      servers = list
        .map(sanitise)
        .filter((s): s is StoredServer => !!s)
        .map(({ v, ...s }) => {
          if (v !== SCHEMA) migrate = true;
          const key = SECRET_PREFIX + s.id;
          let secret: string | null = null;
          if (s.auth.kind !== 'none' && s.credentialStore === 'local') secret = st.local?.getItem(key) ?? null;
          else if (s.auth.kind !== 'none') {
            secret = st.session?.getItem(key) ?? null;
            // A session-only server's secret in localStorage (saved before schema 2): moved by the save below.
            const legacy = st.local?.getItem(key) ?? null;
            if (legacy !== null) {
              secret ??= legacy;
              migrate = true;
            }
          }
          return { ...s, auth: withSecret(s.auth, secret) };
        });
    }
  } catch {
    servers = [];
  }
  if (servers.length === 0) servers = [DEFAULT_SERVER];
  const active = st.local?.getItem(ACTIVE_KEY) ?? '';
  const settings = { servers, activeId: servers.some((s) => s.id === active) ? active : servers[0].id };
  // Rewrites the list as schema 2 and moves each session-only secret out of localStorage.
  if (migrate) saveSettings(settings, st);
  return settings;
}

export function saveSettings(settings: SavedSettings, st = storages()): void {
  if (!st.local) return;
  const stored: StoredServer[] = settings.servers.map((s) => ({
    v: SCHEMA,
    id: s.id,
    name: s.name,
    baseUrl: s.baseUrl,
    credentialStore: s.credentialStore,
    timeoutMs: s.timeoutMs,
    // The secret is never part of the server list; it is stored under its own key (local or session).
    auth: s.auth.kind === 'basic' ? { kind: 'basic', username: s.auth.username } : s.auth.kind === 'bearer' ? { kind: 'bearer' } : { kind: 'none' },
  }));
  try {
    st.local.setItem(SERVERS_KEY, JSON.stringify(stored));
    st.local.setItem(ACTIVE_KEY, settings.activeId);
    for (const s of settings.servers) {
      const secret = secretOf(s.auth);
      const keep = s.credentialStore === 'session' ? st.session : st.local;
      const drop = s.credentialStore === 'session' ? st.local : st.session;
      drop?.removeItem(SECRET_PREFIX + s.id);
      if (secret) keep?.setItem(SECRET_PREFIX + s.id, secret);
      else keep?.removeItem(SECRET_PREFIX + s.id);
    }
  } catch {
    // storage full or disabled: settings last for this page only
  }
}

/** Forgets a removed server's secret in both stores. */
export function forgetSecret(id: string, st = storages()): void {
  st.local?.removeItem(SECRET_PREFIX + id);
  st.session?.removeItem(SECRET_PREFIX + id);
}

export function newServerId(): string {
  return `srv-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}
