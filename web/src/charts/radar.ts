// The eight fields of a unit in a year against its parent's mean and the best unit of each
// field, on a radar from 0 to 100 %.
import { escapeHtml, formatPercent, wrapLabel } from '../format';
import type { Messages } from '../i18n';
import type { ComparedUnit } from '../queries';
import { FONT_FAMILY, INK, NARROW_WIDTH, PRIMARY, REFERENCE, RULE, tooltipBase, type ChartContext, type ChartOption } from './option';

export const RADAR_UNIT = PRIMARY;
export const RADAR_MEAN = REFERENCE;
export const RADAR_BEST = '#009E73';

export function radarHeight(width: number): number {
  return width < NARROW_WIDTH ? 340 : 440;
}

function name(f: { nameVi: string; nameEn: string }, lang: string): string {
  return lang === 'en' ? f.nameEn : f.nameVi;
}

export function radarOption(u: ComparedUnit, year: number, m: Messages, ctx: ChartContext): ChartOption {
  const narrow = ctx.width < NARROW_WIDTH;
  const fields = u.fields;
  const rows = [
    { name: u.unit.shortName, colour: RADAR_UNIT, values: fields.map((f) => f.percent), dash: 'solid' as const, area: 0.18 },
    { name: m.parentMean, colour: RADAR_MEAN, values: fields.map((f) => f.benchmarks.parentMean), dash: 'dashed' as const, area: 0 },
    { name: m.bestUnit, colour: RADAR_BEST, values: fields.map((f) => f.benchmarks.best), dash: 'dotted' as const, area: 0 },
  ];
  return {
    animation: ctx.animation,
    aria: { enabled: true, label: { description: m.radarHeading(year) } },
    textStyle: { fontFamily: FONT_FAMILY, color: INK },
    legend: { top: 0, left: 'center', textStyle: { color: INK } },
    radar: {
      center: ['50%', '55%'],
      radius: narrow ? '62%' : '62%',
      indicator: fields.map((f, i) => ({
        name: narrow ? String(i + 1) : wrapLabel(name(f.field, m.lang), 22),
        min: 0,
        max: 100,
      })),
      axisName: { color: INK, fontSize: narrow ? 12 : 11, lineHeight: 14 },
      splitLine: { lineStyle: { color: RULE } },
      splitArea: { show: false },
      axisLine: { lineStyle: { color: RULE } },
    },
    tooltip: {
      trigger: 'item',
      ...tooltipBase(ctx),
      formatter: (p: unknown) => {
        const row = rows[(p as { dataIndex: number }).dataIndex];
        if (!row) return '';
        const lines = [`<strong>${escapeHtml(row.name)} — ${year}</strong>`];
        fields.forEach((f, i) => {
          const best = row.name === m.bestUnit ? ` (${escapeHtml(f.benchmarks.bestUnit.shortName)})` : '';
          lines.push(`${i + 1}. ${escapeHtml(name(f.field, m.lang))}: ${formatPercent(row.values[i], m.locale)}${best}`);
        });
        return lines.join('<br>');
      },
    },
    series: [
      {
        type: 'radar',
        symbolSize: 5,
        data: rows.map((r) => ({
          name: r.name,
          value: r.values,
          lineStyle: { color: r.colour, width: 2, type: r.dash },
          itemStyle: { color: r.colour },
          areaStyle: { color: r.colour, opacity: r.area },
        })),
      },
    ],
    color: [RADAR_UNIT, RADAR_MEAN, RADAR_BEST],
  };
}

/** The numbered list of fields shown under a narrow radar, whose axes carry only numbers. */
export function radarKey(u: ComparedUnit, lang: string): string[] {
  return u.fields.map((f, i) => `${i + 1}. ${name(f.field, lang)}`);
}

