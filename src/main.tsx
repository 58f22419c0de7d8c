import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installTestHooks } from './viewer/testHooks';
import { initCornerstone } from './viewer/cornerstone/initCornerstone';
import './app.css';

installTestHooks();
void initCornerstone();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
