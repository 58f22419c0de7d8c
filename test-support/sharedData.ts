// Locates ../shared/data (or $STATREAD_DATA). Data-dependent tests call `dataDirOrSkip`:
// in CI (CI=true) a missing folder is a hard failure; elsewhere the test is skipped with a message.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = resolve(process.env.STATREAD_DATA ?? join(REPO_ROOT, '..', 'shared', 'data'));
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export function hasData(sub = ''): boolean {
  return existsSync(join(DATA_DIR, sub));
}

/** Absolute path of a file or folder under the shared data folder. */
export function dataPath(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}

/**
 * Returns a reason to skip (string) when the data is missing outside CI, throws inside CI,
 * and returns null when the data is present.
 */
export function missingDataReason(sub = ''): string | null {
  if (hasData(sub)) return null;
  const msg = `shared data missing: ${join(DATA_DIR, sub)} (set STATREAD_DATA or place ../shared/data beside the repo)`;
  if (IN_CI) throw new Error(`CI requires ${msg}`);
  return msg;
}
