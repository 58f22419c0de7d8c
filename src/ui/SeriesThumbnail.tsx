// A small rendering of a series' first image (drawn by Cornerstone's CPU path into a 2D canvas).
import { useEffect, useRef, useState } from 'react';
import { utilities } from '@cornerstonejs/core';
import { initCornerstone } from '../viewer/cornerstone/initCornerstone';
import { useStore } from '../store';

// Thumbnails wait until the main viewport has settled so they never delay the first image.
let firstSettled: Promise<void> | null = null;
function whenViewportSettled(): Promise<void> {
  if (!firstSettled) {
    firstSettled = new Promise((resolve) => {
      const check = (s: { viewportState: string }) => s.viewportState === 'ready' || s.viewportState === 'error';
      if (check(useStore.getState())) return resolve();
      const unsub = useStore.subscribe((s) => {
        if (check(s)) {
          unsub();
          resolve();
        }
      });
    });
  }
  return firstSettled;
}

export function SeriesThumbnail({ imageId }: { imageId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    (async () => {
      await initCornerstone();
      await whenViewportSettled();
      if (!alive || !ref.current) return;
      try {
        await utilities.loadImageToCanvas({ canvas: ref.current, imageId, thumbnail: true });
      } catch {
        if (alive) setFailed(true);
      }
    })();
    return () => {
      alive = false;
    };
  }, [imageId]);
  return (
    <div className="thumb">
      <canvas ref={ref} width={96} height={96} aria-hidden="true" />
      {failed && <span className="thumb-failed">!</span>}
    </div>
  );
}
