// Scoring on open: a real chest DICOM and a real PNG reach "done" with the Findings table; flags and "above" marks
// follow the manifest's operating points and critical list, findings without an operating point are shown apart
// and never marked; the "any finding" line; the flag banner sits outside the image; the panel names backend, model
// (with its card) and says "not for diagnostic use".
import { test, expect } from '@playwright/test';
import { AiPanel, modelRoot, openAndShow } from './support/aiPanel';
import { defaultModelDir, readModelManifest } from './support/aiReference';
import { dataPath, missingDataReason } from '../test-support/sharedData';
import { findingName } from '../src/model/findingNames';

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
      // One row per finding (the "any finding" output is the line above the table, not a row).
      const findings = manifest.labels.filter((l) => l !== manifest.abnormal?.label);
      await expect(ai.rows).toHaveCount(findings.length);
      // First cell: the finding's name in words; second: its probability as a percentage; the marks.
      const cells = await ai.rows.evaluateAll((rows) =>
        rows.map((r) => ({
          name: (r as HTMLTableRowElement).cells[0].textContent ?? '',
          pct: (r as HTMLTableRowElement).cells[1].textContent ?? '',
          op: (r as HTMLTableRowElement).cells[2].textContent ?? '',
          call: (r as HTMLTableRowElement).cells[3].textContent ?? '',
          p: Number((r as HTMLElement).dataset.probability),
          finding: (r as HTMLElement).dataset.finding!,
          critical: (r as HTMLElement).dataset.critical,
          above: (r as HTMLElement).dataset.above,
          validated: (r as HTMLElement).dataset.validated,
          group: (r as HTMLElement).closest('tbody')!.className,
          title: (r as HTMLElement).title,
        })),
      );
      expect(cells.map((c) => c.finding).sort()).toEqual([...findings].sort());
      let seenNotValidated = false;
      for (const c of cells) {
        expect(c.name.startsWith(findingName(c.finding)), c.name).toBe(true);
        expect(c.pct).toBe(`${(c.p * 100).toFixed(1)}%`);
        const op = manifest.operatingPoints[c.finding];
        const validated = typeof op === 'number' && !(c.finding in (manifest.notValidated ?? {}));
        expect(c.validated, c.finding).toBe(validated ? 'true' : 'false');
        if (validated) {
          // Validated rows come first, in the first group; marked against their operating point.
          expect(seenNotValidated, `${c.finding} after a not-validated row`).toBe(false);
          const above = c.p >= op;
          expect(c.above, `${c.finding} p=${c.p} op=${op}`).toBe(above ? 'true' : 'false');
          const shouldFlag = manifest.critical.includes(c.finding) && above;
          expect(c.critical, `${c.finding} p=${c.p} op=${op}`).toBe(shouldFlag ? 'true' : 'false');
          expect(c.call).toBe(shouldFlag ? '⚑ FLAG' : above ? 'above' : '');
        } else {
          // Apart (their own group), greyed, no operating point and no mark whatever the probability; why, on hover.
          seenNotValidated = true;
          expect(c.group).toContain('ai-not-validated');
          expect([c.above, c.critical, c.op, c.call]).toEqual(['false', 'false', '—', '']);
          expect(c.title).toContain('Not validated');
          if (manifest.notValidated?.[c.finding]) expect(c.title).toContain(manifest.notValidated[c.finding]);
        }
      }
      if (seenNotValidated) await expect(ai.findings.getByText('Not validated — shown for information, never flagged')).toBeVisible();
      // The operating-point column explains itself.
      await expect(ai.findings.getByRole('columnheader', { name: 'Op. point' })).toHaveAttribute(
        'title',
        /probability at or above which the finding is called/,
      );
      // The "any finding" line, for a model that has that output.
      const anyLine = page.getByTestId('ai-abnormal');
      if (manifest.abnormal) {
        const p = Number(await anyLine.getAttribute('data-probability'));
        const above = p >= manifest.abnormal.operatingPoint;
        await expect(anyLine).toHaveAttribute('data-above', above ? 'true' : 'false');
        await expect(anyLine).toHaveText(
          `Any finding: ${(p * 100).toFixed(1)}% (operating point ${(manifest.abnormal.operatingPoint * 100).toFixed(1)}%) — ${above ? 'above' : 'below'}`,
        );
      } else await expect(anyLine).toHaveCount(0);
      // The flag banner, when a critical finding is flagged: in the panel, nowhere over the image.
      const anyFlag = cells.some((c) => c.critical === 'true');
      const banner = page.getByTestId('critical-banner');
      await expect(banner).toHaveCount(anyFlag ? 1 : 0);
      if (anyFlag) {
        await expect(banner).toBeVisible();
        const b = (await banner.boundingBox())!;
        const v = (await app.viewport.boundingBox())!;
        const overlaps = b.x < v.x + v.width && b.x + b.width > v.x && b.y < v.y + v.height && b.y + b.height > v.y;
        expect(overlaps, 'the banner does not cover the viewport').toBe(false);
      }
      await expect(page.getByTestId('ai-time')).toHaveText(/^\d+$/);
    }
  });
});
