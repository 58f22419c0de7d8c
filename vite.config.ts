import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cornerstone 5 + Vite 8 notes (see README "Development notes"):
// - `events` must resolve to the npm polyfill ('events/'), not Node's builtin.
// - the codec wasm-js entry points must be pre-bundled, or the decode worker dies silently in dev.
export default defineConfig({
  base: './',
  plugins: [react()],
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
    ],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});
