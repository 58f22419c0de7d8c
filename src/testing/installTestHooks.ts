// Every window.__statread* hook for end-to-end tests and benchmarks, installed in one place. Only test builds
// (STATREAD_TEST_HOOKS=1) load this module: main.tsx imports it behind __STATREAD_TEST_HOOKS__, so the production
// build has none of it (scripts/check-dist-hooks.sh fails if dist/ names a hook).
import { installAiTestHooks } from '../ui/ai/aiTestHooks';
import { installScoringTestHooks } from '../inference/scoringTestHooks';
import { installTriageTestHooks } from '../triage/triageTestHooks';
import { installPacsTestHooks } from './pacsTestHooks';
import { installViewerTestHooks } from './viewerTestHooks';

export function installTestHooks(): void {
  installAiTestHooks();
  installScoringTestHooks();
  installTriageTestHooks();
  installPacsTestHooks();
  // Last: the page objects wait for window.__statread, so once it exists every other hook does too.
  installViewerTestHooks();
}
