// The small part of dcmjs (untyped ES module) that src/pacs uses: reading Part 10 into a dictionary, naturalising
// it to keyword-named fields and back, and writing Part 10.
declare module 'dcmjs' {
  export type NaturalDataset = Record<string, unknown> & { _meta?: Record<string, unknown>; _vrMap?: Record<string, string> };
  export interface DicomDictInstance {
    meta: Record<string, unknown>;
    dict: Record<string, unknown>;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  interface DicomMessageStatic {
    readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean; noCopy?: boolean }): DicomDictInstance;
  }
  interface DicomMetaDictionaryStatic {
    naturalizeDataset(dict: Record<string, unknown>): NaturalDataset;
    denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown>;
    uid(): string;
  }
  interface DicomDictStatic {
    new (meta: Record<string, unknown>): DicomDictInstance;
  }
  const dcmjs: {
    data: {
      DicomMessage: DicomMessageStatic;
      DicomMetaDictionary: DicomMetaDictionaryStatic;
      DicomDict: DicomDictStatic;
      datasetToDict(ds: NaturalDataset): DicomDictInstance;
    };
    log: { setLevel?(level: string): void; level?: unknown; disableAll?(): void };
  };
  export default dcmjs;
}
