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

/** Resolves once the element is on screen (in a shown panel, within the scrolled area); `stop` gives up. */
function whenVisible(el: Element, stop: { cancel?: () => void }): Promise<void> {
  if (typeof IntersectionObserver === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        resolve();
      }
    });
    io.observe(el);
    stop.cancel = () => {
      io.disconnect();
      resolve();
    };
  });
}

export function SeriesThumbnail({ imageId }: { imageId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    const visibility: { cancel?: () => void } = {};
    (async () => {
      await initCornerstone();
      await whenViewportSettled();
      // Only thumbnails the reader can see are decoded: a folder of hundreds of studies would otherwise decode
      // every image on the main thread and fill the image cache (the worklist tab hides the list entirely).
      if (!alive || !ref.current) return;
      await whenVisible(ref.current, visibility);
      if (!alive || !ref.current) return;
      try {
        await utilities.loadImageToCanvas({ canvas: ref.current, imageId, thumbnail: true });
      } catch {
        if (alive) setFailed(true);
      }
    })();
    return () => {
      alive = false;
      visibility.cancel?.();
    };
  }, [imageId]);
  return (
    <div className="thumb">
      <canvas ref={ref} width={96} height={96} aria-hidden="true" />
      {failed && <span className="thumb-failed">!</span>}
    </div>
  );
}
