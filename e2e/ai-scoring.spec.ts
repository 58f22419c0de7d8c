// Scoring on open: a real chest DICOM and a real PNG reach "done" with the Findings table; flags follow the
// manifest's operating points and critical list; the panel names backend, model (with its card) and says
// "not for diagnostic use".
import { test, expect } from '@playwright/test';
import { AiPanel, modelRoot, openAndShow } from './support/aiPanel';
import { defaultModelDir, readModelManifest } from './support/aiReference';
import { dataPath, missingDataReason } from '../test-support/sharedData';

test.describe('AI scoring', () => {
  test.describe.configure({ timeout: 300_000 });

  test('a chest DICOM and a PNG are scored into the Findings table', async ({ page }) => {
    const skip = missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    const manifest = readModelManifest(defaultModelDir(await modelRoot()));
    const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
    await expect(ai.status).toHaveAttribute('data-state', /loading-model|idle/);
    await ai.waitForModel();
    await expect(ai.status).toHaveAttribute('data-state', 'idle');
    await expect(ai.backend).toHaveText('wasm');
    await expect(page.getByText(/not for diagnostic use/i).first()).toBeVisible();
    const card = page.getByTestId('ai-model').getByRole('link', { name: 'model card' });
    await expect(card).toHaveAttribute('href', /MODEL_CARD\.md$/);
    await expect(page.getByTestId('ai-model')).toContainText(`${manifest.id} v${manifest.version}`);

    for (const file of [dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'), dataPath('cxr-fullres', '00000002_000.png')]) {
      const name = await openAndShow(app, file);
      const snap = await ai.waitForResult(name);
      expect(snap.state, snap.reason).toBe('done');
      await expect(ai.status).toHaveAttribute('data-state', 'done');
      await expect(ai.findings).toBeVisible();
      await expect(ai.rows).toHaveCount(manifest.labels.length);
      // First cell: the finding's name; second: its probability as a percentage.
      const cells = await ai.rows.evaluateAll((rows) =>
        rows.map((r) => ({
          name: (r as HTMLTableRowElement).cells[0].textContent ?? '',
          pct: (r as HTMLTableRowElement).cells[1].textContent ?? '',
          p: Number((r as HTMLElement).dataset.probability),
          finding: (r as HTMLElement).dataset.finding!,
          critical: (r as HTMLElement).dataset.critical,
        })),
      );
      expect(cells.map((c) => c.finding).sort()).toEqual([...manifest.labels].sort());
      for (const c of cells) {
        expect(c.name.startsWith(c.finding)).toBe(true);
        expect(c.pct).toBe(`${(c.p * 100).toFixed(1)}%`);
        const shouldFlag = manifest.critical.includes(c.finding) && c.p >= manifest.operatingPoints[c.finding];
        expect(c.critical, `${c.finding} p=${c.p} op=${manifest.operatingPoints[c.finding]}`).toBe(shouldFlag ? 'true' : 'false');
      }
      const anyFlag = cells.some((c) => c.critical === 'true');
      await expect(page.getByTestId('critical-banner')).toHaveCount(anyFlag ? 1 : 0);
      await expect(page.getByTestId('ai-time')).toHaveText(/^\d+$/);
    }
  });
});
