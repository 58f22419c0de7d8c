// Studies slice: everything opened (images grouped by patient/study/series), skipped files and alerts.
import type { StateCreator } from 'zustand';
import { groupImages, type Grouping } from '../dicom/groupImages';
import type { FileProblem, LoadedImage, SkippedFile } from '../dicom/types';
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
}

let alertId = 1;

export const createStudiesSlice: StateCreator<StoreState, [], [], StudiesSlice> = (set) => ({
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
  addAlerts: (problems) =>
    set((s) =>
      problems.length ? { alerts: [...s.alerts, ...problems.map((p) => ({ ...p, id: alertId++ }))] } : {},
    ),
  dismissAlert: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
  dismissAllAlerts: () => set({ alerts: [] }),
  setIntakeBusy: (intakeBusy) => set({ intakeBusy }),
  finishIntakeRun: () => set((s) => ({ intakeRuns: s.intakeRuns + 1 })),
});
