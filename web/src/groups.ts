// Colours of the classification groups (nhóm xếp loại). The palette is the Okabe–Ito set that
// people with the common colour-vision deficiencies can tell apart, ordered from blue (best) to
// warm (worst), with a dark wine for V so it stays distinct from IV in greyscale prints.

/** Colour of each group code, best first. */
export const GROUP_COLOURS: Readonly<Record<string, string>> = {
  I: '#0072B2',
  II: '#56B4E9',
  III: '#E69F00',
  IV: '#D55E00',
  V: '#882255',
};

/** Colour of a group code that is not one of I–V. */
export const UNKNOWN_GROUP_COLOUR = '#8C8C8C';

/** The colour of a group code ("I" … "V"); unknown or missing codes are grey. */
export function groupColour(code: string | null | undefined): string {
  if (!code) return UNKNOWN_GROUP_COLOUR;
  return GROUP_COLOURS[code.trim().toUpperCase()] ?? UNKNOWN_GROUP_COLOUR;
}


/** The label of a group in the page's language ("Rất tốt" or "Very good"). */
export function groupLabel(group: { label: string; labelEn: string }, lang: string): string {
  return lang === 'en' ? group.labelEn : group.label;
}
