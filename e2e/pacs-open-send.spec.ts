// Open a study from the real test Orthanc (WADO-RS -> file intake), see it rendered and scored, "Send to PACS",
// then check what Orthanc stored (its REST API) and what StatRead reads back (SR in the panel, SC in the viewer):
// the same probabilities as the findings table. A study deleted meanwhile gives its message and nothing open is
// lost.
import { test, expect } from '@playwright/test';
import { AiPanel } from './support/aiPanel';
import { showAHeatmap } from './support/findingsRows';
import { AUTH, ORTHANC_URL, deleteStudy, ensureTestStudies, orthancGet, orthancStudyId, useTestOrthanc } from './support/orthanc';
import { CR_DX_STUDIES, testStudy } from './support/orthancData';
import { PacsDialog, TEST_SERVER } from './support/orthancPacsPage';

useTestOrthanc();

test.describe.configure({ timeout: 300_000 });

interface OrthancSeries {
  ID: string;
  MainDicomTags: { Modality?: string; SeriesDescription?: string; SeriesInstanceUID: string };
  Instances: string[];
}
type Tags = Record<string, unknown>;

/** Findings of the SR as Orthanc parsed it (simplified tags): label -> { probability, flagged }. */
function srFindings(tags: Tags): Record<string, { probability: number; flagged: boolean; critical: boolean }> {
  const out: Record<string, { probability: number; flagged: boolean; critical: boolean }> = {};
  for (const item of (tags.ContentSequence as Tags[]) ?? []) {
    const concept = (item.ConceptNameCodeSequence as Tags[])[0];
    if (item.ValueType !== 'CONTAINER' || concept.CodingSchemeDesignator !== '99STATREAD') continue;
    const kids = item.ContentSequence as Tags[];
    const by = (code: string) => kids.find((k) => (k.ConceptNameCodeSequence as Tags[])[0].CodeValue === code)!;
    const mv = (by('probability').MeasuredValueSequence as Tags[])[0];
    const yes = (code: string) => ((by(code).ConceptCodeSequence as Tags[])[0].CodeValue as string) === '373066001';
    out[String(concept.CodeValue)] = { probability: Number(mv.FloatingPointValue ?? mv.NumericValue), flagged: yes('flag'), critical: yes('critical') };
  }
  return out;
}

