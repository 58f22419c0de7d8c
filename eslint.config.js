// ESLint flat config. Syntax-only presets (no type-aware rules: they need a full type-check per run, too slow
// for CI on two cores; `tsc -b` already type-checks). The import direction between folders is enforced by
// eslint-plugin-boundaries: each folder is an element, an element may import only the elements below it in
// LAYERS, so a folder cycle is impossible by construction.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

// Application folders, low -> high. An element imports only from earlier rows; peers in one row do not import
// each other. Change the order here and nowhere else. The shared app state (src/store) sits below the services
// because they write it and the UI reads it; a service that owns its own state keeps its store in its folder.
const LAYERS = [
  ['model'], // pure, shared with trainer/: decode, preprocess, model contract
  ['sw'], // service worker and its registration
  ['images'], // image registry: pure TS
  ['store'], // shared app state (zustand): studies, viewport, alerts
  ['viewer'], // Cornerstone display
  ['dicom'], // intake (registers images for display) and parsing
  ['inference'], // scoring service
  ['pacs'], // DICOMweb
  ['triage'], // worklist logic
  ['ui'], // React components
  ['app'], // App.tsx, main.tsx, src/testing
];
const SRC_TYPES = LAYERS.flat();
const rank = (type) => LAYERS.findIndex((row) => row.includes(type));
const below = (type) => LAYERS.slice(0, rank(type)).flat();

// Node-side elements and what each may import (besides itself). Type-only imports from src/ are allowed for the
// page objects and benchmarks that read test-hook shapes; see the policies below.
const NODE_ALLOWED = {
  'test-support': ['model'],
  server: [], // the production server and its PACS proxy: Node only, imports nothing of the app
  trainer: ['model', 'test-support'],
  fuzz: ['model', 'dicom', 'trainer', 'test-support'], // fuzzes the intake classifier and the decoders
  scripts: ['model', 'sw', 'test-support', 'server'], // Vite plugins build src/sw, patch a codec the way src/model does, stamp the build
  'e2e-support': ['model', 'test-support', 'scripts', 'trainer', 'server'],
  e2e: ['model', 'test-support', 'e2e-support', 'scripts', 'server'], // the CSP and proxy specs test scripts/ and server/ code
  bench: ['model', 'test-support', 'e2e-support', 'trainer', 'inference'], // benchmarks the trainer and the worker client
  config: ['model', 'scripts', 'e2e-support', 'server'],
};

// Files inside src/inference that only the scoring service itself may use: the UI asks the service.
const INFERENCE_INTERNALS = ['client.ts', 'worker.ts', 'workerPool.ts', 'workerPool/**'];

const elements = [
  ...SRC_TYPES.filter((t) => t !== 'app').map((type) => ({ type, pattern: `src/${type}`, partialMatch: false })),
  // src/App.tsx, src/main.tsx and src/testing: whatever in src/ no folder above claimed.
  { type: 'app', pattern: 'src', partialMatch: false },
  { type: 'e2e-support', pattern: 'e2e/support', partialMatch: false },
  { type: 'e2e', pattern: 'e2e', partialMatch: false },
  ...['test-support', 'trainer', 'fuzz', 'scripts', 'server', 'bench'].map((type) => ({ type, pattern: type, partialMatch: false })),
  // Root files are not in a folder, so they need the file mode (which boundaries 7 calls legacy; its warning is off).
  { type: 'config', pattern: '*.config.{ts,js}', mode: 'file' },
];

const policies = [
  ...SRC_TYPES.map((type) => ({ from: { element: { type } }, allow: { to: { element: { types: { anyOf: below(type) } } } } })),
  ...Object.entries(NODE_ALLOWED).map(([type, allowed]) => ({
    from: { element: { type } },
    allow: { to: { element: { types: { anyOf: allowed } } } },
  })),
  // Page objects and benchmarks read the shapes of the test hooks: types only, nothing runs.
  {
    from: { element: { types: { anyOf: ['e2e', 'e2e-support', 'bench'] } } },
    allow: { to: { element: { types: { anyOf: SRC_TYPES } } }, dependency: { kind: 'type' } },
  },
  // Tests run in Node beside the code they test and may use the shared fixtures and Node-side helpers.
  {
    from: { file: { categories: 'test' } },
    allow: { to: { element: { types: { anyOf: ['test-support', 'e2e-support', 'trainer', 'scripts'] } } } },
  },
  {
    from: { element: { type: 'ui' } },
    disallow: { to: { element: { type: 'inference', fileInternalPath: INFERENCE_INTERNALS } } },
    message: 'src/ui reaches scoring through the scoring service and its store, not its workers or client',
  },
];

// Browser IO that src/ui leaves to services (src/pacs, src/inference, src/dicom).
const UI_IO_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'indexedDB', 'caches', 'localStorage', 'sessionStorage'].map((name) => ({
  name,
  message: 'src/ui does no IO itself: call a service or a store action',
}));
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'HTMLElement', 'HTMLCanvasElement'].map((name) => ({
  name,
  message: 'src/model runs in Node and in workers too: no DOM',
}));

export default defineConfig(
  {
    ignores: [
      'dist*/**',
      'node_modules/**',
      'bench/out/**',
      'public/**',
      'coverage/**',
      'trainer/runs/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      '.scratch*/**',
      '.cache/**',
      'tmp/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A path reference is how a file pulls in a local ambient `declare module` (dcmjs, pako) for both tsconfigs.
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
    },
  },
  // Globals per area.
  { files: ['src/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['src/model/**'], languageOptions: { globals: { ...globals['shared-node-browser'] } } },
  {
    files: ['src/inference/worker.ts', 'src/model/codecs/**', 'src/model/parity/**', 'bench/inference/*worker*.ts'],
    languageOptions: { globals: { ...globals.worker } },
  },
  { files: ['src/sw/serviceWorker.ts'], languageOptions: { globals: { ...globals.serviceworker } } },
  {
    files: ['trainer/**', 'scripts/**', 'server/**', 'bench/**', 'e2e/**', 'fuzz/**', 'test-support/**', '*.config.*', 'src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/ui/**', 'src/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  // Import direction.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
      'boundaries/elements': elements,
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.{ts,tsx}' }],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      // new URL('./worker.ts', import.meta.url) is how a worker module is referenced.
      'boundaries/additional-dependency-nodes': [{ selector: 'NewExpression[callee.name="URL"] > Literal:first-child', kind: 'value', name: 'url' }],
      'boundaries/legacy-warnings': false,
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['src/model/**'],
    ignores: ['src/model/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', '@cornerstonejs/core', '@cornerstonejs/tools', '@cornerstonejs/dicom-image-loader'].map((name) => ({
            name,
            message: 'src/model is shared with the Node trainer: no React, zustand or Cornerstone display code',
          })),
          patterns: [
            { group: ['react-dom/*', 'zustand/*', '@cornerstonejs/core/*', '@cornerstonejs/tools/*'], message: 'src/model is shared with the Node trainer' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/images/**'],
    ignores: ['src/images/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', '@cornerstonejs/*'], message: 'the image registry is plain TS' }],
        },
      ],
    },
  },
  {
    files: ['src/ui/**'],
    ignores: ['src/ui/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...UI_IO_GLOBALS],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name=/^(Shared)?Worker$/]',
          message: 'src/ui does not start workers: the scoring service owns them',
        },
      ],
    },
  },
  prettier,
);
