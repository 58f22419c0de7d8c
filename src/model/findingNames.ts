// Finding labels as a reader says them: "Pleural_Thickening" -> "Pleural thickening". The label itself stays the
// key everywhere (manifest, data-finding, exports); only what is shown changes.
const SPECIAL: Record<string, string> = {
  Abnormal: 'Any finding',
};

export function findingName(label: string): string {
  if (SPECIAL[label]) return SPECIAL[label];
  const words = label.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
