import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fixJpeg12LevelShift } from './scripts/vite/fixJpeg12LevelShift';
import { statreadPacsProxy } from './server/vitePlugin';
import { buildStamp } from './scripts/vite/buildStamp';
import { cspMeta, SECURITY_HEADERS } from './scripts/vite/csp';
import { serviceWorker } from './scripts/vite/serviceWorker';

// Cornerstone 5 + Vite 8 notes (see README "Development notes"):
// - `events` must resolve to the npm polyfill ('events/'), not Node's builtin.
// - the codec wasm-js entry points must be pre-bundled, or the decode worker dies silently in dev.
// Test hooks (window.__statread*, worker fault injection) exist only in builds made with STATREAD_TEST_HOOKS=1
// (Playwright and the benchmarks build that way); `npm run build` leaves them out of dist/.
const TEST_HOOKS = process.env.STATREAD_TEST_HOOKS === '1';

export default defineConfig({
  base: './',
  define: { __STATREAD_TEST_HOOKS__: JSON.stringify(TEST_HOOKS) },
  // fixJpeg12LevelShift: Cornerstone's 12-bit JPEG decoder level-shifts wrongly (scripts/vite/...); it runs
  // inside the decode worker, so the patch is needed in the worker bundle too.
  // cspMeta + serviceWorker: build only (docs/security.md); the dev server stays without CSP or SW.
  // buildStamp: marks dist/ as the build of this source tree, for `npm start` (server/buildStamp.ts).
  // statreadPacsProxy: /dicomweb in dev and preview goes through the StatRead server's proxy (server/pacsProxy.ts).
  plugins: [react(), fixJpeg12LevelShift(), cspMeta(), serviceWorker(), buildStamp(TEST_HOOKS), statreadPacsProxy()],
  resolve: {
    alias: { events: 'events/' },
  },
  optimizeDeps: {
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      // Discovered only when a file needs them; listing them avoids a mid-session dev reload
      // ("optimized dependencies changed. reloading") that drops everything the user opened.
      '@cornerstonejs/jpeg-lossless-decoder-js',
      'pako',
      'fast-png',
      'jpeg-js',
      'dcmjs/dictionary',
      'fflate',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  worker: { format: 'es', plugins: () => [fixJpeg12LevelShift()] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
  },
  // /dicomweb -> $STATREAD_PACS_URL (Orthanc's DICOMweb root by default): PACS access stays same-origin (docs/pacs.md).
  // No CORS from the dev server: no other origin may read through it.
  server: { port: 5173, strictPort: true, cors: false },
  preview: { port: 4173, strictPort: true, cors: false, headers: SECURITY_HEADERS },
});
