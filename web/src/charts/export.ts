// Charts saved for reports: the chart's SVG (ECharts' SVG renderer) framed with its title and
// its source line, as an SVG file or as a PNG painted from that SVG at twice the size. Nothing
// leaves the page: the image is built in the browser and saved with a download link.
import { escapeHtml } from '../format';
import { FONT_FAMILY, INK, MUTED } from './option';

const TITLE_HEIGHT = 36;
const FOOTER_HEIGHT = 30;
const PAD = 12;
/** PNGs are painted at this multiple of CSS pixels, sharp enough for a printed report. */
export const PNG_SCALE = 2;

/** The text around a saved chart. */
export interface Frame {
  title: string;
  footer: string;
}

function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)/.exec(svg);
  const hh = /<svg[^>]*\sheight="([\d.]+)/.exec(svg);
  return { width: Number(w?.[1] ?? 600), height: Number(hh?.[1] ?? 400) };
}

/**
 * Wraps a chart's SVG in a white page with the title above and the source below. The chart
 * keeps its own size; the text is escaped.
 */
export function framedSvg(chartSvg: string, frame: Frame): { svg: string; width: number; height: number } {
  const { width, height } = svgSize(chartSvg);
  const total = { width: width + 2 * PAD, height: height + TITLE_HEIGHT + FOOTER_HEIGHT };
  const inner = chartSvg.replace(/^<svg/, `<svg x="${PAD}" y="${TITLE_HEIGHT}"`);
  const font = escapeHtml(FONT_FAMILY);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total.width}" height="${total.height}" viewBox="0 0 ${total.width} ${total.height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="${PAD}" y="24" font-family="${font}" font-size="16" font-weight="700" fill="${INK}">${escapeHtml(frame.title)}</text>` +
    inner +
    `<text x="${PAD}" y="${total.height - 11}" font-family="${font}" font-size="11" fill="${MUTED}">${escapeHtml(frame.footer)}</text>` +
    `</svg>`;
  return { svg, ...total };
}

/** A file name for a saved chart: ASCII letters, digits and dashes, Vietnamese letters folded. */
export function fileName(parts: (string | number)[], ext: 'png' | 'svg' | 'csv'): string {
  const base = parts
    .map((p) =>
      String(p)
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter((p) => p !== '')
    .join('-');
  return `${base || 'chart'}.${ext}`;
}

/** Saves a blob as a file named `name` (a download the browser asks nothing about). */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the framed chart as an SVG file. */
export function saveSvg(chartSvg: string, frame: Frame, name: string): void {
  const { svg } = framedSvg(chartSvg, frame);
  save(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), name);
}

/**
 * Paints the chart on a white canvas between its title and its source line, and saves it as a
 * PNG file. The chart's own SVG is drawn as an image (a data: URL, which the page's policy
 * allows, and which does not taint the canvas); the text is drawn by the canvas.
 */
export async function savePng(chartSvg: string, frame: Frame, name: string): Promise<void> {
  const { width, height } = svgSize(chartSvg);
  const total = { width: width + 2 * PAD, height: height + TITLE_HEIGHT + FOOTER_HEIGHT };
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chartSvg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(total.width * PNG_SCALE);
  canvas.height = Math.round(total.height * PNG_SCALE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.scale(PNG_SCALE, PNG_SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, total.width, total.height);
  ctx.fillStyle = INK;
  ctx.font = `700 16px ${FONT_FAMILY}`;
  ctx.fillText(frame.title, PAD, 24, total.width - 2 * PAD);
  ctx.drawImage(img, PAD, TITLE_HEIGHT, width, height);
  ctx.fillStyle = MUTED;
  ctx.font = `11px ${FONT_FAMILY}`;
  ctx.fillText(frame.footer, PAD, total.height - 11, total.width - 2 * PAD);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  save(blob, name);
}
