// Stored-data policy: row keys are keyed hashes (no identifier, not the plain SHA-256 the export carries, different
// per install), and rows expire after the retention.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, expiryCutoff, futureCutoff, isFresh, newRowKeySecret, parseRetentionDays, rowKey } from './storagePolicy';
import { dicomResultKey } from './resultKey';

const DAY = 24 * 60 * 60 * 1000;
const SOP = '1.2.826.0.1.3680043.8.498.10293847561';
const logical = dicomResultKey(
  { id: 'cxr', version: '1.0.0' },
  {
    sopInstanceUid: SOP,
    frame: 0,
    numberOfFrames: 1,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    photometricInterpretation: 'MONOCHROME2',
    rows: 8,
    columns: 8,
    bitsStored: 8,
    fileSize: 100,
  },
);

describe('row keys', () => {
  it('are HMAC-SHA-256 of store and logical key with the install secret, and name no identifier', async () => {
    const raw = new Uint8Array(32).map((_, i) => i * 7 + 1);
    const secret = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const key = await rowKey(secret, 'results', logical);
    expect(key).toBe(createHmac('sha256', raw).update(`results\n${logical}`).digest('hex'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(SOP);
    // Not the unsalted hash anyone holding the UID (or an export) could compute.
    expect(key).not.toBe(createHash('sha256').update(logical).digest('hex'));
    // The same identity in another store is another row key.
    expect(await rowKey(secret, 'reads', logical)).not.toBe(key);
    expect(await rowKey(secret, 'results', logical)).toBe(key);
  });

  it('differ between installs (a new secret each time), and the secret cannot be read out', async () => {
    const a = await newRowKeySecret();
    const b = await newRowKeySecret();
    expect(a.extractable).toBe(false);
    expect(a.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
    await expect(crypto.subtle.exportKey('raw', a)).rejects.toThrow();
    expect(await rowKey(a, 'results', logical)).not.toBe(await rowKey(b, 'results', logical));
  });
});

describe('retention', () => {
  it('defaults to 30 days and accepts whole days from 1 to 365 only', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(30);
    expect(parseRetentionDays(null)).toBe(30);
    expect(parseRetentionDays('7')).toBe(7);
    expect(parseRetentionDays(' 90 ')).toBe(90);
    expect(parseRetentionDays(365)).toBe(365);
    for (const bad of ['0', '-3', '1.5', 'abc', '', '366', 0, 400, 2.5, NaN, Infinity, undefined, {}]) expect(parseRetentionDays(bad)).toBe(30);
  });

  it('a row is used until its retention has passed, then never', () => {
    const now = Date.UTC(2025, 5, 1);
    expect(isFresh(now, now, 30)).toBe(true);
    expect(isFresh(now - 30 * DAY, now, 30)).toBe(true);
    expect(isFresh(now - 30 * DAY - 1, now, 30)).toBe(false);
    expect(isFresh(now - 2 * DAY, now, 1)).toBe(false);
    expect(isFresh(now - 2 * DAY, now, 7)).toBe(true);
    expect(expiryCutoff(now, 30)).toBe(now - 30 * DAY);
  });

  it('a row without a stored-at time, with junk, or from more than a day in the future is expired', () => {
    const now = Date.UTC(2025, 5, 1);
    for (const bad of [undefined, null, 'yesterday', NaN, Infinity, -Infinity]) expect(isFresh(bad, now, 30)).toBe(false);
    expect(isFresh(now + DAY, now, 30)).toBe(true);
    expect(futureCutoff(now)).toBe(now + DAY);
    expect(isFresh(now + DAY + 1, now, 30)).toBe(false);
    expect(isFresh(now + 400 * DAY, now, 30)).toBe(false);
  });
});
