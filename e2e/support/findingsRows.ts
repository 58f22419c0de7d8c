// The findings table's rows as data (data-finding, data-probability, data-operating-point, data-above,
// data-validated, data-critical), the heatmap the panel shows by default or on request, and the app opened with a
// variant of the model's manifest (its operating points or critical list changed), so that a test can put a
// finding above or below its operating point on real images without depending on the model's probabilities.
// Builds on AiPanel (aiPanel.ts), which stays as it is.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { ModelManifest } from '../../src/model/manifest';
import { AiPanel, modelRoot, routeModels, type AiWindow } from './aiPanel';
import { StatReadPage } from './statreadPage';

export interface FindingRowData {
  label: string;
  probability: number;
  operatingPoint: number | null;
  above: boolean;
  validated: boolean;
  flagged: boolean;
}

/** Every row of the findings table (validated and not validated), in table order. */
export async function findingRows(ai: AiPanel): Promise<FindingRowData[]> {
  return ai.rows.evaluateAll((rows) =>
    rows.map((r) => {
      const d = (r as HTMLElement).dataset;
      return {
        label: d.finding!,
        probability: Number(d.probability),
        operatingPoint: d.operatingPoint ? Number(d.operatingPoint) : null,
        above: d.above === 'true',
        validated: d.validated === 'true',
        flagged: d.critical === 'true',
      };
    }),
  );
}

/**
 * The finding whose map the panel shows without being asked (as src/model/cxrModel.ts defaultHeatmapFinding): the
 * flagged finding furthest over its operating point, else the finding above its operating point furthest over it,
 * else none.
 */
export function expectedDefaultHeatmap(rows: FindingRowData[]): string | null {
  const over = (r: FindingRowData) => (r.operatingPoint ? r.probability / r.operatingPoint : r.probability);
  const pick = (list: FindingRowData[]) => [...list].sort((a, b) => over(b) - over(a))[0]?.label ?? null;
  return pick(rows.filter((r) => r.flagged)) ?? pick(rows.filter((r) => r.above));
}

/**
 * The reason a worklist row gives for a single-image study with these findings: the flagged finding with the
 * highest probability, else the most probable finding above its operating point, else none.
 */
export function expectedRowReason(rows: FindingRowData[]): string | null {
  const top = (list: FindingRowData[]) => [...list].sort((a, b) => b.probability - a.probability)[0]?.label ?? null;
  return top(rows.filter((r) => r.flagged)) ?? top(rows.filter((r) => r.above && r.validated));
}

/**
 * Makes sure a heatmap is on screen: the default one when a finding is above its operating point (waited for),
 * else the reader asks for `fallback` (or the first row's) by clicking its row. Returns the finding shown.
 */
export async function showAHeatmap(ai: AiPanel, fallback?: string): Promise<string> {
  const rows = await findingRows(ai);
  const label = expectedDefaultHeatmap(rows);
  if (label) {
    await expect(ai.heatmap).toBeVisible();
    await expect(ai.heatmap).toHaveAttribute('data-finding', label);
    return label;
  }
  const ask = fallback ?? rows[0].label;
  await ai.findings.locator(`tbody tr[data-finding="${ask}"]`).click();
  await expect(ai.heatmap).toBeVisible();
  await expect(ai.heatmap).toHaveAttribute('data-finding', ask);
  return ask;
}

const TYPES: Record<string, string> = { '.json': 'application/json' };

/**
 * AiPanel.open with the default model's manifest.json changed by `patch` (the weights, the other files and the
 * OOD statistics are the model's own; routed from the same folder as routeModels). The manifest is still
 * validated by the app, so the patch must keep it valid.
 */
export async function openWithManifest(
  page: Page,
  patch: (m: ModelManifest) => void,
  query = '?backend=wasm',
): Promise<{ app: StatReadPage; ai: AiPanel; manifest: ModelManifest }> {
  const root = await modelRoot();
  await routeModels(page);
  let patched: ModelManifest | null = null;
  // Registered after routeModels, so it answers first for manifest.json.
  await page.route(/\/models\/.*manifest\.json(\?.*)?$/, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^.*?\/models\//, ''));
    const file = join(root, rel);
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const m = JSON.parse(readFileSync(file, 'utf8')) as ModelManifest;
    patch(m);
    patched = m;
    return route.fulfill({ status: 200, body: JSON.stringify(m), headers: { 'content-type': TYPES[extname(file)] } });
  });
  await page.goto(`./${query}`);
  await page.waitForFunction(() => !!(window as unknown as AiWindow).__statread && !!(window as unknown as AiWindow).__statreadAi);
  const app = new StatReadPage(page);
  await expect(app.viewport).toHaveAttribute('data-state', 'empty');
  const ai = new AiPanel(page);
  await ai.waitForModel();
  expect(patched, 'the manifest was served patched').not.toBeNull();
  return { app, ai, manifest: patched! };
}

/** The validated findings of a manifest (an operating point, not the "any finding" output). */
export function validatedLabels(m: ModelManifest): string[] {
  return m.labels.filter((l) => l !== m.abnormal?.label && l in m.operatingPoints && !(l in (m.notValidated ?? {})));
}

/**
 * A heatmap on screen for the first row's finding (the default one first when there is one, so that its arrival
 * cannot replace the first row's afterwards): for AiPanel.switchAndToggleHeatmap, which asks for the second row's.
 */
export async function showFirstRowHeatmap(ai: AiPanel): Promise<string> {
  const first = (await findingRows(ai))[0].label;
  const shown = await showAHeatmap(ai, first);
  if (shown !== first) {
    await ai.findings.locator(`tbody tr[data-finding="${first}"]`).click();
    await expect(ai.heatmap).toHaveAttribute('data-finding', first);
    await expect(ai.heatmap).toBeVisible();
  }
  return first;
}
