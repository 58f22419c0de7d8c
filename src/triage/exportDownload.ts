// Builds the export of the whole worklist (in display order) and hands it to the browser as a download.
import { useScoreStore } from '../inference/scoreStore';
import { imageContentHash } from './contentHash';
import { buildExportRows, toCsv, toJson, type ExportOptions } from './exportResults';
import { useTriageStore } from './triageStore';

export async function exportText(format: 'csv' | 'json'): Promise<{ name: string; text: string; type: string }> {
  const t = useTriageStore.getState();
  const m = useScoreStore.getState().model;
  const labels =
    Object.values(t.items)
      .find((i) => i.result?.findings.length)
      ?.result?.findings.map((f) => f.label) ?? [];
  const opts: ExportOptions = { includeIdentifiers: t.includeIdentifiers, labels, model: m ? { id: m.id, version: m.version } : null };
  const inputs = t.displayOrder
    .filter((k) => t.rows[k] && t.summaries[k])
    .map((k) => ({
      info: t.rows[k],
      summary: t.summaries[k],
      read: !!t.read[k],
      contentSha256: t.rows[k].kind === 'web' ? imageContentHash(t.rows[k].imageIds[0]) : null,
    }));
  const rows = await buildExportRows(inputs, opts);
  const stamp = new Date().toISOString();
  const name = `statread-worklist-${stamp.slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
  return format === 'csv' ? { name, text: toCsv(rows), type: 'text/csv' } : { name, text: toJson(rows, opts, stamp), type: 'application/json' };
}

export async function downloadExport(format: 'csv' | 'json'): Promise<void> {
  const { name, text, type } = await exportText(format);
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
