// dcmjs ships its DICOM data dictionary as an untyped ES module.
declare module 'dcmjs/dictionary' {
  const dictionary: Record<string, { tag: string; vr: string; name: string; vm: string }>;
  export default dictionary;
}
