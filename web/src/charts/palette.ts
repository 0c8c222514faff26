// Colours and markers of the series of multi-line charts (units compared, fields of a profile):
// the Okabe–Ito set without its yellow (too faint on white) and Tol's wine, each with its own
// marker shape, so lines stay apart for colour-blind readers and in greyscale prints. Eight
// series (a framework's eight fields) differ in colour and marker alike; from the ninth on (up to
// twelve units compared) a colour comes back, with another marker and a dashed line.

export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#882255'] as const;
/** A cross, drawn as a path: ECharts has seven built-in markers and the eighth series needs its own. */
const CROSS = 'path://M2,0L5,3L8,0L10,2L7,5L10,8L8,10L5,7L2,10L0,8L3,5L0,2Z';
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow', CROSS] as const;
const DASHES = ['solid', 'dashed', 'dotted'] as const;

/** The look of the i-th series: colour, marker and (after the eighth) a dashed line. */
export function seriesStyle(i: number): { colour: string; symbol: string; dash: 'solid' | 'dashed' | 'dotted' } {
  const n = SERIES_COLOURS.length;
  const round = Math.floor(i / n);
  return {
    colour: SERIES_COLOURS[i % n] as string,
    // A colour that comes back comes with another marker.
    symbol: SYMBOLS[(i + 3 * round) % SYMBOLS.length] as string,
    dash: DASHES[round % DASHES.length] as 'solid' | 'dashed' | 'dotted',
  };
}
