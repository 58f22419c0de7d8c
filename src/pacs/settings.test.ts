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
  credentialStore: 'local',
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
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw-local' } });
    const b = srv('b', { auth: { kind: 'bearer', token: 'tok-session' }, credentialStore: 'session' });
    saveSettings({ servers: [a, b], activeId: 'b' }, st);
    const list = st.local.getItem('statread.pacs.servers')!;
    expect(list).not.toContain('pw-local');
    expect(list).not.toContain('tok-session');
    // The session-only token never touches localStorage.
    expect(st.local.dump()).not.toContain('tok-session');
    expect(st.session.dump()).toContain('tok-session');
    expect(loadSettings(st)).toEqual({ servers: [a, b], activeId: 'b' });
    // A new tab (empty sessionStorage): the server is there, its token is not.
    const fresh = loadSettings({ local: st.local, session: new MemStorage() });
    expect(fresh.servers[1].auth).toEqual({ kind: 'bearer', token: '' });
    expect(fresh.servers[0].auth).toEqual({ kind: 'basic', username: 'ann', password: 'pw-local' });
  });

  it('switching a server to session-only moves its secret out of localStorage; forgetting removes it', () => {
    const st = { local: new MemStorage(), session: new MemStorage() };
    const a = srv('a', { auth: { kind: 'basic', username: 'ann', password: 'pw' } });
    saveSettings({ servers: [a], activeId: 'a' }, st);
    expect(st.local.getItem('statread.pacs.secret.a')).toBe('pw');
    saveSettings({ servers: [{ ...a, credentialStore: 'session' }], activeId: 'a' }, st);
    expect(st.local.getItem('statread.pacs.secret.a')).toBeNull();
    expect(st.session.getItem('statread.pacs.secret.a')).toBe('pw');
    forgetSecret('a', st);
    expect(st.session.getItem('statread.pacs.secret.a')).toBeNull();
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
