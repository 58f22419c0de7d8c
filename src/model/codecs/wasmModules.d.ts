// Cornerstone's Emscripten codec builds ship no type declarations; only the factories' call shape is used here.
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (overrides?: { locateFile?: (file: string) => string; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (overrides?: { locateFile?: (file: string) => string; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (overrides?: { locateFile?: (file: string) => string; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<unknown>;
  export default factory;
}
