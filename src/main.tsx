import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initCornerstone } from './viewer/cornerstone/initCornerstone';
import { scoringService } from './inference/scoringService';
import { pruneStoredData } from './inference/resultDb';
import { followOnScreenImage } from './ui/ai/followOnScreen';
import { registerServiceWorker } from './sw/registerServiceWorker';
import './app.css';

// Test builds only: with the flag false the whole branch, and with it the hook modules, leaves the bundle.
if (__STATREAD_TEST_HOOKS__) {
  void import('./testing/installTestHooks').then((m) => m.installTestHooks()).catch((e: unknown) => console.error('StatRead: test hooks failed to load', e));
}
void initCornerstone();
// One scoring service for the page: the model loads while the viewer starts; the image on screen is scored first.
scoringService.start();
// Stored results and read marks older than the reader's retention (default 30 days) are deleted at start-up.
void pruneStoredData();
followOnScreenImage();
if (import.meta.env.PROD) registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
