// window.__statreadPacs: read-only state for end-to-end tests (what was stored, what was opened); test builds only.
import { usePacsStore } from '../pacs/pacsStore';

export interface PacsTestSnapshot {
  activeServer: string;
  send: { state: string; message: string; srUid?: string; scUid?: string };
  opening: Record<string, { state: string }>;
  storedResults: Record<
    string,
    { sopInstanceUid: string; modelId: string; modelVersion: string; findings: { label: string; probability: number; flagged: boolean }[] }[]
  >;
}

declare global {
  interface Window {
    __statreadPacs?: { snapshot(): PacsTestSnapshot };
  }
}

export function installPacsTestHooks(): void {
  window.__statreadPacs = {
    snapshot() {
      const s = usePacsStore.getState();
      return {
        activeServer: s.activeId,
        send: { ...s.send },
        opening: Object.fromEntries(Object.entries(s.opening).map(([k, v]) => [k, { state: v.state }])),
        storedResults: Object.fromEntries(
          Object.entries(s.storedResults).map(([k, list]) => [
            k,
            list.map((r) => ({
              sopInstanceUid: r.sopInstanceUid,
              modelId: r.modelId,
              modelVersion: r.modelVersion,
              findings: r.findings.map((f) => ({ label: f.label, probability: f.probability, flagged: f.flagged })),
            })),
          ]),
        ),
      };
    },
  };
}
