// pako ships without types; StatRead uses its streaming raw inflater (Deflated Explicit VR Little Endian).
declare module 'pako' {
  export interface InflateOptions {
    raw?: boolean;
    chunkSize?: number;
  }
  export class Inflate {
    constructor(options?: InflateOptions);
    /** Called with each chunk of output; throwing stops the inflation. */
    onData: (chunk: Uint8Array) => void;
    /** Set after push: 0 or 1 (stream end) when fine, negative on a zlib error. */
    err: number;
    msg: string;
    push(data: Uint8Array, flushMode?: boolean | number): boolean;
  }
  const pako: { Inflate: typeof Inflate };
  export default pako;
}
