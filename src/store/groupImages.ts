// Groups loaded images by patient, study and series (by their UIDs), in a stable reading order.
import type { LoadedImage, PatientGroup, SeriesGroup, StudyGroup } from './studyTypes';

export interface Grouping {
  patients: Record<string, PatientGroup>;
  studies: Record<string, StudyGroup>;
  series: Record<string, SeriesGroup>;
  patientOrder: string[];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : '';
}

function keysFor(img: LoadedImage) {
  const h = img.header;
  if (!h) {
    const folder = dirOf(img.path) || '(opened images)';
    return {
      patientKey: 'web:',
      patientName: 'PNG / JPEG images',
      patientId: '',
      studyKey: `web:${folder}`,
      studyUid: '',
      studyDescription: folder,
      studyDate: '',
      seriesKey: `web:${img.imageId}`,
      seriesUid: '',
      seriesDescription: img.fileName,
      seriesNumber: null,
      modality: 'OT',
    };
  }
  const patientKey = `p:${h.patientId}|${h.patientName}`;
  const studyKey = `s:${h.studyInstanceUid || `nouid:${patientKey}`}`;
  return {
    patientKey,
    patientName: h.patientName || '(no name)',
    patientId: h.patientId,
    studyKey,
    studyUid: h.studyInstanceUid,
    studyDescription: h.studyDescription,
    studyDate: h.studyDate,
    seriesKey: `r:${h.seriesInstanceUid || `nouid:${img.path}`}`,
    seriesUid: h.seriesInstanceUid,
    seriesDescription: h.seriesDescription,
    seriesNumber: h.seriesNumber,
    modality: h.modality,
  };
}

function compareImages(a: LoadedImage, b: LoadedImage): number {
  const ia = a.header?.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  const ib = b.header?.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  if (ia !== ib) return ia - ib;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.frame - b.frame;
}

export function groupImages(images: LoadedImage[]): Grouping {
  const patients: Record<string, PatientGroup> = {};
  const studies: Record<string, StudyGroup> = {};
  const series: Record<string, SeriesGroup> = {};
  const patientOrder: string[] = [];
  const byId = new Map(images.map((i) => [i.imageId, i]));
  for (const img of images) {
    const k = keysFor(img);
    if (!patients[k.patientKey]) {
      patients[k.patientKey] = { key: k.patientKey, name: k.patientName, id: k.patientId, studyKeys: [] };
      patientOrder.push(k.patientKey);
    }
    if (!studies[k.studyKey]) {
      studies[k.studyKey] = {
        key: k.studyKey,
        studyInstanceUid: k.studyUid,
        patientKey: k.patientKey,
        description: k.studyDescription,
        date: k.studyDate,
        modalities: [],
        seriesKeys: [],
      };
      patients[k.patientKey].studyKeys.push(k.studyKey);
    }
    const study = studies[k.studyKey];
    if (k.modality && !study.modalities.includes(k.modality)) study.modalities.push(k.modality);
    if (!series[k.seriesKey]) {
      series[k.seriesKey] = {
        key: k.seriesKey,
        seriesInstanceUid: k.seriesUid,
        studyKey: k.studyKey,
        patientKey: k.patientKey,
        modality: k.modality,
        description: k.seriesDescription,
        seriesNumber: k.seriesNumber,
        imageIds: [],
      };
      study.seriesKeys.push(k.seriesKey);
    }
    series[k.seriesKey].imageIds.push(img.imageId);
  }
  for (const s of Object.values(series)) {
    s.imageIds.sort((x, y) => compareImages(byId.get(x)!, byId.get(y)!));
  }
  for (const st of Object.values(studies)) {
    st.seriesKeys.sort((x, y) => (series[x].seriesNumber ?? 1e9) - (series[y].seriesNumber ?? 1e9));
  }
  return { patients, studies, series, patientOrder };
}
