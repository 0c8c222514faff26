// Units with a history, as the server answered them for the registry of 2017-12-13 to
// 2025-07-01 (trimmed to what the app asks). Only tests import this file.
import type { Certainty, LineageChange, LineageLink, LinkedUnit, UnitDetail } from '../queries';

const u = (id: string, kind: string, shortName: string, parent: string | null): LinkedUnit => ({
  id,
  code: id.split('@')[0] as string,
  name: `${kind} ${shortName}`,
  shortName,
  kind,
  parent,
});

/** What the links of 2025-07-01 rest on. */
const CROSSWALK =
  'bảng đối chiếu 2025 của dự án dvhcvn, lập từ các nghị quyết sắp xếp đơn vị hành chính và kiểm tra thủ công; không phải bảng đối chiếu chính thức của cơ quan thống kê';

const link = (
  predecessor: LinkedUnit,
  successor: LinkedUnit,
  effective: string,
  change: LineageChange,
  certainty: Certainty,
  coverage: 'FULL' | 'PARTIAL' = 'FULL',
  basis: string | null = null,
): LineageLink => ({ predecessor, successor, effective, coverage, change, certainty, basis });

const detail = (unit: LinkedUnit, parentName: string | null, validFrom: string | null, validTo: string | null, lineage: LineageLink[], history: LineageLink[]): UnitDetail => ({
  ...unit,
  parentName,
  validFrom,
  validTo,
  successors: [],
  predecessors: [],
  lineage,
  history,
  years: [],
});

