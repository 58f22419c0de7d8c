// window.__statreadScoring: what the scoring service asked of its workers, per image id (test builds only,
// installed from src/testing/installTestHooks.ts). score: model runs for a result ("Score anyway" included);
// heatmap: model runs only to draw a map. Results from IndexedDB and CAM requests cost none.
import { requestCounts, requestTotals, type RequestCount } from './requestLog';

export interface ScoringTestHooks {
  requests(): Record<string, RequestCount>;
  total(): RequestCount;
}

declare global {
  interface Window {
    __statreadScoring?: ScoringTestHooks;
  }
}

export function installScoringTestHooks(): void {
  window.__statreadScoring = { requests: requestCounts, total: requestTotals };
}
