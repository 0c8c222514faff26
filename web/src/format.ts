// Number, percent and date formats of the page's language. Pure functions, tested in format.test.ts.

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}/${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: true,
    });
    numberFormats.set(key, f);
  }
  return f;
}

/**
 * Formats an axis tick: as few decimals as the value needs, at most `maxDigits` ("0", "0,05",
 * "0,1"), so that ticks stay short and apart.
 */
export function formatTick(value: number, locale: string, maxDigits = 2): string {
  if (!Number.isFinite(value)) return MISSING;
  const rounded = Number(value.toFixed(maxDigits));
  let digits = 0;
  while (digits < maxDigits && Number(rounded.toFixed(digits)) !== rounded) digits++;
  return numberFormat(locale, digits).format(rounded);
}

/** The text shown for a missing value. */
export const MISSING = '—';

/**
 * Formats a number with the decimal comma of Vietnamese ("68,87") or the point of English.
 * Null, undefined and non-finite numbers give MISSING, never "0".
 */
export function formatNumber(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return numberFormat(locale, digits).format(value);
}

/**
 * The space between a number and its unit ("97,45 %", "0,96 điểm"): no-break, so that a line
 * never ends on the number and starts with the unit.
 */
export const NBSP = '\u00A0';

/**
 * Formats a percent value that is already ×100: 68.87 gives "68,87 %" in Vietnamese (a
 * no-break space before the sign, as Vietnamese typesetting has it) and "68.87%" in English.
 */
export function formatPercent(value: number | null | undefined, locale: string, digits = 2): string {
  const n = formatNumber(value, locale, digits);
  if (n === MISSING) return n;
  return locale.startsWith('vi') ? `${n}${NBSP}%` : `${n}%`;
}

/**
 * Formats an ISO 8601 date ("2023-12-27") as "27/12/2023" (Vietnamese and British order alike).
 * Anything that is not a date is returned unchanged.
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/**
 * Names a source as its title and date ("Quyết định 2234/QĐ-UBND …, 27/12/2023"), without
 * repeating a date the title already has.
 */
export function formatSource(source: { title: string; date: string | null }): string {
  if (!source.date) return source.title;
  const date = formatDate(source.date);
  return source.title.includes(date) ? source.title : `${source.title}, ${date}`;
}

/**
 * Breaks a label into lines of at most `width` characters at spaces, for long field names on
 * chart axes. A word longer than `width` stays whole on its own line.
 */
export function wrapLabel(text: string, width: number): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') {
      line = word;
    } else if (line.length + 1 + word.length <= width) {
      line += ` ${word}`;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Escapes text for HTML (ECharts tooltips are HTML strings). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
