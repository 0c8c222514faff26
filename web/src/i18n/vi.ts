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
/** What the profile's sentences say, computed from the data by sentences.ts. */
export interface ProfileFacts {
  name: string;
  year: number;
  percent: number;
  rank: number;
  total: number;
  parentName: string | null;
  /** The unit's class: its code, label in the page's language, and whether the code is a number ("nhóm I"). */
  group: ClassName;
  /** Change in points against the previous year with a value, and that year. */
  change: { points: number; since: number } | null;
  strongest: { field: string; percent: number } | null;
  weakest: { field: string; percent: number; belowMean: number } | null;
  /** Fields where the unit is below the mean of its parent. */
  fieldsBelowMean: number;
  fieldCount: number;
  /** Set for a unit created in the reorganisation: the history is its predecessors'. */
  predecessors: string[] | null;
}

/** A line of a unit's history to phrase: what changed, how certain it is, and the names it needs. */
export interface LinePhrase {
  change: 'RENAMED' | 'KIND_CHANGED' | 'MOVED' | 'PARENT_CHANGED' | 'CODE_CHANGED' | 'MERGED' | 'REORGANISED';
  certainty: 'ESTABLISHED' | 'INFERRED' | 'CANDIDATE';
  /** Kinds before and after, lower case ("xã", "phường"). */
  kinds: [string, string];
  /** Parents' names before and after, where known (moves and changes of the parent). */
  parents: [string | null, string | null];
  /** Codes before and after. */
  codes: [string, string];
  /** Effective date, formatted. */
  date: string;
}

/** A class as sentences name it: "nhóm I" where the decision numbers its classes, else its label. */
export interface ClassName {
  code: string;
  label: string;
  numbered: boolean;
}

/** What the overview's sentences say. */
export interface OverviewFacts {
  year: number;
  units: number;
  mean: number;
  leader: { name: string; percent: number } | null;
  last: { name: string; percent: number } | null;
  /** Against the previous year, when there is one with comparable units. */
  changes: { since: number; improved: number; declined: number; meanChange: number | null; current: boolean } | null;
  /** Units in the best class; `name` null when the units were scored on several frameworks (each one's best). */
  best: { units: number; name: ClassName | null };
}

