// Authentication headers for a server, and checks that keep credentials out of URLs (and so out of logs,
// history and the Referer header).
import type { PacsAuth } from './types';

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The Authorization header (if any) for `auth`. */
export function authHeaders(auth: PacsAuth): Record<string, string> {
  if (auth.kind === 'basic') return { Authorization: `Basic ${base64Utf8(`${auth.username}:${auth.password}`)}` };
  if (auth.kind === 'bearer') return { Authorization: `Bearer ${auth.token.trim()}` };
  return {};
}

/**
 * Validates a DICOMweb base URL: http(s) absolute or a same-origin path; no user:password@ part and no query
 * or fragment (credentials belong in the authentication settings). Returns the URL without a trailing slash.
 */
export function normaliseBaseUrl(raw: string): string {
  const s = raw.trim();
  if (!s) throw new Error('the base URL is empty');
  if (s.startsWith('/') || s.startsWith('./')) {
    if (/[?#]/.test(s)) throw new Error('the base URL must not contain "?" or "#"');
    return s.replace(/\/+$/, '') || s;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`"${s}" is not a URL (use https://host/path or a path on this site such as /dicomweb)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported scheme ${u.protocol} (use http or https)`);
  if (u.username || u.password) throw new Error('put the user name and password in Authentication, not in the URL');
  if (u.search || u.hash) throw new Error('the base URL must not contain "?" or "#"');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Text safe for messages and logs: the origin and path of a request, never its credentials. */
export function safeUrlForMessage(url: string): string {
  try {
    const u = new URL(url, 'http://relative.invalid');
    const origin = u.origin === 'http://relative.invalid' ? '' : u.origin;
    return `${origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