test('open a study from PACS: rendered and scored; Send to PACS stores an SR and a secondary capture that Orthanc and StatRead read back', async ({ page }) => {
  // A study of its own (an NIH 1024-px radiograph as DX), so that reruns against a kept server start clean.
  const study = testStudy(`SEND-${Date.now()}`, 'SEND', '20250311', 'DX', '00000001_000.png', 91, 'PACSRUN');
  await ensureTestStudies([study]);
  const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientId: study.patientId });
  await expect(pacs.rows).toHaveCount(1);
  await pacs.openStudy(study.studyUid);
  await expect(pacs.row(study.studyUid)).toContainText('opened: 1 image');
  await pacs.close();

  // Rendered in the viewer, listed in the study list, and scored.
  const fileName = `${study.sopUid}.dcm`;
  await expect(app.viewport).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(app.viewport).toHaveAttribute('data-file-name', fileName);
  const info = await app.imageInfo();
  expect(info?.rows).toBe(1024);
  const snap = await ai.waitForResult(fileName);
  expect(snap.state, snap.reason).toBe('done');
  const panel = await ai.tableProbabilities();
  expect(Object.keys(panel).length).toBeGreaterThan(0);
  const flaggedInPanel = await ai.flaggedRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.finding!));
  // A heatmap for the secondary capture: the default one (a finding above its operating point), else asked for.
  await showAHeatmap(ai);

  // Send to PACS.
  await page.getByRole('button', { name: 'Send to PACS' }).click();
  const status = page.getByTestId('pacs-send-status');
  await expect(status).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });
  await expect(status).toContainText(`study ${study.studyUid}`);
  const sent = (await pacs.snapshot()).send;
  expect(sent.srUid).toMatch(/^2\.25\.\d+$/);
  expect(sent.scUid).toMatch(/^2\.25\.\d+$/);
  expect(sent.srUid).not.toBe(sent.scUid);

  // Orthanc lists both in the study, each in a new series marked as AI output.
  const studyId = (await orthancStudyId(study.studyUid))!;
  const series = await orthancGet<OrthancSeries[]>(`/studies/${studyId}/series`);
  const bySop = async (uid: string) => {
    for (const s of series)
      for (const id of s.Instances) {
        const tags = await orthancGet<Tags>(`/instances/${id}/simplified-tags`);
        if (tags.SOPInstanceUID === uid) return { series: s, tags };
      }
    return null;
  };
  const sr = (await bySop(sent.srUid!))!;
  const sc = (await bySop(sent.scUid!))!;
  expect(sr, 'SR stored in the study').not.toBeNull();
  expect(sc, 'SC stored in the study').not.toBeNull();
  expect(sr.series.MainDicomTags.Modality).toBe('SR');
  expect(sc.series.MainDicomTags.Modality).toBe('OT');
  for (const x of [sr, sc]) {
    expect(x.series.MainDicomTags.SeriesDescription).toBe('StatRead AI output - not for diagnostic use');
    expect(x.tags.StudyInstanceUID).toBe(study.studyUid);
    expect(x.tags.PatientID).toBe(study.patientId);
    expect(x.tags.PatientName).toBe(study.patientName);
    expect(x.tags.SeriesInstanceUID).not.toBe(study.seriesUid);
  }
  expect(sr.tags.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.33');
  const algo = (sr.tags.ContentSequence as Tags[]).find((i) => (i.ConceptNameCodeSequence as Tags[])[0].CodeValue === '111001')!;
  expect(algo.TextValue).toBe(snap.model!.id);
  const refs = (sr.tags.ContentSequence as Tags[]).find((i) => i.ValueType === 'IMAGE')!.ReferencedSOPSequence as Tags[];
  expect(refs[0].ReferencedSOPInstanceUID).toBe(study.sopUid);
  // The SR's probabilities (Orthanc's reading) are the panel's.
  const fromOrthanc = srFindings(sr.tags);
  expect(Object.keys(fromOrthanc).sort()).toEqual(Object.keys(panel).sort());
  for (const [label, p] of Object.entries(panel)) expect(Math.abs(fromOrthanc[label].probability - p), label).toBeLessThan(1e-12);
  expect(
    Object.entries(fromOrthanc)
      .filter(([, f]) => f.flagged)
      .map(([l]) => l)
      .sort(),
  ).toEqual([...flaggedInPanel].sort());
  // The secondary capture: RGB, derived, marked, referencing the source image.
  expect(sc.tags.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.7');
  expect(sc.tags.PhotometricInterpretation).toBe('RGB');
  expect(sc.tags.SamplesPerPixel).toBe('3');
  expect(sc.tags.ImageType).toBe('DERIVED\\SECONDARY');
  expect(String(sc.tags.ImageComments)).toContain('not for diagnostic use');
  expect(String(sc.tags.DerivationDescription)).toContain(snap.model!.id);
  expect((sc.tags.SourceImageSequence as Tags[])[0].ReferencedSOPInstanceUID).toBe(study.sopUid);
  // Orthanc decodes the SC too (its own PNG rendering of the frame).
  const png = await fetch(`${ORTHANC_URL}/instances/${sc.series.Instances[0]}/preview`, { headers: AUTH });
  expect(png.status).toBe(200);
  expect(png.headers.get('content-type')).toContain('image/png');

  // StatRead reads them back: "Show" fetches only the two new instances; the SR is skipped by the viewer with
  // its reason and its findings appear in the PACS panel; the SC opens in the viewer and is not scored.
  await pacs.open();
  await pacs.openStudy(study.studyUid);
  await expect(pacs.row(study.studyUid)).toContainText('opened: 2 images, 1 skipped');
  const stored = pacs.dialog.locator(`table[aria-label="Stored AI result"][data-sop-uid="${sent.srUid}"]`);
  await expect(stored).toBeVisible();
  const back = await stored
    .locator('tr')
    .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.finding!, Number((r as HTMLElement).dataset.probability)])));
  expect(back).toEqual(panel);
  await pacs.close();
  await expect(app.skippedItems.filter({ hasText: `${sent.srUid}.dcm` })).toContainText(/Structured Report/);
  const scItem = app.seriesItems.filter({ hasText: 'StatRead AI output' });
  await expect(scItem).toHaveCount(1);
  await scItem.click();
  await expect(app.viewport).toHaveAttribute('data-file-name', `${sent.scUid}.dcm`);
  await expect(app.viewport).toHaveAttribute('data-state', 'ready');
  // Decoded as RGB, and the heatmap is in it (some pixels are not grey).
  const decoded = await page.evaluate(() => {
    const d = (
      window as unknown as { __statread: { getDecodedPixels(): { samplesPerPixel: number; photometric: string; data: ArrayLike<number> } | null } }
    ).__statread.getDecodedPixels()!;
    const { rows, columns } = d as unknown as { rows: number; columns: number };
    let coloured = 0;
    for (let i = 0; i + 2 < d.data.length; i += 3) if (d.data[i] !== d.data[i + 1] || d.data[i + 1] !== d.data[i + 2]) coloured++;
    // The burned-in banner: black box with yellow text along the bottom left.
    const px = (x: number, y: number) => [0, 1, 2].map((k) => d.data[(y * columns + x) * 3 + k]);
    let yellow = 0;
    for (let y = rows - 40; y < rows; y++)
      for (let x = 0; x < columns / 2; x++) {
        const [r, g, b] = px(x, y);
        if (r > 200 && g > 170 && b < 60) yellow++;
      }
    return { spp: d.samplesPerPixel, photometric: d.photometric, coloured, corner: px(1, rows - 2), yellow };
  });
  expect(decoded.spp).toBe(3);
  expect(decoded.photometric).toBe('RGB');
  expect(decoded.coloured).toBeGreaterThan(1000);
  expect(decoded.corner).toEqual([0, 0, 0]);
  expect(decoded.yellow).toBeGreaterThan(300);
  const scScore = await ai.waitForResult(`${sent.scUid}.dcm`);
  expect(scScore.state).toBe('not-scored');
});

