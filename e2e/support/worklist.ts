// Page object for the triage worklist (its public contract): the table named "Worklist", one
// [data-testid="worklist-row"] per study in display order with data-status / data-score, the progress bar,
// pause/resume, export, and window.__statreadTriage (src/triage/triageTestHooks.ts). Waits on attributes and
// hook state, never on sleeps.
import { expect, type Locator, type Page } from '@playwright/test';
import { StatReadPage, type HookWindow } from './statreadPage';
import { AiPanel, routeModels, type AiWindow } from './aiPanel';
import type { TriageRowSnapshot, TriageTestHooks } from '../../src/triage/triageTestHooks';

export type { TriageRowSnapshot } from '../../src/triage/triageTestHooks';

export interface TriageWindow extends HookWindow, AiWindow {
  __statreadTriage?: TriageTestHooks;
}

export interface RowState {
  key: string;
  status: string;
  score: number | null;
  flagged: boolean;
  read: boolean;
  selected: boolean;
  text: string;
}

export const FINISHED = ['done', 'not-scored', 'error'];

export class Worklist {
  constructor(readonly page: Page) {}

  /**
   * Opens the app with the model routed (e2e/support/aiPanel.ts) on wasm (the backend this machine picks;
   * fixed so that no background backend timing competes for the two cores), plus extra query parameters.
   */
  static async open(page: Page, query = ''): Promise<{ app: StatReadPage; ai: AiPanel; wl: Worklist }> {
    await routeModels(page);
    await page.goto(`./?backend=wasm${query ? `&${query}` : ''}`);
    await page.waitForFunction(() => {
      const w = window as unknown as TriageWindow;
      return !!w.__statread && !!w.__statreadAi && !!w.__statreadTriage;
    });
    const app = new StatReadPage(page);
    await expect(app.viewport).toHaveAttribute('data-state', 'empty');
    return { app, ai: new AiPanel(page), wl: new Worklist(page) };
  }

  get tab(): Locator {
    return this.page.getByRole('tab', { name: /^Worklist/ });
  }
  get table(): Locator {
    return this.page.getByRole('table', { name: 'Worklist' });
  }
  get rows(): Locator {
    return this.page.getByTestId('worklist-row');
  }
  get progress(): Locator {
    return this.page.getByTestId('worklist-progress');
  }
  get pauseButton(): Locator {
    return this.page.getByRole('button', { name: 'Pause' });
  }
  get resumeButton(): Locator {
    return this.page.getByRole('button', { name: 'Resume' });
  }
  get includeIdentifiers(): Locator {
    return this.page.getByLabel('Include identifiers');
  }

  async show(): Promise<void> {
    await this.tab.click();
    await expect(this.table).toBeVisible();
  }

  /** Rows as the DOM shows them, in display order. */
  async rowStates(): Promise<RowState[]> {
    return this.rows.evaluateAll((els) =>
      els.map((el) => {
        const e = el as HTMLElement;
        const s = e.dataset.score ?? '';
        return {
          key: e.dataset.key ?? '',
          status: e.dataset.status ?? '',
          score: s === '' ? null : Number(s),
          flagged: e.dataset.flagged === 'true',
          read: e.dataset.read === 'true',
          selected: e.getAttribute('aria-selected') === 'true',
          text: e.innerText,
        };
      }),
    );
  }

  async snapshot(): Promise<TriageRowSnapshot[]> {
    return this.page.evaluate(() => (window as unknown as TriageWindow).__statreadTriage!.rows());
  }

  async scoreRequests(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as TriageWindow).__statreadTriage!.scoreRequests());
  }

  async injectFault(mode: 'crash' | 'hang'): Promise<void> {
    await this.page.evaluate((m) => (window as unknown as TriageWindow).__statreadTriage!.injectFault(m), mode);
  }

  async setItemTimeout(ms: number): Promise<void> {
    await this.page.evaluate((t) => (window as unknown as TriageWindow).__statreadTriage!.setItemTimeout(t), ms);
  }

  async pool(): Promise<{ size: number; backend: string; restarts: number } | null> {
    return this.page.evaluate(() => (window as unknown as TriageWindow).__statreadTriage!.pool());
  }

  async exportText(format: 'csv' | 'json'): Promise<{ name: string; text: string }> {
    return this.page.evaluate((f) => (window as unknown as TriageWindow).__statreadTriage!.exportText(f), format);
  }

  /** Waits until `count` rows are listed and none is queued or scoring. */
  async waitAllFinished(count: number, timeout = 120_000): Promise<TriageRowSnapshot[]> {
    await this.page.waitForFunction(
      ([n, fin]) => {
        const rows = (window as unknown as TriageWindow).__statreadTriage!.rows();
        return rows.length === n && rows.every((r) => (fin as string[]).includes(r.status));
      },
      [count, FINISHED] as const,
      { timeout },
    );
    return this.snapshot();
  }

  /** Waits until at least `n` rows are finished. */
  async waitFinishedAtLeast(n: number, timeout = 120_000): Promise<void> {
    await this.page.waitForFunction(
      ([k, fin]) => (window as unknown as TriageWindow).__statreadTriage!.rows().filter((r) => (fin as string[]).includes(r.status)).length >= (k as number),
      [n, FINISHED] as const,
      { timeout },
    );
  }

  rowByKey(key: string): Locator {
    return this.page.locator(`[data-testid="worklist-row"][data-key="${key.replace(/"/g, '\\"')}"]`);
  }

  /** The key of the row whose study holds this file (from the hooks' snapshot). */
  async keyOf(fileName: string): Promise<string> {
    const row = (await this.snapshot()).find((r) => r.fileNames.includes(fileName));
    if (!row) throw new Error(`no worklist row holds ${fileName}`);
    return row.key;
  }
}

/** Flagged first, then by score (unscored last): true when `rows` are in that order. */
export function isSortedForTriage(rows: { flagged: boolean; score: number | null }[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    if (a.flagged !== b.flagged) {
      if (!a.flagged) return false;
      continue;
    }
    if ((a.score ?? -1) < (b.score ?? -1)) return false;
  }
  return true;
}