/** Number formats the sentences use, in the page's language. */
export interface Formats {
  pct: (v: number) => string;
  pts: (v: number) => string;
  date: (iso: string) => string;
}

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
  subtitle: 'Xếp hạng, nhóm xếp loại, các lĩnh vực và diễn biến qua các năm của xã, phường, thị trấn.',
  skipToContent: 'Bỏ qua, đến nội dung',
  yearLabel: 'Năm',
  areaLabel: 'Địa bàn',
  provinceLabel: 'Tỉnh, thành phố',
  districtLabel: 'Quận, huyện',
  choosePlaceholder: '— Chọn tỉnh, thành phố —',
  areaSearchLabel: 'Tìm tỉnh, huyện',
  areaSearchPlaceholder: 'ví dụ: ke sach',
  wholeProvince: 'Toàn tỉnh (các quận, huyện)',
  inArea: (heading: string, area: string) => `${heading} – ${area}`,
  provincesHeading: (year: number) => `Chỉ số trung bình của các tỉnh, thành phố năm ${year}`,
  areasChartLabel: (year: number) => `Biểu đồ chỉ số trung bình theo địa bàn năm ${year}`,
  provincesNote: 'Bấm vào một tỉnh, thành phố (hoặc chọn ở phía trên) để xem xếp hạng, nhóm xếp loại, các lĩnh vực và diễn biến của các xã. Chỉ số trung bình là trung bình cộng chỉ số của các xã, phường, thị trấn có kết quả.',
  districtsHeading: (province: string, year: number) => `Chỉ số trung bình của các quận, huyện – ${province} năm ${year}`,
  districtsNote: 'Trước ngày 1/7/2025, xã, phường, thị trấn được xếp hạng trong quận, huyện của mình: bấm vào một quận, huyện (hoặc chọn ở phía trên). Chỉ số trung bình là trung bình cộng chỉ số của các xã.',
  areaMissing: (code: string, year: number) => `Mã ${code} không phải tỉnh, thành phố hay quận, huyện nào của năm ${year} (các quận, huyện không còn từ ngày 1/7/2025).`,
  provincesWithout: (n: number, year: number) => `${n} tỉnh, thành phố khác chưa có kết quả năm ${year}: chọn ở phía trên để xem.`,
  chooseProvince: 'Hãy chọn tỉnh, thành phố ở trên để xem bảng số liệu.',
  chooseDistrict: (province: string) => `Hãy chọn một quận, huyện của ${province} ở trên để xem bảng số liệu.`,
  colProvince: 'Tỉnh, thành phố',
  colDistrict: 'Quận, huyện',
  colDistricts: 'Số huyện',
  colUnits: 'Số xã',
  colAverage: 'Chỉ số trung bình',
  otherLanguage: 'English',
  otherLanguageTitle: 'Switch to English',
  views: {
    overview: 'Tổng quan',
    profile: 'Hồ sơ xã',
    compare: 'So sánh',
    table: 'Bảng số liệu',
  },
  viewsLabel: 'Chọn trang',
  loading: 'Đang tải…',
  loadError: 'Không tải được dữ liệu',
  errorCode: 'mã lỗi',
  clientErrors: {
    TIMEOUT: 'máy chủ không trả lời kịp thời hạn',
    NETWORK: 'không kết nối được máy chủ',
    BAD_RESPONSE: 'máy chủ trả lời không đúng định dạng',
    NO_DATA: 'câu trả lời không có dữ liệu',
    TOO_MANY_ROWS: 'yêu cầu quá nhiều dòng',
    OVERLOADED: 'máy chủ đang bận, vui lòng thử lại sau ít giây',
    INTERNAL: 'máy chủ gặp lỗi; chi tiết được ghi trong nhật ký máy chủ',
    COMPLEXITY_LIMIT_EXCEEDED: 'yêu cầu quá lớn',
    DEPTH_LIMIT_EXCEEDED: 'yêu cầu quá lớn',
  } as Record<string, string>,
  httpError: (status: string) => `máy chủ trả lời lỗi HTTP ${status}`,
  retry: 'Thử lại',
  noYears: 'Chưa có năm nào có kết quả.',
  emptyYear: (year: number) => `Chưa có kết quả chỉ số cải cách hành chính cho năm ${year}.`,
  unitNoResults: (name: string) => `Chưa có kết quả chỉ số cải cách hành chính nào cho ${name}.`,
  areaNoResults: (area: string, year: number) => `Chưa có kết quả cho ${area} năm ${year}.`,
  /** Where results come from: the text around the command, the command set apart. */
  importHint: {
    before: 'Kết quả chính thức được nạp vào parindex bằng lệnh ',
    command: 'parindex import',
    after: ' (hướng dẫn: tệp README.md của parindex, mục “Stewardship: importing official results”).',
  },
  noData: (detail: string) => `Không có số liệu cho lựa chọn này (${detail}).`,

  downloadPng: 'Tải PNG',
  downloadSvg: 'Tải SVG',
  downloadCsv: 'Tải CSV',
  copyQuery: 'Sao chép GraphQL',
  openExplorer: 'Mở trong GraphiQL',
  /** The button that opens a chart's tools on a phone. */
  toolsMenu: 'Tải về, chia sẻ',
  copied: 'Đã sao chép truy vấn GraphQL.',
  copyFailed: 'Không sao chép được; hãy dùng “Mở trong GraphiQL”.',
  saved: (name: string) => `Đã lưu ${name}.`,
  saveFailed: 'Không lưu được ảnh',
  showTable: 'Hiện bảng số liệu',
  hideTable: 'Ẩn bảng số liệu',
  sortBy: (col: string) => `Sắp xếp theo ${col.toLowerCase()}`,
  tableColumns: (n: number, scrolls: boolean) => (scrolls ? `${n} cột, cuộn ngang để xem hết →` : `${n} cột`),

  summaryHeading: (year: number) => `Tóm tắt năm ${year}`,
  rankingHeading: (year: number) => `Xếp hạng các đơn vị năm ${year}`,
  rankingNote:
    'Chỉ số là tổng điểm tính theo phần trăm điểm tối đa; màu của cột là nhóm xếp loại tính từ chỉ số. Bấm vào một cột để xem hồ sơ của đơn vị.',
  rankingChartLabel: (year: number) => `Biểu đồ xếp hạng chỉ số cải cách hành chính năm ${year}`,
  groupName: (code: string, label: string) => `Nhóm ${code} – ${label}`,
  mismatchLegend: 'Viền đứt: nhóm công bố khác nhóm tính toán',
  /** The framework the classes of a chart come from. */
  frameworkLine: (name: string) => `Bộ chỉ số: ${name}`,
  /** Said wherever an answer ranks or averages units of different frameworks together. */
  mixedFrameworks:
    'Các đơn vị được chấm theo nhiều bộ chỉ số khác nhau: chỉ so sánh được theo tỷ lệ phần trăm; xếp loại so sánh theo thứ bậc.',
  /** Units whose framework changed between the two years of a comparison. */
  frameworkChanged: (n: number, from: number, to: number) =>
    `${n} đơn vị được chấm theo bộ chỉ số khác nhau ở năm ${from} và năm ${to}: thay đổi của các đơn vị này chỉ so sánh theo tỷ lệ phần trăm, xếp loại so sánh theo thứ bậc.`,
  frameworkChangedShort: 'bộ chỉ số thay đổi giữa hai năm',
  previousByPosition: (previous: number) =>
    `Năm ${previous} được chấm theo bộ chỉ số khác: số đơn vị năm ${previous} được đặt vào xếp loại cùng thứ bậc của năm nay.`,
  colFramework: 'Bộ chỉ số',
  colCohort: 'Xếp hạng trong khối',
  cohortsNote: (cohorts: { name: string; units: number }[]) =>
    `Xếp hạng riêng theo từng khối đơn vị, mỗi khối bắt đầu từ hạng 1: ${joinVi(cohorts.map((c) => `${c.name} (${c.units} đơn vị)`))}.`,
  tableCaption: (year: number) => `Bảng xếp hạng năm ${year}`,
  colRank: 'Hạng',
  colUnit: 'Đơn vị',
  colPercent: 'Chỉ số',
  colGroup: 'Nhóm (tính toán)',
  colPublishedGroup: 'Nhóm công bố',
  colChange: 'Thay đổi (điểm)',
  colCount: 'Số đơn vị',
  colShare: 'Tỷ lệ',
  colCriterion: 'Tiêu chí',
  colPoints: 'Điểm',
  colMax: 'Tối đa',
  colLost: 'Kém đơn vị tốt nhất (điểm)',
  colSource: 'Nguồn',
  index: 'Chỉ số',
  rank: 'Hạng',
  rankOf: (rank: number, total: number) => `${rank}/${total}`,
  group: 'Nhóm',
  publishedGroup: 'Nhóm công bố',
  publishedRank: 'hạng công bố',
  differs: 'khác nhóm tính toán',
  source: 'Nguồn',
  none: '—',
  points: 'điểm',

  groupsHeading: (year: number) => `Số đơn vị theo nhóm xếp loại năm ${year}`,
  groupsNote: (year: number, previous: number | null, units: number, previousUnits: number | null) =>
    previous === null
      ? `${units} đơn vị năm ${year}; không có năm trước để so sánh.`
      : `${units} đơn vị năm ${year}, ${previousUnits ?? 0} đơn vị năm ${previous}.` +
        (previousUnits !== null && previousUnits !== units ? ' Số đơn vị khác nhau do sắp xếp đơn vị hành chính.' : ''),
  groupsChartLabel: (year: number) => `Biểu đồ số đơn vị theo nhóm xếp loại năm ${year} và năm trước`,

  fieldsHeading: (year: number) => `Giá trị trung bình các lĩnh vực năm ${year}`,
  fieldsNote: (previous: number | null, withPublished: boolean) =>
    `Trung bình phần trăm điểm của các đơn vị trong từng lĩnh vực` +
    (previous !== null ? `, bên cạnh năm ${previous}` : '') +
    (withPublished ? ' và giá trị đã công bố' : '') +
    '.',
  fieldsScope: (year: number, units: number, previous: number, previousUnits: number) =>
    ` Năm ${year} tính trên ${units} đơn vị, năm ${previous} trên ${previousUnits} đơn vị (trước khi sắp xếp đơn vị hành chính).`,
  fieldsChartLabel: (year: number) => `Biểu đồ giá trị trung bình các lĩnh vực năm ${year}`,
  colField: 'Lĩnh vực',
  /** A field's name where room is short (a legend, a phone's drop-down); the full name where none is known. */
  fieldShort: (slug: string, name: string): string =>
    ({
      direction: 'Chỉ đạo, điều hành',
      institutions: 'Cải cách thể chế',
      procedures: 'Thủ tục hành chính',
      organisation: 'Tổ chức bộ máy',
      civil_service: 'Chế độ công vụ',
      public_finance: 'Tài chính công',
      e_government: 'Chính phủ điện tử',
      impact: 'Tác động của cải cách',
    })[slug] ?? name,
  computed: 'Tính toán',
  published: 'Công bố',
  fieldRank: (rank: number, total: number) => `xếp thứ ${rank}/${total}`,
  publishedRankOnly: (rank: number, total: number) => `xếp thứ ${rank}/${total} (không công bố giá trị)`,

  changesHeading: (from: number, to: number) => `Tăng và giảm nhiều nhất, ${from} → ${to}`,
  changesNote: (current: boolean) =>
    'Thay đổi của chỉ số, tính bằng điểm phần trăm.' +
    (current ? ' Các xã mới (từ 01/07/2025) được so với kết quả gộp của các đơn vị cũ hợp thành.' : ''),
  changesChartLabel: (from: number, to: number) => `Biểu đồ các đơn vị tăng và giảm nhiều nhất từ ${from} đến ${to}`,
  /** Said when the chart has one side only: every unit compared rose (or fell, or kept its index). */
  changesOneSide: (rose: number, fell: number, compared: number, from: number) =>
    fell === 0 && rose === compared
      ? `Không đơn vị nào giảm so với năm ${from}: cả ${compared} đơn vị đều tăng.`
      : fell === 0
        ? `Không đơn vị nào giảm so với năm ${from} (${rose} đơn vị tăng, ${compared - rose} đơn vị giữ nguyên).`
        : rose === 0 && fell === compared
          ? `Không đơn vị nào tăng so với năm ${from}: cả ${compared} đơn vị đều giảm.`
          : `Không đơn vị nào tăng so với năm ${from} (${fell} đơn vị giảm, ${compared - fell} đơn vị giữ nguyên).`,
  risers: 'Tăng',
  fallers: 'Giảm',
  noPrevious: (year: number) => `Không có năm trước ${year} để so sánh.`,
  nothingCompared: (from: number, to: number) => `Không có đơn vị nào có kết quả cả năm ${from} và năm ${to}.`,

  profileHeading: (name: string) => `Hồ sơ ${name}`,
  unitLabel: 'Đơn vị',
  searchLabel: 'Tìm đơn vị (gõ không dấu cũng được)',
  searchPlaceholder: 'ví dụ: an my',
  searchNone: 'Không tìm thấy đơn vị nào.',
  searchResults: (n: number) => `${n} đơn vị tìm thấy`,
  pickUnit: 'Chọn một đơn vị để xem hồ sơ.',
  summaryLabel: 'Tóm tắt',
  lineageCoverage: (partial: boolean): string => (partial ? ' (một phần)' : ''),
  laterHeading: 'Về sau',
  validUntil: (name: string, date: string) => `${name} tồn tại đến hết ngày ${date}.`,
  earlierHeading: 'Trước đây',
  historyNote: 'Các thay đổi trong danh mục đơn vị hành chính từ 13/12/2017, mới nhất trước. Bấm vào tên một đơn vị để xem hồ sơ của nó.',
  /** What a line of the history says before its earlier units ("Đổi tên từ: Xã Quang Trung"). */
  cameFrom: (p: LinePhrase): string => {
    const [p0, p1] = p.parents;
    switch (p.change) {
      case 'RENAMED':
        return 'Đổi tên, tên cũ';
      case 'KIND_CHANGED':
        return `Chuyển từ ${p.kinds[0]} thành ${p.kinds[1]}, trước là`;
      case 'MOVED':
        return p0 && p1 ? `Chuyển từ ${p0} về ${p1}, trước là` : 'Chuyển sang đơn vị cấp trên khác, trước là';
      case 'PARENT_CHANGED':
        return p0 && p1 && p0 !== p1 ? `${p0} trở thành ${p1}, trước là` : 'Đơn vị cấp trên đổi tên hoặc loại hình, trước là';
      case 'CODE_CHANGED':
        return `Đổi mã ${p.codes[0]} thành ${p.codes[1]}, trước là`;
      case 'REORGANISED':
        return 'Sắp xếp đơn vị hành chính, hợp thành từ';
      case 'MERGED':
        return p.certainty === 'CANDIDATE'
          ? 'Có thể đã nhập vào đơn vị này, hoặc vào một đơn vị khác (danh mục không cho biết)'
          : p.certainty === 'INFERRED'
            ? 'Có lẽ đã nhập vào đơn vị này — chưa xác lập chính thức (suy ra từ tên gọi)'
            : 'Nhập vào đơn vị này';
    }
  },
  /** What a line of "Về sau" says before the later units ("Từ 01/07/2025 nhập vào: Xã Nhơn Mỹ"). */
  becameInto: (p: LinePhrase): string => {
    const [p0, p1] = p.parents;
    switch (p.change) {
      case 'RENAMED':
        return `Từ ${p.date} đổi tên thành`;
      case 'KIND_CHANGED':
        return `Từ ${p.date} chuyển từ ${p.kinds[0]} thành ${p.kinds[1]}`;
      case 'MOVED':
        return p0 && p1 ? `Từ ${p.date} chuyển từ ${p0} về ${p1}` : `Từ ${p.date} chuyển sang đơn vị cấp trên khác`;
      case 'PARENT_CHANGED':
        return p0 && p1 && p0 !== p1 ? `Từ ${p.date}, ${p0} trở thành ${p1}` : `Từ ${p.date} đơn vị cấp trên đổi tên hoặc loại hình`;
      case 'CODE_CHANGED':
        return `Từ ${p.date} đổi mã ${p.codes[0]} thành ${p.codes[1]}`;
      case 'REORGANISED':
        return `Từ ${p.date} (sắp xếp đơn vị hành chính) thuộc`;
      case 'MERGED':
        return p.certainty === 'CANDIDATE'
          ? `Từ ${p.date} có thể đã nhập vào một trong`
          : p.certainty === 'INFERRED'
            ? `Từ ${p.date} có lẽ đã nhập vào — chưa xác lập chính thức (suy ra từ tên gọi)`
            : `Từ ${p.date} nhập vào`;
    }
  },
  /** After the candidates of a merger whose receiver the lists do not name. */
  candidatesNote: 'Danh mục chính thức không cho biết đơn vị nào đã nhận.',
  /** Beside a link that is neither merger nor candidate but still not established. */
  notEstablished: 'chưa xác lập chính thức',
  /** An event of another version, reached from the unit only through an uncertain link. */
  viaUncertain: 'qua một liên kết chưa xác lập chính thức',
  basisLabel: 'Căn cứ',
  trendHeading: 'Chỉ số qua các năm',
  trendNote:
    'Năm không có điểm để trống, không tính là 0. Đường đứt là ngưỡng các nhóm. Màu của điểm là nhóm của năm đó.',
  trendFrameworks: (year: number) =>
    `Các năm được chấm theo những bộ chỉ số khác nhau: chỉ số so sánh theo tỷ lệ phần trăm; màu của mỗi điểm là xếp loại theo bộ chỉ số của năm đó; đường đứt là ngưỡng của bộ chỉ số năm ${year}.`,
  trendNoteCurrent: 'Trước khi thành lập: trung bình của các đơn vị hợp thành (đường đứt).',
  /** Values (of `name`, or of the unit of the page) that came through a receiver the lists do not establish. */
  trendInferred: (years: string, name: string | null = null) =>
    `Chưa xác lập chính thức: giá trị ${name ? `của ${name} ` : ''}năm ${years} được tính qua một đơn vị nhận sáp nhập suy ra từ tên gọi, không phải số liệu chắc chắn.`,
  hollowPoints: 'Trên biểu đồ, đó là các điểm rỗng.',
  inferredShort: 'chưa xác lập chính thức',
  changesInferred: (n: number) =>
    ` ${n} đơn vị có giá trị tính qua một liên kết chưa xác lập chính thức: thay đổi của các đơn vị đó không phải số liệu chắc chắn.`,
  trendChartLabel: (name: string) => `Biểu đồ diễn biến chỉ số cải cách hành chính của ${name}`,
  rankHeading: 'Thứ hạng qua các năm',
  rankNote: (parent: string | null) => `Hạng trong ${parent ?? 'đơn vị cấp trên'} mỗi năm; hạng 1 ở trên cùng.`,
  fieldTrendHeading: 'Các lĩnh vực qua các năm',
  fieldTrendNote: 'Phần trăm điểm của từng lĩnh vực. Bấm vào tên lĩnh vực ở chú giải để ẩn hoặc hiện.',
  radarHeading: (year: number) => `Tám lĩnh vực năm ${year}`,
  radarNote: (parent: string | null) =>
    `So với trung bình của ${parent ?? 'đơn vị cấp trên'} và đơn vị tốt nhất ở từng lĩnh vực.`,
  parentMean: 'Trung bình',
  bestUnit: 'Tốt nhất',
  criteriaHeading: (year: number) => `Tiêu chí mất nhiều điểm nhất năm ${year}`,
  criteriaNote: 'Số điểm kém so với đơn vị đạt điểm cao nhất ở mỗi tiêu chí, cùng cấp trên.',
  criteriaNone: 'Đơn vị đạt điểm cao nhất ở mọi tiêu chí.',

  compareHeading: 'So sánh các đơn vị',
  compareUnits: 'Đơn vị so sánh',
  removeUnit: (name: string) => `Bỏ ${name}`,
  addUnit: (name: string) => `Thêm ${name}`,
  tooMany: (n: number) => `Tối đa ${n} đơn vị.`,
  measureLabel: 'Chỉ tiêu',
  total: 'Tổng chỉ số',
  fromLabel: 'Từ năm',
  toLabel: 'Đến năm',
  linesHeading: (measure: string) => `${measure} qua các năm`,
  linesNote: 'Năm đơn vị chưa tồn tại hoặc không có điểm để trống.',
  slopeHeading: (measure: string, from: number, to: number) => `${measure}: ${from} và ${to}`,
  slopeNote: 'Mỗi đường nối giá trị của một đơn vị ở hai năm.',
  slopeMissing: (names: string) => `Không có giá trị ở một trong hai năm: ${names}.`,
  heatHeading: (year: number) => `Các đơn vị × lĩnh vực năm ${year}`,
  heatNote: 'Màu càng đậm, phần trăm điểm càng cao.',
  heatMissing: (names: string, year: number) => `Không có kết quả năm ${year}: ${names}.`,
  compareNone: 'Chọn ít nhất một đơn vị.',

  tableHeading: (year: number) => `Bảng số liệu năm ${year}`,
  tableNote: 'Mọi con số của năm: bấm vào tiêu đề cột để sắp xếp.',

  trendPredecessors: 'Đơn vị hợp thành',
  status: {
    OBSERVED: 'Có điểm',
    NOT_ASSESSED: 'Không đánh giá',
    NOT_EXISTING: 'Đơn vị không tồn tại trong năm này',
    NOT_PUBLISHED: 'Chưa công bố',
    PROVISIONAL: 'Tạm tính',
  } satisfies Record<StatusWord, string>,
  statusLabel: 'Tình trạng',
  year: 'Năm',
  threshold: (code: string) => `Nhóm ${code}`,

  profileSentences: (f: ProfileFacts, fmt: Formats): string[] => {
    const where = f.parentName ? ` ${f.parentName}` : '';
    const place = f.rank === 1 ? `đứng đầu${where}` : `đứng thứ ${f.rank}/${f.total}${where ? ` trong${where}` : ''}`;
    const group = f.group.numbered ? `nhóm ${f.group.code}` : `xếp loại ${f.group.label}`;
    const out = [`${f.name} ${place} năm ${f.year} với chỉ số ${fmt.pct(f.percent)} (${group}).`];
    if (f.change !== null) {
      const c = f.change.points;
      out.push(
        Math.abs(c) < 0.005
          ? `Chỉ số không đổi so với năm ${f.change.since}.`
          : `So với năm ${f.change.since}, chỉ số ${c > 0 ? 'tăng' : 'giảm'} ${fmt.pts(Math.abs(c))}\u00A0điểm.`,
      );
    }
    if (f.weakest && f.strongest) {
      const below =
        f.weakest.belowMean > 0.005 ? `, thấp hơn trung bình ${fmt.pts(f.weakest.belowMean)}\u00A0điểm` : '';
      out.push(
        `Lĩnh vực yếu nhất là ${f.weakest.field} (${fmt.pct(f.weakest.percent)}${below}); mạnh nhất là ${f.strongest.field} (${fmt.pct(f.strongest.percent)}).`,
      );
    }
    if (f.predecessors) out.push(`Các năm trước khi thành lập là trung bình kết quả của ${joinVi(f.predecessors)}.`);
    return out;
  },
  overviewSentences: (f: OverviewFacts, fmt: Formats): string[] => {
    const b = f.best.name;
    const best = b === null ? 'đạt xếp loại cao nhất của bộ chỉ số áp dụng cho mình' : b.numbered ? `đạt nhóm ${b.code}` : `xếp loại ${b.label}`;
    const out = [`Năm ${f.year} có ${f.units} đơn vị được đánh giá, chỉ số trung bình ${fmt.pct(f.mean)}; ${f.best.units} đơn vị ${best}.`];
    if (f.leader && f.last) {
      out.push(`${f.leader.name} đứng đầu (${fmt.pct(f.leader.percent)}), ${f.last.name} đứng cuối (${fmt.pct(f.last.percent)}).`);
    }
    if (f.changes) {
      const c = f.changes;
      const mean =
        c.meanChange === null ? '' : `, trung bình ${c.meanChange >= 0 ? 'tăng' : 'giảm'} ${fmt.pts(Math.abs(c.meanChange))}\u00A0điểm`;
      out.push(
        `So với năm ${c.since}${c.current ? ' (theo đơn vị hiện nay)' : ''}: ${c.improved} đơn vị tăng điểm, ${c.declined} đơn vị giảm${mean}.`,
      );
    }
    return out;
  },

  illustrative: 'Số liệu điểm là minh họa (do parindex tạo), không phải kết quả chính thức.',
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
    return `Kết quả thật: ${joinVi(parts)} theo ${joinVi(sources)}. Di chuột (hoặc chạm) vào một số để xem nguồn.`;
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
  sourceIllustrative: 'Nguồn: số liệu minh họa do parindex tạo, không phải kết quả chính thức.',
  sourceLine: (titles: string) => `Nguồn: ${titles}`,

  footer: 'parindex — dữ liệu qua GraphQL tại',
  explorer: 'trình truy vấn GraphiQL',

  // The printable report (views/report.ts).
  reportButton: 'In báo cáo',
  reportButtonTitle: 'Mở trang khổ A4 để in hoặc lưu thành PDF',
  reportTitle: 'Báo cáo Chỉ số cải cách hành chính',
  reportKicker: (year: number) => `Báo cáo Chỉ số cải cách hành chính năm ${year}`,
  reportRunning: (name: string, year: number) => `${name} · Chỉ số cải cách hành chính năm ${year}`,
  reportPrint: 'In hoặc lưu PDF',
  reportBack: 'Quay lại',
  reportOf: (parent: string) => `thuộc ${parent}`,
  reportChange: (since: number) => `So với năm ${since}`,
  reportPoints: (v: string) => `${v} điểm`,
  reportUnits: 'Số đơn vị',
  reportMean: 'Chỉ số trung bình',
  reportBestClass: 'Đạt nhóm cao nhất',
  reportHistoryHeading: 'Chỉ số, thứ hạng và nhóm qua các năm',
  reportHistoryNote: (parent: string | null) => `Hạng trong ${parent ?? 'đơn vị cấp trên'}; năm không có điểm để trống, không tính là 0.`,
  reportFieldsHeading: (year: number) => `Các lĩnh vực năm ${year}`,
  reportFieldsNote: (parent: string | null) =>
    `Phần trăm điểm của từng lĩnh vực, so với trung bình của ${parent ?? 'đơn vị cấp trên'} và đơn vị cao nhất; chênh lệch là số điểm trên (+) hoặc dưới (−) trung bình. Vạch đen trên thanh là mức trung bình.`,
  reportDiff: 'Chênh lệch (điểm)',
  reportProvinceMean: 'Trung bình tỉnh',
  reportRankBefore: (year: number) => `Hạng ${year}`,
  reportNoFallers: (from: number) => `Không đơn vị nào giảm điểm so với năm ${from}.`,
  reportNoRisers: (from: number) => `Không đơn vị nào tăng điểm so với năm ${from}.`,
  reportSourcesHeading: 'Nguồn số liệu',
  reportScoresOfficial: (year: number, sources: string) => `Điểm năm ${year}: kết quả chính thức theo ${sources}.`,
  reportScoresIllustrative: (year: number) => `Điểm năm ${year}: số liệu minh họa do parindex tạo, không phải kết quả chính thức.`,
  reportPublished: (year: number, what: string, source: string) => `Kết quả công bố năm ${year}: ${what} (${source}).`,
  reportPublishedGroups: (n: number) => `nhóm xếp loại của ${n} đơn vị`,
  reportPublishedRank: (group: string, rank: number | null) => (rank === null ? group : `${group}, hạng ${rank}`),
  reportFramework: (name: string) => `Bộ chỉ số áp dụng: ${name}.`,
  reportFrameworkDecision: (title: string) => `Văn bản ban hành bộ chỉ số: ${title}.`,
  reportFrameworkIllustrative: (title: string) => `Tiêu chí và điểm tối đa: ${title}.`,
  reportAddress: (address: string) => `In từ parindex: ${address}`,
  reportPickArea: 'Chọn một tỉnh hoặc huyện có kết quả ở trang Tổng quan để in báo cáo của địa bàn.',
  reportInherited: 'Năm có dấu *: trước khi thành lập, là trung bình của các đơn vị hợp thành.',
  reportMeanMark: (name: string) => ` Vạch đen trên thanh là trung bình ${name}.`,
  /** The notice's hint for the screen, left out on paper. */
  reportScreenHint: 'Di chuột (hoặc chạm) vào một số để xem nguồn.',
};

/** Joins "a", "a và b", "a, b và c". */
function joinVi(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
}

/** The shape every language file has. */
export type Messages = typeof vi;
