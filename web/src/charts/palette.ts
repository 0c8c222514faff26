// Colours and markers of the series of multi-line charts (units compared, fields of a profile):
// the Okabe–Ito set without its yellow (too faint on white), each with its own marker shape, so
// lines stay apart for colour-blind readers and in greyscale prints.

export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'] as const;
const DASHES = ['solid', 'dashed', 'dotted'] as const;

/** The look of the i-th series: colour, marker and (after the seventh) a dashed line. */
export function seriesStyle(i: number): { colour: string; symbol: string; dash: 'solid' | 'dashed' | 'dotted' } {
  const n = SERIES_COLOURS.length;
  return {
    colour: SERIES_COLOURS[i % n] as string,
    symbol: SYMBOLS[i % SYMBOLS.length] as string,
    dash: DASHES[Math.floor(i / n) % DASHES.length] as 'solid' | 'dashed' | 'dotted',
  };
}
