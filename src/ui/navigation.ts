// Moving through the images of the selected series.
import { useStore } from '../store';

export function currentImageId(): string | null {
  const s = useStore.getState();
  const series = s.activeSeriesKey ? s.series[s.activeSeriesKey] : undefined;
  return series?.imageIds[s.activeImageIndex] ?? null;
}

export function stepImage(delta: number): void {
  const s = useStore.getState();
  const series = s.activeSeriesKey ? s.series[s.activeSeriesKey] : undefined;
  if (!series) return;
  const next = Math.min(series.imageIds.length - 1, Math.max(0, s.activeImageIndex + delta));
  if (next !== s.activeImageIndex) s.setImageIndex(next);
}
