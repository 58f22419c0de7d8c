// The findings panel's view of the score store: one status for the image on screen (the panel's data-state
// contract) with its reason, and its result once there is one. Pure selectors: components and hooks call them
// through useScoreStore, so they return primitives or objects already in the store.
import type { ScoreEntry, ScoreStore } from './scoreStore';

export type PanelState = 'idle' | 'loading-model' | 'scoring' | 'done' | 'not-scored' | 'error';

export function onScreenEntry(s: ScoreStore): ScoreEntry | null {
  return s.onScreen ? (s.images[s.onScreen] ?? null) : null;
}

export function panelState(s: ScoreStore): PanelState {
  if (s.modelState === 'error') return 'error';
  if (s.modelState === 'loading') return 'loading-model';
  if (!s.onScreen) return 'idle';
  const e = onScreenEntry(s);
  if (!e || e.status === 'queued' || e.status === 'scoring') return 'scoring';
  return e.status;
}

export function panelReason(s: ScoreStore): string {
  if (s.modelState !== 'ready') return s.modelReason;
  if (!s.onScreen) return 'no image open';
  const e = onScreenEntry(s);
  if (!e) return 'scoring';
  switch (e.status) {
    case 'queued':
    case 'scoring':
      return `scoring ${e.fileName}`;
    case 'not-scored':
      return `Not scored: ${e.reason}`;
    case 'error':
      // Failure reasons are written for the worklist ("could not score x.png: ..."); the panel starts a sentence.
      return e.reason.startsWith('could not score ') ? `C${e.reason.slice(1)}` : `Could not score ${e.fileName}: ${e.reason}`;
    case 'done': {
      const r = e.result;
      return r && r.forced && !r.gate.pass ? `Scored anyway (gate overridden: ${r.gate.reason})` : `scored ${e.fileName}`;
    }
  }
}

/** The heatmap of the image on screen, when it is scored and its map has arrived. */
export function onScreenHeatmap(s: ScoreStore): ScoreStore['heatmap'] {
  return s.heatmap && s.heatmap.imageId === s.onScreen && panelState(s) === 'done' ? s.heatmap : null;
}
