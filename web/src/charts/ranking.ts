// The ranking chart: one horizontal bar per unit, best at the top, coloured by its computed class
// (by the class's position among its own framework's classes).
import { escapeHtml, formatPercent, formatSource } from '../format';
import { groupName, groupShort, type Classes } from '../groups';
import type { Messages } from '../i18n';
import type { RankingRow } from '../queries';
import { FONT_FAMILY, INK, NARROW_WIDTH, namesAxis, percentAxis, tooltipBase, type ChartContext, type ChartOption } from './option';

/** Height in CSS pixels of one bar's row, and of the axes and margins around the bars. */
const ROW_HEIGHT = 30;
const FRAME_HEIGHT = 48;

/** The height of a ranking chart of `count` units. */
export function rankingHeight(count: number): number {
  return FRAME_HEIGHT + Math.max(count, 3) * ROW_HEIGHT;
}

/** Whether the published group of a row differs from the computed one. */
export function groupDiffers(row: RankingRow): boolean {
  return row.published !== null && row.published.group.code !== row.group.code;
}

/** The cohort a row is ranked in, named, with how many units it holds. */
export type CohortLabel = (row: RankingRow) => { name: string; units: number } | null;

/**
 * The option of the ranking chart of a year: `classes` colours each unit's class, and `cohort`
 * (where the issuer ranks kinds of units apart) names the cohort of each rank.
 */
export function rankingOption(
  rows: readonly RankingRow[],
  year: number,
  classes: Classes,
  m: Messages,
  ctx: ChartContext,
  cohort: CohortLabel = () => null,
): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const anyDiffers = rows.some(groupDiffers);
  const label = (row: RankingRow): string => {
    const pct = formatPercent(row.percent, m.locale);
    return groupDiffers(row) && row.published ? `${pct} (${m.published}: ${groupShort(row.published.group, m.lang)})` : pct;
  };
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.rankingChartLabel(year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    grid: {
      left: 4,
      right: anyDiffers ? (narrow ? 118 : 140) : 64,
      top: 8,
      bottom: 24,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: percentAxis(narrow, m.locale),
    yAxis: namesAxis(rows.map((r) => r.unit.shortName), { fontSize: narrow ? 12 : 13 }),
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const row = rows[(p as { dataIndex: number }).dataIndex];
        if (!row) return '';
        const c = cohort(row);
        return rankingTooltip(row, c?.units ?? rows.length, m, c?.name ?? null);
      },
    },
    series: [
      {
        type: 'bar',
        name: m.index,
        barMaxWidth: 22,
        data: rows.map((row) => ({
          value: row.percent,
          itemStyle: groupDiffers(row)
            ? {
                color: classes.colour(row.group),
                borderColor: INK,
                borderWidth: 2,
                borderType: 'dashed',
              }
            : { color: classes.colour(row.group) },
        })),
        label: {
          show: true,
          position: 'right',
          color: INK,
          fontSize: 12,
          formatter: (p: unknown) => {
            const row = rows[(p as { dataIndex: number }).dataIndex];
            return row ? label(row) : '';
          },
        },
      },
    ],
  };
}

/**
 * The tooltip of one unit: name, index, rank (of `total`, in `cohort` where the issuer ranks
 * kinds of units apart), class and what was published.
 */
export function rankingTooltip(row: RankingRow, total: number, m: Messages, cohort: string | null = null): string {
  const lines = [
    `<strong>${escapeHtml(row.unit.name)}</strong>`,
    `${m.index}: ${formatPercent(row.percent, m.locale)}`,
    `${m.rank}: ${m.rankOf(row.rank, total)}${cohort ? ` (${escapeHtml(cohort)})` : ''}`,
    `${m.group}: ${escapeHtml(groupName(row.group, m))}`,
  ];
  const pub = row.published;
  if (pub) {
    let text = `${m.publishedGroup}: ${escapeHtml(groupName(pub.group, m))}`;
    if (pub.rank !== null) text += `, ${m.publishedRank} ${pub.rank}`;
    if (groupDiffers(row)) text += ` (${m.differs})`;
    lines.push(text);
    lines.push(`<small>${m.source}: ${escapeHtml(formatSource(pub.source))}</small>`);
  }
  return lines.join('<br>');
}
