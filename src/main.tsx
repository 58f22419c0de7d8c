import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installTestHooks } from './viewer/testHooks';
import { initCornerstone } from './viewer/cornerstone/initCornerstone';
import { registerServiceWorker } from './sw/registerServiceWorker';
import './app.css';

installTestHooks();
void initCornerstone();
if (import.meta.env.PROD) registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
