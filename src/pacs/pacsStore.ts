// PACS state (its own zustand store, like the AI store): saved servers and the active one, the search form and
// its current page, which studies are being opened, "Score all" progress, and the last "Send to PACS" outcome.
import { create } from 'zustand';
import { loadSettings, saveSettings, forgetSecret } from './settings';
import type { PacsServer, StudyQuery, StudySummary } from './types';
import { DEFAULT_MODALITIES, DEFAULT_PAGE_SIZE } from './types';
import type { StoredAiResult } from './readAiSr';

export type OpenState =
  | { state: 'opening'; done: number; total: number }
  | { state: 'opened'; images: number; skipped: number; failed: number; serverId: string }
  | { state: 'error'; message: string; retryable: boolean };

export type SearchState = 'idle' | 'searching' | 'done' | 'error';

export interface SendState {
  state: 'idle' | 'sending' | 'sent' | 'error';
  message: string;
  /** SOP Instance UIDs of the SR and the secondary capture that were stored. */
  srUid?: string;
  scUid?: string;
  imageKey?: string;
}

export interface PacsStore {
  open: boolean;
  tab: 'search' | 'settings';
  servers: PacsServer[];
  activeId: string;
  query: StudyQuery;
  searchState: SearchState;
  searchError: { message: string; retryable: boolean } | null;
  results: StudySummary[];
  offset: number;
  hasMore: boolean;
  opening: Record<string, OpenState>;
  /** "Score all results": progress; `stopped` once the user pressed Stop (the study being opened finishes). */
  scoreAll: { running: boolean; done: number; total: number; failed: number; stopped?: boolean } | null;
  storedResults: Record<string, StoredAiResult[]>;
  /** SOP Instance UIDs retrieved per study (a second "Open" fetches only new ones). */
  retrievedSops: Record<string, string[]>;
  send: SendState;
  set: (p: Partial<Omit<PacsStore, 'set'>>) => void;
  setOpening: (uid: string, s: OpenState) => void;
  saveServer: (s: PacsServer) => void;
  removeServer: (id: string) => void;
  setActive: (id: string) => void;
}

const initial = loadSettings();

export const usePacsStore = create<PacsStore>()((set, get) => ({
  open: false,
  tab: 'search',
  servers: initial.servers,
  activeId: initial.activeId,
  query: { modalities: [...DEFAULT_MODALITIES], limit: DEFAULT_PAGE_SIZE },
  searchState: 'idle',
  searchError: null,
  results: [],
  offset: 0,
  hasMore: false,
  opening: {},
  scoreAll: null,
  storedResults: {},
  retrievedSops: {},
  send: { state: 'idle', message: '' },
  set: (p) => set(p),
  setOpening: (uid, s) => set((st) => ({ opening: { ...st.opening, [uid]: s } })),
  saveServer: (s) => {
    const servers = get().servers.some((x) => x.id === s.id) ? get().servers.map((x) => (x.id === s.id ? s : x)) : [...get().servers, s];
    set({ servers });
    saveSettings({ servers, activeId: get().activeId });
  },
  removeServer: (id) => {
    const servers = get().servers.filter((x) => x.id !== id);
    if (servers.length === 0) return;
    const activeId = get().activeId === id ? servers[0].id : get().activeId;
    forgetSecret(id);
    set({ servers, activeId });
    saveSettings({ servers, activeId });
  },
  setActive: (id) => {
    if (!get().servers.some((x) => x.id === id)) return;
    set({ activeId: id, results: [], searchState: 'idle', searchError: null, offset: 0, hasMore: false });
    saveSettings({ servers: get().servers, activeId: id });
  },
}));

export function activeServer(): PacsServer {
  const s = usePacsStore.getState();
  return s.servers.find((x) => x.id === s.activeId) ?? s.servers[0];
}
