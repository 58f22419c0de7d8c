// What the stored-data layer (resultDb.ts) keeps and for how long, in pure functions (unit-tested in Node).
//
// - Row keys: an identifier never reaches IndexedDB. A row's key is HMAC-SHA-256 over "<store>\n<logical key>"
//   (the logical key carries the SOP Instance UID, a content hash or a study hash) with a per-install secret: a
//   random, non-extractable HMAC key created on the first write and kept in the database itself (store "meta"),
//   so "Clear stored results and read marks" deletes it with the rows and the next write starts a new one.
//   Without that key a row cannot be matched to a UID, a file or an export (an unsalted hash could be, by anyone
//   who knows or guesses the UID).
// - Expiry: every row carries the time it was stored; a row older than the retention is never used and is
//   deleted at start-up. The retention is the reader's setting (days, default 30).

/** Default retention in days. */
export const DEFAULT_RETENTION_DAYS = 30;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A retention in whole days within [MIN, MAX]; anything else (missing, junk, out of range) is the default. */
export function parseRetentionDays(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= MIN_RETENTION_DAYS && n <= MAX_RETENTION_DAYS ? n : DEFAULT_RETENTION_DAYS;
}

export function retentionMs(days: number): number {
  return days * DAY_MS;
}

/** Rows stored before this time are expired. */
export function expiryCutoff(now: number, days: number): number {
  return now - retentionMs(days);
}

/** How far in the future a stored-at time may lie (clock adjustments) before the row counts as untrustworthy. */
export const FUTURE_SLACK_MS = DAY_MS;

/** Rows stored after this time claim a future that never was (a clock set forward, then back): expired too. */
export function futureCutoff(now: number): number {
  return now + FUTURE_SLACK_MS;
}

/** A row may be used: it has a stored-at time within the retention, and not later than now (plus a day's slack). */
export function isFresh(storedAt: unknown, now: number, days: number): boolean {
  return typeof storedAt === 'number' && Number.isFinite(storedAt) && storedAt >= expiryCutoff(now, days) && storedAt <= futureCutoff(now);
}

/** A new per-install row-key secret: 256 random bits as a non-extractable HMAC-SHA-256 key (script can use it, not read it). */
export function newRowKeySecret(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
}

/** The key a row is stored under: lower-case hex HMAC-SHA-256(secret, "<store>\n<logical key>"). */
export async function rowKey(secret: CryptoKey, store: string, logicalKey: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', secret, new TextEncoder().encode(`${store}\n${logicalKey}`));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
}
