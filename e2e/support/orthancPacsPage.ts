// Page object for the PACS dialog (src/ui/pacs): server settings, study search, open / score all, send to PACS.
// Waits on data-state attributes and hook state, never on sleeps.
import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_PACS_PASSWORD, E2E_PACS_USER } from './orthanc';
import type { PacsTestSnapshot } from '../../src/testing/pacsTestHooks';

export interface PacsWindow {
  __statreadPacs?: { snapshot(): PacsTestSnapshot };
}

export interface ServerForm {
  name: string;
  baseUrl: string;
  auth?: { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };
  /** Tick "Remember on this computer" (credentials in localStorage); else they are kept for this session only. */
  remember?: boolean;
}

export const TEST_SERVER: ServerForm = {
  name: 'E2E Orthanc',
  baseUrl: './dicomweb',
  auth: { kind: 'basic', username: E2E_PACS_USER, password: E2E_PACS_PASSWORD },
};

export class PacsDialog {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'PACS' });
  }
  get results(): Locator {
    return this.dialog.getByRole('table', { name: 'PACS studies' });
  }
  get rows(): Locator {
    return this.dialog.getByTestId('pacs-study-row');
  }
  get searchState(): Locator {
    return this.dialog.getByTestId('pacs-search-state');
  }
  get error(): Locator {
    return this.dialog.getByTestId('pacs-error');
  }
  get connectionStatus(): Locator {
    return this.dialog.getByTestId('pacs-connection-status');
  }

  async open(): Promise<void> {
    if (await this.dialog.isVisible()) return;
    await this.page.getByRole('button', { name: 'PACS', exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async tab(name: 'Search' | 'Servers'): Promise<void> {
    await this.open();
    await this.dialog.getByRole('tab', { name }).click();
  }

  /** Adds a server through the settings form and makes it the active one. */
  async addServer(s: ServerForm): Promise<void> {
    await this.tab('Servers');
    const form = this.dialog.getByRole('form', { name: 'Server settings' });
    if (await form.getByRole('button', { name: 'New server' }).isVisible()) await form.getByRole('button', { name: 'New server' }).click();
    await form.getByLabel('Name', { exact: true }).fill(s.name);
    await form.getByLabel('Base URL', { exact: true }).fill(s.baseUrl);
    if (s.auth?.kind === 'basic') {
      await form.getByLabel('Authentication', { exact: true }).selectOption('basic');
      await form.getByLabel('User name', { exact: true }).fill(s.auth.username);
      await form.getByLabel('Password', { exact: true }).fill(s.auth.password);
    } else if (s.auth?.kind === 'bearer') {
      await form.getByLabel('Authentication', { exact: true }).selectOption('bearer');
      await form.getByLabel('Token', { exact: true }).fill(s.auth.token);
    }
    if (s.remember) await form.getByLabel('Remember on this computer', { exact: true }).check();
    await form.getByRole('button', { name: 'Add server' }).click();
    await this.dialog.getByRole('radio', { name: `Use ${s.name}` }).check();
    await expect(this.dialog.getByTestId('pacs-active-server')).toContainText(s.name);
  }

  async search(
    q: { patientName?: string; patientId?: string; from?: string; to?: string; accession?: string; modalities?: string; pageSize?: number } = {},
  ): Promise<void> {
    await this.tab('Search');
    const form = this.dialog.getByRole('form', { name: 'Study search' });
    await form.getByLabel('Patient name', { exact: true }).fill(q.patientName ?? '');
    await form.getByLabel('Patient ID', { exact: true }).fill(q.patientId ?? '');
    await form.getByLabel('From', { exact: true }).fill(q.from ?? '');
    await form.getByLabel('To', { exact: true }).fill(q.to ?? '');
    await form.getByLabel('Accession number', { exact: true }).fill(q.accession ?? '');
    if (q.modalities !== undefined) await form.getByLabel('Modalities', { exact: true }).fill(q.modalities);
    if (q.pageSize !== undefined) await form.getByLabel('Page size', { exact: true }).fill(String(q.pageSize));
    await form.getByRole('button', { name: 'Search' }).click();
    await expect(this.searchState).toHaveAttribute('data-state', /done|error/, { timeout: 60_000 });
  }

  /** Patient names of the listed studies, in order. */
  async listedPatients(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).cells[0].textContent ?? ''));
  }

  async listedStudyUids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.studyUid ?? ''));
  }

  row(studyUid: string): Locator {
    return this.dialog.locator(`[data-testid="pacs-study-row"][data-study-uid="${studyUid}"]`);
  }

  /** Clicks Open (or Show/Retry) on a study's row and waits until it is opened or failed. */
  async openStudy(studyUid: string, expectState: 'opened' | 'error' = 'opened'): Promise<void> {
    const row = this.row(studyUid);
    await row.getByRole('button', { name: /^Open study of/ }).click();
    await expect(row).toHaveAttribute('data-open-state', expectState, { timeout: 120_000 });
  }

  async snapshot(): Promise<PacsTestSnapshot> {
    return this.page.evaluate(() => (window as unknown as PacsWindow).__statreadPacs!.snapshot());
  }
}
