// window.__statreadScoring (src/inference/scoringTestHooks.ts): the requests the scoring service sent to its
// workers, per image id (score: a model run for a result; heatmap: a model run only for a map).
import type { Page } from '@playwright/test';
import type { ScoringTestHooks } from '../../src/inference/scoringTestHooks';

export interface ScoringWindow {
  __statreadScoring?: ScoringTestHooks;
}

export type RequestCount = ReturnType<ScoringTestHooks['total']>;

export function scoringRequests(page: Page): Promise<Record<string, RequestCount>> {
  return page.evaluate(() => (window as unknown as ScoringWindow).__statreadScoring!.requests());
}

export function scoringTotal(page: Page): Promise<RequestCount> {
  return page.evaluate(() => (window as unknown as ScoringWindow).__statreadScoring!.total());
}