/** Xã Nam An Phụ (2025): made in the reorganisation of six communes, two of which had merged others before, by inferred receivers and a candidate. */
export const NAM_AN_PHU: UnitDetail = detail(
  u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'),
  'Thành phố Hải Phòng',
  '2025-07-01',
  null,
  [
    link(u('10639@2025-03-01', 'Xã', 'Cộng Hòa', '291'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
    link(u('10705@2025-03-01', 'Xã', 'Quang Thành', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10717@2025-03-01', 'Xã', 'Thăng Long', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10720@2025-03-01', 'Xã', 'Lạc Long', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10762@2025-03-01', 'Xã', 'Vũ Dũng', '293'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
    link(u('10768@2025-03-01', 'Xã', 'Tuấn Việt', '293'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
  ],
  [
    link(u('10768@2025-03-01', 'Xã', 'Tuấn Việt', '293'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
    link(u('10762@2025-03-01', 'Xã', 'Vũ Dũng', '293'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
    link(u('10720@2025-03-01', 'Xã', 'Lạc Long', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10717@2025-03-01', 'Xã', 'Thăng Long', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10705@2025-03-01', 'Xã', 'Quang Thành', '292'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
    link(u('10639@2025-03-01', 'Xã', 'Cộng Hòa', '291'), u('10705@2025-07-01', 'Xã', 'Nam An Phụ', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'PARTIAL', CROSSWALK),
    link(u('10774@2024-11-01', 'Xã', 'Phúc Thành A', '293'), u('10762@2025-03-01', 'Xã', 'Vũ Dũng', '293'), '2025-01-01', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10762@2024-11-01', 'Xã', 'Cổ Dũng', '293'), u('10762@2025-03-01', 'Xã', 'Vũ Dũng', '293'), '2025-01-01', 'RENAMED', 'ESTABLISHED', 'FULL', 'Xã Cổ Dũng -> Xã Vũ Dũng'),
    link(u('10759@2024-11-01', 'Xã', 'Thượng Vũ', '293'), u('10762@2025-03-01', 'Xã', 'Vũ Dũng', '293'), '2025-01-01', 'MERGED', 'INFERRED', 'FULL', 'suy ra: có chung một âm tiết trong tên với một trong các xã mới hoặc đổi tên của huyện; đơn vị nhận được suy ra, không chính thức'),
    link(u('10768@2019-11-01', 'Xã', 'Tuấn Hưng', '293'), u('10768@2025-03-01', 'Xã', 'Tuấn Việt', '293'), '2019-12-01', 'RENAMED', 'ESTABLISHED', 'FULL', 'Xã Tuấn Hưng -> Xã Tuấn Việt'),
    link(u('10765@2019-11-01', 'Xã', 'Việt Hưng', '293'), u('10768@2025-03-01', 'Xã', 'Tuấn Việt', '293'), '2019-12-01', 'MERGED', 'INFERRED', 'FULL', 'suy ra: có chung một âm tiết trong tên với một trong các xã mới hoặc đổi tên của huyện; đơn vị nhận được suy ra, không chính thức'),
    link(u('10720@2019-05-10', 'Xã', 'Lạc Long', '292'), u('10720@2025-03-01', 'Xã', 'Lạc Long', '292'), '2019-09-11', 'PARENT_CHANGED', 'ESTABLISHED', 'FULL', 'đơn vị cấp trên Huyện Kinh Môn → Thị xã Kinh Môn'),
    link(u('10717@2019-05-10', 'Xã', 'Thăng Long', '292'), u('10717@2025-03-01', 'Xã', 'Thăng Long', '292'), '2019-09-11', 'PARENT_CHANGED', 'ESTABLISHED', 'FULL', 'đơn vị cấp trên Huyện Kinh Môn → Thị xã Kinh Môn'),
    link(u('10705@2019-05-10', 'Xã', 'Quang Trung', '292'), u('10705@2025-03-01', 'Xã', 'Quang Thành', '292'), '2019-09-11', 'RENAMED', 'ESTABLISHED', 'FULL', 'Xã Quang Trung -> Xã Quang Thành'),
    link(u('10690@2019-05-10', 'Xã', 'Phúc Thành', '292'), u('10705@2025-03-01', 'Xã', 'Quang Thành', '292'), '2019-09-11', 'MERGED', 'INFERRED', 'FULL', 'suy ra: có chung một âm tiết trong tên với một trong các xã mới hoặc đổi tên của huyện; đơn vị nhận được suy ra, không chính thức'),
  ],
);

/** Xã Kênh Giang: disappeared on 10/01/2019; the lists name six wards that may have received it. */
export const KENH_GIANG: UnitDetail = detail(
  u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'),
  'Thị xã Chí Linh',
  null,
  '2019-01-09',
  [
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10576@2025-03-01', 'Phường', 'Cổ Thành', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10585@2025-03-01', 'Phường', 'Văn Đức', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10594@2025-03-01', 'Phường', 'An Lạc', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10600@2025-03-01', 'Phường', 'Đồng Lạc', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10603@2025-03-01', 'Phường', 'Tân Dân', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
  ],
  [
  ],
);

/** Thị trấn Hoà Thuận of huyện Phục Hoà, until 29/02/2020: then moved to huyện Quảng Hòa. */
export const HOA_THUAN_2020: UnitDetail = detail(
  u('01648@2020-02-01', 'Thị trấn', 'Hoà Thuận', '050'),
  'Huyện Phục Hoà',
  null,
  '2020-02-29',
  [
    link(u('01648@2020-02-01', 'Thị trấn', 'Hoà Thuận', '050'), u('01648@2025-03-01', 'Thị trấn', 'Hoà Thuận', '049'), '2020-03-01', 'MOVED', 'ESTABLISHED', 'FULL', 'đơn vị cấp trên 050 → 049'),
  ],
  [
  ],
);

/** Thị trấn Hoà Thuận of huyện Quảng Hòa, from 01/03/2020. */
export const HOA_THUAN: UnitDetail = detail(
  u('01648@2025-03-01', 'Thị trấn', 'Hoà Thuận', '049'),
  'Huyện Quảng Hòa',
  '2020-03-01',
  '2025-06-30',
  [
    link(u('01648@2020-02-01', 'Thị trấn', 'Hoà Thuận', '050'), u('01648@2025-03-01', 'Thị trấn', 'Hoà Thuận', '049'), '2020-03-01', 'MOVED', 'ESTABLISHED', 'FULL', 'đơn vị cấp trên 050 → 049'),
    link(u('01648@2025-03-01', 'Thị trấn', 'Hoà Thuận', '049'), u('01648@2025-07-01', 'Xã', 'Phục Hòa', '04'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
  ],
  [
    link(u('01648@2020-02-01', 'Thị trấn', 'Hoà Thuận', '050'), u('01648@2025-03-01', 'Thị trấn', 'Hoà Thuận', '049'), '2020-03-01', 'MOVED', 'ESTABLISHED', 'FULL', 'đơn vị cấp trên 050 → 049'),
  ],
);

/** Phường Hoàng Tiến: a commune until 2019, then a ward, and a candidate receiver of Xã Kênh Giang. */
export const HOANG_TIEN: UnitDetail = detail(
  u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'),
  'Thành phố Chí Linh',
  '2019-01-10',
  '2025-06-30',
  [
    link(u('10567@2018-10-16', 'Xã', 'Hoàng Tiến', '290'), u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), '2019-01-10', 'KIND_CHANGED', 'ESTABLISHED', 'FULL', 'Xã -> Phường; Xã Hoàng Tiến -> Phường Hoàng Tiến'),
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), u('10573@2025-07-01', 'Phường', 'Trần Nhân Tông', '31'), '2025-07-01', 'REORGANISED', 'ESTABLISHED', 'FULL', CROSSWALK),
  ],
  [
    link(u('10597@2018-10-16', 'Xã', 'Kênh Giang', '290'), u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), '2019-01-10', 'MERGED', 'CANDIDATE', 'FULL', 'mã không còn trong danh mục, danh mục không cho biết đơn vị nào đã nhận'),
    link(u('10567@2018-10-16', 'Xã', 'Hoàng Tiến', '290'), u('10567@2025-03-01', 'Phường', 'Hoàng Tiến', '290'), '2019-01-10', 'KIND_CHANGED', 'ESTABLISHED', 'FULL', 'Xã -> Phường; Xã Hoàng Tiến -> Phường Hoàng Tiến'),
  ],
);
