// Worklist rows and items from the studies store: one row per study (each PNG/JPEG file its own row), one item per
// image. Known rows and items keep their objects when nothing about them changed, so the table only renders the
// rows that did.
import type { StoreState } from '../store';
import type { TriageItem, TriageRowInfo } from './types';

/** Row arrival numbers (first seen order), kept across regroupings. */
const arrivals = new Map<string, number>();

export interface RowSync {
  rows: Record<string, TriageRowInfo>;
  items: Record<string, TriageItem>;
  /** New items to score, in arrival order. */
  added: string[];
  /** Items whose images were closed. */
  removed: string[];
}

function rowsFromStudies(s: StoreState): { rows: Record<string, TriageRowInfo>; rowOf: Map<string, string> } {
  const rows: Record<string, TriageRowInfo> = {};
  const rowOf = new Map<string, string>();
  for (const pk of s.patientOrder) {
    const patient = s.patients[pk];
    for (const sk of patient.studyKeys) {
      const study = s.studies[sk];
      for (const rk of study.seriesKeys) {
        const series = s.series[rk];
        // PNG/JPEG files are grouped by folder in the study list; in the worklist each is its own entry.
        const web = rk.startsWith('web:');
        const key = web ? rk : sk;
        if (!arrivals.has(key)) arrivals.set(key, arrivals.size);
        let row = rows[key];
        if (!row) {
          const first = s.images[series.imageIds[0]];
          row = rows[key] = {
            key,
            kind: web ? 'web' : 'dicom',
            patientName: web ? '' : patient.name,
            patientId: web ? '' : patient.id,
            studyUid: web ? '' : study.studyInstanceUid,
            accession: first?.header?.accessionNumber ?? '',
            studyDate: web ? '' : study.date,
            description: web ? (first?.fileName ?? '') : study.description,
            imageIds: [],
            fileNames: [],
            arrival: arrivals.get(key)!,
          };
        }
        for (const id of series.imageIds) {
          row.imageIds.push(id);
          const f = s.images[id]?.fileName;
          if (f && !row.fileNames.includes(f)) row.fileNames.push(f);
          rowOf.set(id, key);
        }
      }
    }
  }
  return { rows, rowOf };
}

function sameRow(a: TriageRowInfo, b: TriageRowInfo): boolean {
  return (
    a.imageIds.length === b.imageIds.length &&
    a.imageIds.every((id, i) => id === b.imageIds[i]) &&
    a.fileNames.join('\n') === b.fileNames.join('\n') &&
    a.patientName === b.patientName &&
    a.description === b.description &&
    a.studyDate === b.studyDate
  );
}

/** The worklist's rows and items for the studies store `s`, given the ones it has. */
export function syncRows(s: StoreState, knownRows: Record<string, TriageRowInfo>, knownItems: Record<string, TriageItem>): RowSync {
  const { rows: fresh, rowOf } = rowsFromStudies(s);
  const rows: Record<string, TriageRowInfo> = {};
  for (const [k, r] of Object.entries(fresh)) rows[k] = knownRows[k] && sameRow(knownRows[k], r) ? knownRows[k] : r;
  const items: Record<string, TriageItem> = {};
  const added: string[] = [];
  for (const [id, rowKey] of rowOf) {
    const prev = knownItems[id];
    if (prev) {
      items[id] = prev.rowKey === rowKey ? prev : { ...prev, rowKey };
      continue;
    }
    const img = s.images[id];
    // A radiograph is one frame; of a multi-frame object (cine, CT, US loops) only the first frame is scored.
    const later = img.frame > 0;
    items[id] = {
      imageId: id,
      rowKey,
      fileName: img.fileName,
      frame: img.frame,
      kind: img.kind,
      status: later ? 'not-scored' : 'queued',
      reason: later ? 'only the first frame of a multi-frame file is scored' : '',
      result: null,
      cacheKey: null,
    };
    if (!later) added.push(id);
  }
  const removed = Object.keys(knownItems).filter((id) => !items[id]);
  return { rows, items, added, removed };
}