test('a study deleted from the PACS after the search: clear message, retry offered, nothing open is lost', async ({ page }) => {
  const gone = testStudy(`GONE-${Date.now()}`, 'GONE', '20250310', 'CR', 'siim', 90, 'PACSRUN');
  await ensureTestStudies([gone]);
  const keep = CR_DX_STUDIES[0];
  const { app } = await AiPanel.open(page, { backend: 'wasm' });
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientId: keep.patientId });
  await pacs.openStudy(keep.studyUid);
  await pacs.search({ patientId: gone.patientId });
  await expect(pacs.row(gone.studyUid)).toHaveCount(1);
  await deleteStudy(gone.studyUid);
  await pacs.openStudy(gone.studyUid, 'error');
  const row = pacs.row(gone.studyUid);
  await expect(row.getByRole('alert')).toContainText('lists no images for study');
  await expect(row.getByRole('alert')).toContainText('deleted or moved');
  await expect(row.getByRole('button', { name: /^Open study of/ })).toHaveText('Retry');
  // Keys pressed in the dialog stay there (the viewer's "i" = invert does not fire); Escape closes it.
  await page.keyboard.press('i');
  expect((await app.imageInfo()).invert).toBe(false);
  await page.keyboard.press('Escape');
  await expect(pacs.dialog).toBeHidden();
  // What was open is still open and on screen (and the viewer's keys work again).
  await expect(app.viewport).toHaveAttribute('data-state', 'ready');
  await expect(app.viewport).toHaveAttribute('data-file-name', `${keep.sopUid}.dcm`);
  await expect(app.seriesItems).toHaveCount(1);
  await page.keyboard.press('i');
  await expect.poll(async () => (await app.imageInfo()).invert).toBe(true);
});
