// Compile-time flags, replaced by Vite's `define` (vite.config.ts). Code behind a false flag is removed from the bundle.

/** True only in test builds (STATREAD_TEST_HOOKS=1 at build time): window.__statread* hooks and worker fault injection. */
declare const __STATREAD_TEST_HOOKS__: boolean;
