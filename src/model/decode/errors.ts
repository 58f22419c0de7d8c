// Typed decode failures. Every error names the file and says why, so the UI and CLI can show it verbatim.

export type DecodeErrorCode = 'empty' | 'unknown-format' | 'malformed' | 'no-pixel-data' | 'unsupported' | 'frame-out-of-range';

export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  readonly fileName: string;
  readonly reason: string;
  constructor(code: DecodeErrorCode, fileName: string, reason: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${reason}`, options);
    this.name = 'DecodeError';
    this.code = code;
    this.fileName = fileName;
    this.reason = reason;
  }
}

/** The file is well formed but uses an encoding this decoder does not implement (e.g. JPEG 2000). */
export class UnsupportedError extends DecodeError {
  /** Transfer syntax UID or feature name. */
  readonly feature: string;
  constructor(fileName: string, feature: string, reason: string) {
    super('unsupported', fileName, reason);
    this.name = 'UnsupportedError';
    this.feature = feature;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && 'exception' in err) return String((err as { exception: unknown }).exception);
  return String(err);
}
