// The field averages chart: for each field (lĩnh vực), the computed average beside last year's
// and the published one, as horizontal bars so the long Vietnamese names can wrap.
import { escapeHtml, formatPercent, formatSource, wrapLabel } from '../format';
import type { Messages } from '../i18n';
import type { FieldSummaryRow } from '../queries';
import { FONT_FAMILY, INK, MUTED, NARROW_WIDTH, PREVIOUS, PRIMARY, REFERENCE, namesAxis, percentAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

/** Colours of the series: computed in blue, last year in light grey, published in dark grey. */
export const COMPUTED_COLOUR = PRIMARY;
export const PUBLISHED_COLOUR = REFERENCE;

/** The height of a field chart of `count` fields with `bars` bars each. */
export function fieldsHeight(count: number, bars: number): number {
  return 64 + Math.max(count, 1) * (30 + 14 * Math.max(bars, 1));
}

/** Last year's average of each field of `rows`, matched by slug (null where it has none). */
export function previousAverages(rows: readonly FieldSummaryRow[], previous: readonly FieldSummaryRow[] | null): (number | null)[] {
  return rows.map((r) => previous?.find((p) => p.field.slug === r.field.slug)?.average ?? null);
}

/** Whether any field has a published average or rank. */
export function hasPublished(rows: readonly FieldSummaryRow[]): boolean {
  return rows.some((r) => r.published !== null);
}

/** The name of a field in the page's language. */
export function fieldName(row: FieldSummaryRow, lang: string): string {
  return lang === 'en' ? row.field.nameEn : row.field.nameVi;
}

/** The option of the field averages chart of a year. */
export function fieldsOption(
  rows: readonly FieldSummaryRow[],
  year: number,
  previous: { year: number; rows: readonly FieldSummaryRow[] } | null,
  m: Messages,
  ctx: ChartContext,
): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const withPublished = hasPublished(rows);
  const withLegend = withPublished || previous !== null;
  // Three legend items take two rows on a phone.
  const legendHeight = !withLegend ? 8 : narrow && withPublished && previous !== null ? 56 : 32;
  const pctLabel = (p: unknown): string => {
    const v = (p as { value: number | null }).value;
    return formatPercent(v, m.locale);
  };
  const series: ChartOption['series'] = [
    {
      type: 'bar',
      name: previous || withPublished ? `${year}${withPublished ? ` (${m.computed.toLowerCase()})` : ''}` : m.computed,
      data: rows.map((r) => r.average),
      itemStyle: { color: COMPUTED_COLOUR },
      barMaxWidth: 18,
      label: { show: true, position: 'right', color: INK, fontSize: 11, formatter: pctLabel },
    },
  ];
  if (previous) {
    series.push({
      type: 'bar',
      name: String(previous.year),
      data: previousAverages(rows, previous.rows),
      itemStyle: { color: PREVIOUS },
      barMaxWidth: 18,
      label: { show: true, position: 'right', color: MUTED, fontSize: 11, formatter: pctLabel },
    });
  }
  if (withPublished) {
    series.push({
      type: 'bar',
      name: `${year} (${m.published.toLowerCase()})`,
      // A field whose decision gave only a rank has no bar here: null, never 0.
      data: rows.map((r) => r.published?.average ?? null),
      itemStyle: { color: PUBLISHED_COLOUR },
      barMaxWidth: 18,
      label: { show: true, position: 'right', color: MUTED, fontSize: 11, formatter: pctLabel },
    });
  }
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.fieldsChartLabel(year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    legend: withLegend ? { top: 0, left: 'center', itemGap: narrow ? 12 : 24, textStyle: { color: INK } } : { show: false },
    grid: {
      left: 4,
      right: 64,
      top: legendHeight,
      bottom: 24,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: percentAxis(narrow, m.locale),
    yAxis: namesAxis(rows.map((r) => wrapLabel(fieldName(r, m.lang), narrow ? 16 : 30)), {
      fontSize: narrow ? 11 : 12,
      lineHeight: narrow ? 14 : 16,
    }),
    tooltip: {
      trigger: 'axis',
      ...tooltipBase(ctx),
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const first = (p as { dataIndex: number }[])[0];
        const row = first ? rows[first.dataIndex] : undefined;
        if (!row || !first) return '';
        const before = previous ? previousAverages(rows, previous.rows)[first.dataIndex] ?? null : null;
        return fieldTooltip(row, rows.length, m, previous ? { year: previous.year, average: before } : null);
      },
    },
    series,
  };
}

/** The tooltip of one field: computed and published averages with their ranks among the fields. */
export function fieldTooltip(
  row: FieldSummaryRow,
  total: number,
  m: Messages,
  previous: { year: number; average: number | null } | null = null,
): string {
  const lines = [
    `<strong>${escapeHtml(fieldName(row, m.lang))}</strong>`,
    `${m.computed}: ${formatPercent(row.average, m.locale)}, ${m.fieldRank(row.rank, total)}`,
  ];
  if (previous) lines.push(`${previous.year}: ${formatPercent(previous.average, m.locale)}`);
  const pub = row.published;
  if (pub) {
    lines.push(
      pub.average === null
        ? `${m.published}: ${m.publishedRankOnly(pub.rank, total)}`
        : `${m.published}: ${formatPercent(pub.average, m.locale)}, ${m.fieldRank(pub.rank, total)}`,
    );
    lines.push(`<small>${m.source}: ${escapeHtml(formatSource(pub.source))}</small>`);
  }
  return lines.join('<br>');
}
