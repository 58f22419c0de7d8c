// pako ships without types; StatRead only uses inflateRaw (for Deflated Explicit VR Little Endian).
declare module 'pako' {
  export function inflateRaw(data: Uint8Array): Uint8Array;
  const pako: { inflateRaw: typeof inflateRaw };
  export default pako;
}
