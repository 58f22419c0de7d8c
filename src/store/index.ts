// The app store: one zustand store composed of slices. Later slices (ai, worklist) add themselves here.
import { create } from 'zustand';
import { createStudiesSlice, type StudiesSlice } from './studiesSlice';
import { createViewerSlice, type ViewerSlice } from './viewerSlice';

export type StoreState = StudiesSlice & ViewerSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createStudiesSlice(...a),
  ...createViewerSlice(...a),
}));

export type { StudiesSlice, AlertMessage } from './studiesSlice';
export type { ViewerSlice, ViewportState, ToolName, DisplayInfo, ProbeReading, VoiChoice } from './viewerSlice';
