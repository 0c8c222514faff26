// Every piece of text the Vietnamese page shows. en.ts has the same shape (Messages).

/** Why a trend value is there or missing (the API's Status enum). */
export type StatusWord = 'OBSERVED' | 'NOT_ASSESSED' | 'NOT_EXISTING' | 'NOT_PUBLISHED' | 'PROVISIONAL';

/** A fact published by an official decision, for the notice about illustrative data. */
export interface PublishedFact {
  kind: 'groups' | 'rank' | 'ranks' | 'fieldAverages';
  year: number;
  /** For kind "rank": the unit's kind as listed ("Xã") and its name without it ("An Mỹ"). */
  unitKind?: string;
  unitShortName?: string;
  rank?: number;
}

/** A decision that published facts, as "Quyết định 2234/QĐ-UBND …" and its date. */
/** What else on the page is illustrative when a year's scores are official. */
export interface IllustrativeParts {
  framework: boolean;
  trend: boolean;
}

export interface DecisionRef {
  title: string;
  /** ISO 8601 date or null. */
  date: string | null;
}

export const vi = {
  lang: 'vi',
  /** BCP 47 tag for Intl number and date formats. */
  locale: 'vi-VN',
  title: 'Chỉ số cải cách hành chính cấp xã',
  subtitle: 'Kết quả xếp hạng, giá trị trung bình các lĩnh vực và diễn biến qua các năm của xã, phường, thị trấn.',
  yearLabel: 'Năm',
  otherLanguage: 'English',
  otherLanguageTitle: 'Switch to English',
  loading: 'Đang tải…',
  loadError: 'Không tải được dữ liệu',
  errorCode: 'mã lỗi',
  clientErrors: {
    TIMEOUT: 'máy chủ không trả lời kịp thời hạn',
    NETWORK: 'không kết nối được máy chủ',
    BAD_RESPONSE: 'máy chủ trả lời không đúng định dạng',
    NO_DATA: 'câu trả lời không có dữ liệu',
  } as Record<string, string>,
  retry: 'Thử lại',
  noYears: 'Chưa có năm nào có kết quả.',
  emptyYear: (year: number) => `Chưa có kết quả chỉ số cải cách hành chính cho năm ${year}.`,

  rankingHeading: (year: number) => `Xếp hạng các đơn vị năm ${year}`,
  rankingNote:
    'Chỉ số là tổng điểm tính theo phần trăm điểm tối đa; màu của cột là nhóm xếp loại tính từ chỉ số.',
  rankingChartLabel: (year: number) => `Biểu đồ xếp hạng chỉ số cải cách hành chính năm ${year}`,
  groupName: (code: string, label: string) => `Nhóm ${code} – ${label}`,
  mismatchLegend: 'Viền đứt: nhóm công bố khác nhóm tính toán',
  showTable: 'Hiện bảng số liệu',
  hideTable: 'Ẩn bảng số liệu',
  tableCaption: (year: number) => `Bảng xếp hạng năm ${year}`,
  colRank: 'Hạng',
  colUnit: 'Đơn vị',
  colPercent: 'Chỉ số',
  colGroup: 'Nhóm (tính toán)',
  colPublishedGroup: 'Nhóm công bố',
  index: 'Chỉ số',
  rank: 'Hạng',
  rankOf: (rank: number, total: number) => `${rank}/${total}`,
  group: 'Nhóm',
  publishedGroup: 'Nhóm công bố',
  publishedRank: 'hạng công bố',
  differs: 'khác nhóm tính toán',
  source: 'Nguồn',
  none: '—',

  fieldsHeading: (year: number) => `Giá trị trung bình các lĩnh vực năm ${year}`,
  fieldsNote: (withPublished: boolean) =>
    `Trung bình phần trăm điểm của các đơn vị trong từng lĩnh vực${withPublished ? ', bên cạnh giá trị đã công bố' : ''}.`,
  fieldsChartLabel: (year: number) => `Biểu đồ giá trị trung bình các lĩnh vực năm ${year}`,
  colField: 'Lĩnh vực',
  computed: 'Tính toán',
  published: 'Công bố',
  fieldRank: (rank: number, total: number) => `xếp thứ ${rank}/${total}`,
  publishedRankOnly: (rank: number, total: number) =>
    `xếp thứ ${rank}/${total} (không công bố giá trị)`,

  trendHeading: 'Diễn biến qua các năm',
  trendNote:
    'Chỉ số của một đơn vị qua các năm. Năm không có điểm để trống, không tính là 0. Đường đứt là ngưỡng các nhóm.',
  trendChartLabel: (name: string) => `Biểu đồ diễn biến chỉ số cải cách hành chính của ${name}`,
  unitLabel: 'Đơn vị',
  threshold: (code: string) => `Nhóm ${code}`,
  status: {
    OBSERVED: 'Có điểm',
    NOT_ASSESSED: 'Không đánh giá',
    NOT_EXISTING: 'Đơn vị không tồn tại trong năm này',
    NOT_PUBLISHED: 'Chưa công bố',
    PROVISIONAL: 'Tạm tính',
  } satisfies Record<StatusWord, string>,
  statusLabel: 'Tình trạng',
  year: 'Năm',

  illustrative:
    'Số liệu điểm là minh họa (do parindex tạo), không phải kết quả chính thức.',
  realFacts: (facts: PublishedFact[], decisions: DecisionRef[], formatDate: (iso: string) => string) => {
    const parts = facts.map((f) => {
      switch (f.kind) {
        case 'groups':
          return `nhóm xếp loại năm ${f.year}`;
        case 'rank':
          return `vị trí ${f.rank === 1 ? 'thứ nhất' : `thứ ${f.rank}`} của ${[f.unitKind?.toLowerCase(), f.unitShortName].filter(Boolean).join(' ')}`;
        case 'ranks':
          return `thứ hạng năm ${f.year}`;
        case 'fieldAverages':
          return `giá trị trung bình các lĩnh vực`;
      }
    });
    const sources = decisions.map((d) =>
      // Titles that already carry their date are not given it twice.
      d.date && !d.title.includes(formatDate(d.date)) ? `${d.title} ngày ${formatDate(d.date)}` : d.title,
    );
    return `Kết quả thật: ${joinVi(parts)} theo ${joinVi(sources)}.`;
  },
  noRealFacts: (year: number) => `Năm ${year} không có kết quả chính thức nào được công bố trong dữ liệu.`,
  officialScores: (year: number, decisions: DecisionRef[], also: IllustrativeParts, formatDate: (iso: string) => string) => {
    const sources = decisions.map((d) =>
      d.date && !d.title.includes(formatDate(d.date)) ? `${d.title} ngày ${formatDate(d.date)}` : d.title,
    );
    const parts = [
      ...(also.framework ? ['bộ tiêu chí và điểm tối đa'] : []),
      ...(also.trend ? ['điểm các năm khác trong biểu đồ diễn biến'] : []),
    ];
    return `Điểm năm ${year} là kết quả chính thức theo ${joinVi(sources)}. Là minh họa (do parindex tạo), không phải kết quả chính thức: ${joinVi(parts)}.`;
  },

  footer: 'parindex — dữ liệu qua GraphQL tại',
  explorer: 'trình truy vấn GraphiQL',
};

/** Joins "a", "a và b", "a, b và c". */
function joinVi(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
}

/** The shape every language file has. */
export type Messages = typeof vi;
