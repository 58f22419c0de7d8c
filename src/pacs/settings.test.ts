import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER, forgetSecret, loadSettings, saveSettings } from './settings';
import type { PacsServer } from './types';

class MemStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  dump() {
    return [...this.map.entries()].map(([k, v]) => `${k}=${v}`).join('\n');
  }
}

const srv = (id: string, over: Partial<PacsServer> = {}): PacsServer => ({
  id,
  name: id,
  baseUrl: 'https://pacs.example.org/dicom-web',
  auth: { kind: 'none' },
  credentialStore: 'session',
  timeoutMs: 30000,
  ...over,
});

describe('saved PACS servers', () => {
  it('defaults to the same-origin proxy path', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    expect(loadSettings(st)).toEqual({ servers: [DEFAULT_SERVER], activeId: DEFAULT_SERVER.id });
    expect(DEFAULT_SERVER.baseUrl).toBe('./dicomweb');
  });

  it('saves several servers and the active one; secrets live apart from the list', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw-remembered' }, credentialStore: 'local' });
    const b = srv('b', { auth: { kind: 'bearer', token: 'tok-session' } });
    saveSettings({ servers: [a, b], activeId: 'b' }, st);
    const list = st.local.getItem('statread.pacs.servers')!;
    expect(list).not.toContain('pw-remembered');
    expect(list).not.toContain('tok-session');
    // The session-only token never touches localStorage; the remembered password is there (the reader chose it).
    expect(st.local.dump()).not.toContain('tok-session');
    expect(st.session.dump()).toContain('tok-session');
    expect(st.local.getItem('statread.pacs.secret.a')).toBe('pw-remembered');
    expect(st.session.dump()).not.toContain('pw-remembered');
    expect(loadSettings(st)).toEqual({ servers: [a, b], activeId: 'b' });
    // A new tab (empty sessionStorage): the server is there, its token is not.
    const fresh = loadSettings({ local: st.local, session: new MemStorage() });
    expect(fresh.servers[1].auth).toEqual({ kind: 'bearer', token: '' });
    expect(fresh.servers[0].auth).toEqual({ kind: 'basic', username: 'ann', password: 'pw-remembered' });
  });

  it('credentials are kept for the session unless remembered: a new server and the default are session-only', () => {
    expect(DEFAULT_SERVER.credentialStore).toBe('session');
    const st = { local: new MemStorage(), session: new MemStorage() };
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw' }, credentialStore: 'session' });
    saveSettings({ servers: [a], activeId: 'a' }, st);
    expect(st.local.dump()).not.toContain('pw');
    expect(st.session.getItem('statread.pacs.secret.a')).toBe('pw');
  });

  it('switching Remember on and off moves the secret between the stores; forgetting removes it', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw' }, credentialStore: 'local' });
    saveSettings({ servers: [a], activeId: 'a' }, st);
    expect(st.local.getItem('statread.pacs.secret.a')).toBe('pw');
    saveSettings({ servers: [{ ...a, credentialStore: 'session' }], activeId: 'a' }, st);
    expect(st.local.getItem('statread.pacs.secret.a')).toBeNull();
    expect(st.session.getItem('statread.pacs.secret.a')).toBe('pw');
    forgetSecret('a', st);
    expect(st.session.getItem('statread.pacs.secret.a')).toBeNull();
  });

  it('a server saved before "Remember" existed is migrated: its secret moves from localStorage to sessionStorage', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    // What the previous release wrote: no schema marker, credentialStore 'local' (its default), secret in localStorage.
    st.local.setItem(
      'statread.pacs.servers',
      JSON.stringify([
        {
          id: 'old',
          name: 'old',
          baseUrl: 'https://pacs.example.org/dicom-web',
          credentialStore: 'local',
          timeoutMs: 30000,
          auth: { kind: 'basic', username: 'ann' },
        },
        { id: 'tok', name: 'tok', baseUrl: 'https://pacs.example.org/dicom-web', credentialStore: 'session', timeoutMs: 30000, auth: { kind: 'bearer' } },
      ]),
    );
    st.local.setItem('statread.pacs.secret.old', 'legacy-pw');
    st.session.setItem('statread.pacs.secret.tok', 'legacy-tok');
    const s = loadSettings(st);
    expect(s.servers[0]).toMatchObject({ credentialStore: 'session', auth: { kind: 'basic', username: 'ann', password: 'legacy-pw' } });
    expect(s.servers[1]).toMatchObject({ credentialStore: 'session', auth: { kind: 'bearer', token: 'legacy-tok' } });
    // No secret is left in localStorage; this tab keeps working with it from sessionStorage.
    expect(st.local.dump()).not.toContain('legacy-pw');
    expect(st.local.dump()).not.toContain('legacy-tok');
    expect(st.session.getItem('statread.pacs.secret.old')).toBe('legacy-pw');
    // The list was rewritten in the new schema: loading again changes nothing, a new tab has no secret.
    expect(loadSettings(st)).toEqual(s);
    expect(loadSettings({ local: st.local, session: new MemStorage() }).servers[0].auth).toEqual({ kind: 'basic', username: 'ann', password: '' });
  });

  it('a list edited to claim "local" without the schema marker does not keep a secret in localStorage', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw' }, credentialStore: 'local' });
    saveSettings({ servers: [a], activeId: 'a' }, st);
    const list = JSON.parse(st.local.getItem('statread.pacs.servers')!) as { v?: number }[];
    expect(list[0].v).toBe(2);
    delete list[0].v;
    st.local.setItem('statread.pacs.servers', JSON.stringify(list));
    expect(loadSettings(st).servers[0].credentialStore).toBe('session');
    expect(st.local.getItem('statread.pacs.secret.a')).toBeNull();
  });

  it('corrupt or hostile stored values fall back safely', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    st.local.setItem('statread.pacs.servers', '{not json');
    expect(loadSettings(st).servers).toEqual([DEFAULT_SERVER]);
    st.local.setItem('statread.pacs.servers', JSON.stringify([{ id: 'x', name: 'x', baseUrl: 'javascript:alert(1)' }, srv('ok')]));
    st.local.setItem('statread.pacs.active', 'gone');
    const s = loadSettings(st);
    expect(s.servers.map((x) => x.id)).toEqual(['ok']);
    expect(s.activeId).toBe('ok');
  });
});
