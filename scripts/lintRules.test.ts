// The architecture rules of eslint.config.js and the file-name rule of scripts/checkFileNames.ts, checked on
// small sources linted as if they sat at a given path (imports resolve against the real tree).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { expectedName } from './checkFileNames';

const eslint = new ESLint();

/** Rule ids of the errors ESLint reports for `code` at `filePath` (unused-variable noise of the snippets left out). */
async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return result.messages.filter((m) => m.severity === 2 && m.ruleId !== '@typescript-eslint/no-unused-vars').map((m) => m.ruleId ?? 'fatal');
}

const allowed: [string, string][] = [
  ['src/model/x.ts', "import { mulberry32 } from './random';"],
  ['src/dicom/x.ts', "import { useStore } from '../store';"],
  ['src/ui/x.tsx', "import { useStore } from '../store';"],
  ['src/App.tsx', "import { Header } from './ui/Header';"],
  ['src/testing/x.ts', "import { Header } from '../ui/Header';"],
  ['trainer/x.ts', "import { mulberry32 } from '../src/model/random';"],
  ['e2e/x.spec.ts', "import type { Header } from '../src/ui/Header';"],
  ['e2e/support/x.ts', "import { mulberry32 } from '../../src/model/random';"],
  ['src/model/x.test.ts', "import { sharedDataDir } from '../../test-support/sharedData';"],
  ['vite.config.ts', "import { statreadPacsProxy } from './server/vitePlugin';"],
  ['scripts/x.ts', "import { writeStamp } from '../server/buildStamp';"],
];

const refused: [string, string, string][] = [
  ['src/model/x.ts', "import { Header } from '../ui/Header';", 'boundaries/dependencies'],
  ['server/x.ts', "import { CSP_HEADER } from '../scripts/vite/csp';", 'boundaries/dependencies'],
  ['src/model/x.ts', "import { useStore } from '../store';", 'boundaries/dependencies'],
  ['src/model/x.ts', "import React from 'react';", 'no-restricted-imports'],
  ['src/model/x.ts', 'export const title = document.title;', 'no-restricted-globals'],
  ['src/store/x.ts', "import { Header } from '../ui/Header';", 'boundaries/dependencies'],
  ['src/viewer/x.ts', "import { intakeFiles } from '../dicom/intakeFiles';", 'boundaries/dependencies'],
  ['src/dicom/x.ts', "export { Header } from '../ui/Header';", 'boundaries/dependencies'],
  ['src/dicom/x.ts', "export const load = () => import('../ui/Header');", 'boundaries/dependencies'],
  ['src/ui/x.tsx', "import { App } from '../App';", 'boundaries/dependencies'],
  ['src/ui/x.tsx', "import { InferenceClient } from '../inference/client';", 'boundaries/dependencies'],
  ['src/ui/x.tsx', "export const w = new Worker(new URL('../inference/worker.ts', import.meta.url));", 'no-restricted-syntax'],
  ['src/ui/x.tsx', "export const r = fetch('/models/index.json');", 'no-restricted-globals'],
  ['trainer/x.ts', "import { withPart10Header } from '../src/dicom/part10';", 'boundaries/dependencies'],
  ['e2e/x.spec.ts', "import { Header } from '../src/ui/Header';", 'boundaries/dependencies'],
  ['vite.config.ts', "import { Header } from './src/ui/Header';", 'boundaries/dependencies'],
];

describe('import boundaries (eslint.config.js)', () => {
  it.each(allowed)('%s may: %s', async (filePath, code) => {
    expect(await errors(filePath, code)).toEqual([]);
  });
  it.each(refused)('%s may not: %s', async (filePath, code, rule) => {
    expect(await errors(filePath, code)).toContain(rule);
  });
});

describe('file names (scripts/checkFileNames.ts)', () => {
  it('accepts camelCase modules, PascalCase components and their suffixes', () => {
    for (const ok of [
      'src/model/cam.ts',
      'src/ui/ai/FindingsPanel.tsx',
      'src/model/ood.test.ts',
      'e2e/viewerOpen.spec.ts',
      'src/buildFlags.d.ts',
      'vite.config.ts',
      'src/main.tsx',
      'bench/drop-to-findings.bench.ts',
    ]) {
      expect(expectedName(ok), ok).toBeNull();
    }
  });
  it('names the camelCase or PascalCase file a kebab-case one should be', () => {
    // Names of no real file, so that scripts/renameFiles.ts leaves these strings alone.
    expect(expectedName('src/model/pixel-ramp.ts')).toBe('src/model/pixelRamp.ts');
    expect(expectedName('src/model/pixel-ramp.test.ts')).toBe('src/model/pixelRamp.test.ts');
    expect(expectedName('e2e/support/drop-zone.ts')).toBe('e2e/support/dropZone.ts');
    // End-to-end specs keep their kebab-case names (test ids, README prefixes such as e2e/ai-).
    expect(expectedName('e2e/drop-zone.spec.ts')).toBeNull();
    expect(expectedName('trainer/fixtures/make-mr-512.ts')).toBe('trainer/fixtures/makeMr512.ts');
    expect(expectedName('src/ui/tag-table.d.ts')).toBe('src/ui/tagTable.d.ts');
    expect(expectedName('src/ui/study-grid.tsx')).toBe('src/ui/StudyGrid.tsx');
    expect(expectedName('src/viewer/Viewport.ts')).toBe('src/viewer/viewport.ts');
  });
});
