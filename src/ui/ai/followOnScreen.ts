// The image the viewer is asked to show goes to the scoring service as soon as it is chosen, so its worker decodes
// the file in parallel with the viewer's own decode and render (the heatmap is drawn once the image is on screen).
import { scoringService } from '../../inference/scoringService';
import { useStore, type StoreState } from '../../store';

function activeImageId(s: StoreState): string | null {
  return s.activeSeriesKey ? (s.series[s.activeSeriesKey]?.imageIds[s.activeImageIndex] ?? null) : null;
}

/** Keeps the scoring service told which image is on screen (once per page, from main.tsx). */
export function followOnScreenImage(): void {
  scoringService.showOnScreen(activeImageId(useStore.getState()));
  useStore.subscribe((s, prev) => {
    const id = activeImageId(s);
    if (id !== activeImageId(prev)) scoringService.showOnScreen(id);
  });
}
