// Viewer slice: what is shown and how (selection, viewport state, display parameters, panels).
import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

export type ViewportState = 'empty' | 'loading' | 'ready' | 'error';
export type ToolName = 'WindowLevel' | 'Pan' | 'Zoom' | 'Length' | 'Probe';

export interface DisplayInfo {
  windowCenter: number | null;
  windowWidth: number | null;
  voiLutFunction: string;
  invert: boolean;
  rotation: number;
  flipH: boolean;
  flipV: boolean;
  zoom: number;
}

export interface ProbeReading {
  x: number;
  y: number;
  stored: number[];
  modality: number[] | null;
  displayed: number[];
}

/** Which VOI the user picked: a window pair from the file, a VOI LUT Sequence item, the full data range
 * (without pixel padding), or automatic (first window pair, else first VOI LUT, else data range). */
export type VoiChoice = { kind: 'window'; index: number } | { kind: 'lut'; index: number } | { kind: 'range' } | { kind: 'auto' };

export interface ViewerSlice {
  activeSeriesKey: string | null;
  activeImageIndex: number;
  viewportState: ViewportState;
  viewportError: string | null;
  renderedImageId: string | null;
  display: DisplayInfo;
  voiChoice: VoiChoice;
  activeTool: ToolName;
  showAnnotations: boolean;
  helpOpen: boolean;
  tagBrowserOpen: boolean;
  probe: ProbeReading | null;
  selectSeries: (key: string, imageIndex?: number) => void;
  setImageIndex: (index: number) => void;
  setViewportState: (state: ViewportState, error?: string | null) => void;
  setRenderedImageId: (id: string | null) => void;
  setDisplay: (d: Partial<DisplayInfo>) => void;
  setVoiChoice: (c: VoiChoice) => void;
  setActiveTool: (t: ToolName) => void;
  toggleAnnotations: () => void;
  setHelpOpen: (open: boolean) => void;
  setTagBrowserOpen: (open: boolean) => void;
  setProbe: (p: ProbeReading | null) => void;
}

export const initialDisplay: DisplayInfo = {
  windowCenter: null,
  windowWidth: null,
  voiLutFunction: 'LINEAR',
  invert: false,
  rotation: 0,
  flipH: false,
  flipV: false,
  zoom: 1,
};

export const createViewerSlice: StateCreator<StoreState, [], [], ViewerSlice> = (set) => ({
  activeSeriesKey: null,
  activeImageIndex: 0,
  viewportState: 'empty',
  viewportError: null,
  renderedImageId: null,
  display: initialDisplay,
  voiChoice: { kind: 'auto' },
  activeTool: 'WindowLevel',
  showAnnotations: true,
  helpOpen: false,
  tagBrowserOpen: false,
  probe: null,
  selectSeries: (key, imageIndex = 0) => set({ activeSeriesKey: key, activeImageIndex: imageIndex, voiChoice: { kind: 'auto' }, probe: null }),
  setImageIndex: (index) => set({ activeImageIndex: index, probe: null }),
  setViewportState: (viewportState, error = null) => set({ viewportState, viewportError: error }),
  setRenderedImageId: (renderedImageId) => set({ renderedImageId }),
  setDisplay: (d) => set((s) => ({ display: { ...s.display, ...d } })),
  setVoiChoice: (voiChoice) => set({ voiChoice }),
  setActiveTool: (activeTool) => set({ activeTool }),
  toggleAnnotations: () => set((s) => ({ showAnnotations: !s.showAnnotations })),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setTagBrowserOpen: (tagBrowserOpen) => set({ tagBrowserOpen }),
  setProbe: (probe) => set({ probe }),
});
