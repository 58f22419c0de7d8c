// Studies slice: everything opened (images grouped by patient/study/series), skipped files and alerts.
import type { StateCreator } from 'zustand';
import { groupImages, type Grouping } from './groupImages';
import type { FileProblem, LoadedImage, SkippedFile } from './studyTypes';
import type { StoreState } from './index';

export interface AlertMessage extends FileProblem {
  id: number;
}

export interface StudiesSlice extends Grouping {
  images: Record<string, LoadedImage>;
  imageOrder: string[];
  skipped: SkippedFile[];
  alerts: AlertMessage[];
  intakeBusy: boolean;
  /** Completed intake runs (one per drop / file pick): tests wait on this via data-intake-runs. */
  intakeRuns: number;
  addImages: (images: LoadedImage[]) => void;
  addSkipped: (files: SkippedFile[]) => void;
  addAlerts: (problems: FileProblem[]) => void;
  dismissAlert: (id: number) => void;
  dismissAllAlerts: () => void;
  setIntakeBusy: (busy: boolean) => void;
  finishIntakeRun: () => void;
  /**
   * Closes studies: their images leave the store (and the grouping); if the series on screen was among
   * them, the first remaining series is shown, else the viewport becomes empty. Returns the image ids
   * removed, for closeStudies (src/dicom/releaseImages.ts) to release through the image registry.
   */
  removeStudies: (studyKeys: string[]) => string[];
  /** Counts closings (each Close study / Close all), for tests: data-close-runs on the study list. */
  closeRuns: number;
}

let alertId = 1;

export const createStudiesSlice: StateCreator<StoreState, [], [], StudiesSlice> = (set, get) => ({
  images: {},
  imageOrder: [],
  patients: {},
  studies: {},
  series: {},
  patientOrder: [],
  skipped: [],
  alerts: [],
  intakeBusy: false,
  intakeRuns: 0,
  closeRuns: 0,
  addImages: (added) =>
    set((s) => {
      if (added.length === 0) return {};
      const images = { ...s.images };
      const imageOrder = [...s.imageOrder];
      for (const img of added) {
        if (!images[img.imageId]) imageOrder.push(img.imageId);
        images[img.imageId] = img;
      }
      return { images, imageOrder, ...groupImages(imageOrder.map((id) => images[id])) };
    }),
  addSkipped: (files) => set((s) => (files.length ? { skipped: [...s.skipped, ...files] } : {})),
  addAlerts: (problems) => set((s) => (problems.length ? { alerts: [...s.alerts, ...problems.map((p) => ({ ...p, id: alertId++ }))] } : {})),
  dismissAlert: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
  dismissAllAlerts: () => set({ alerts: [] }),
  setIntakeBusy: (intakeBusy) => set({ intakeBusy }),
  finishIntakeRun: () => set((s) => ({ intakeRuns: s.intakeRuns + 1 })),
  removeStudies: (studyKeys) => {
    const s = get();
    const closing = new Set(studyKeys.filter((k) => s.studies[k]));
    if (closing.size === 0) return [];
    const removed = new Set<string>();
    for (const k of closing) for (const rk of s.studies[k].seriesKeys) for (const id of s.series[rk]?.imageIds ?? []) removed.add(id);
    const images: Record<string, LoadedImage> = {};
    const imageOrder = s.imageOrder.filter((id) => !removed.has(id));
    for (const id of imageOrder) images[id] = s.images[id];
    const grouping = groupImages(imageOrder.map((id) => images[id]));
    const activeGone = !!s.activeSeriesKey && !grouping.series[s.activeSeriesKey];
    let viewer = {};
    if (activeGone) {
      const next = grouping.patientOrder.flatMap((pk) => grouping.patients[pk].studyKeys).flatMap((sk) => grouping.studies[sk].seriesKeys)[0];
      viewer = next
        ? { activeSeriesKey: next, activeImageIndex: 0, voiChoice: { kind: 'auto' as const }, probe: null }
        : {
            activeSeriesKey: null,
            activeImageIndex: 0,
            voiChoice: { kind: 'auto' as const },
            probe: null,
            viewportState: 'empty' as const,
            viewportError: null,
            renderedImageId: null,
          };
    }
    set({ images, imageOrder, ...grouping, ...viewer, closeRuns: s.closeRuns + 1 });
    return [...removed];
  },
});
