// bench/generate.cpp: deterministic synthetic schemes and score sheets (see generate.hpp).
#include "generate.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace thidua::bench {
namespace {

constexpr std::int64_t unit = decimal::units_per_point;

/// splitmix64 (Steele, Lea, Flood 2014): the same sequence on every platform.
class splitmix64 {
 public:
  explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (modulo bias is irrelevant for test data). n > 0.
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
  /// Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  /// True with probability k / 1,000,000.
  bool per_million(std::uint64_t k) noexcept { return below(1'000'000) < k; }

 private:
  std::uint64_t state_;
};

// ------------------------------------------------------------------------------ names

constexpr std::array<std::string_view, 3> levels = {"Mầm non", "Tiểu học", "THCS"};

constexpr std::array<std::string_view, 64> school_names = {
    "Kim Đồng",        "Nguyễn Du",        "Lê Quý Đôn",      "Chu Văn An",      "Trần Phú",
    "Võ Thị Sáu",      "Lê Văn Tám",       "Nguyễn Trãi",     "Trần Quốc Toản",  "Lý Tự Trọng",
    "Phan Chu Trinh",  "Nguyễn Văn Trỗi",  "Nguyễn Hiền",     "Lương Thế Vinh",  "Nguyễn Bỉnh Khiêm",
    "Lê Lợi",          "Quang Trung",      "Trần Hưng Đạo",   "Phan Bội Châu",   "Hai Bà Trưng",
    "Nguyễn Đình Chiểu", "Lê Hồng Phong",  "Võ Trường Toản",  "Trương Định",     "Nguyễn Trung Trực",
    "Huỳnh Thúc Kháng", "Đinh Tiên Hoàng", "Lý Thường Kiệt",  "Ngô Quyền",       "Tô Hiến Thành",
    "Hoa Sen",         "Hoa Mai",          "Sơn Ca",          "Họa Mi",          "Vành Khuyên",
    "Búp Sen Hồng",    "Tuổi Thơ",         "Măng Non",        "Hướng Dương",     "Sao Mai",
    "Ánh Dương",       "Thỏ Ngọc",         "Hoa Phượng",      "Rạng Đông",       "Bình Minh",
    "Hoa Lan",         "Sen Hồng",         "Bông Sen",        "An Phú",          "Bình Chuẩn",
    "Lái Thiêu",       "Hưng Định",        "Thuận Giao",      "Bình Nhâm",       "Vĩnh Phú",
    "Bình Hòa",        "An Thạnh",         "Tân Định",        "Phú Hòa",         "Hiệp Thành",
    "Đông Hòa",        "Tân Bình",         "Hòa Lợi",         "Mỹ Phước",
};

constexpr std::array<std::string_view, 8> cm_names = {
    "Huy động trẻ, học sinh trong độ tuổi ra lớp",
    "Chất lượng chăm sóc, giáo dục và kết quả học tập",
    "Tỷ lệ học sinh bỏ học",
    "Kiểm định chất lượng, duy trì chuẩn quốc gia",
    "Đổi mới phương pháp dạy học",
    "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo",
    "Cơ sở vật chất, thiết bị dạy học",
    "An toàn trường học, phòng chống tai nạn thương tích",
};

constexpr std::array<std::string_view, 7> dv_names = {
    "Thực hiện quy chế dân chủ ở cơ sở",
    "Công khai, minh bạch",
    "Cải cách hành chính: hồ sơ giải quyết đúng hạn",
    "Vận động học sinh đến trường, chống bỏ học",
    "Mô hình \"Dân vận khéo\" được công nhận",
    "Xây dựng gia đình học tập, cộng đồng học tập",
    "Diễn đàn \"Ngành Giáo dục lắng nghe ý kiến nhân dân\"",
};

// ------------------------------------------------------------------------------ scheme

decimal pts(std::int64_t units) { return decimal::from_units(units); }

criterion make_criterion(std::string id, std::string family, std::string name, int shape) {
  criterion c;
  c.id = std::move(id);
  c.family = std::move(family);
  c.name = std::move(name);
  switch (shape) {
    case 0:  // assessor points, step 0.25
      c.max = decimal::from_int(10);
      c.step = pts(2500);
      break;
    case 1:  // percent with tiers
      c.max = decimal::from_int(10);
      c.input = input_kind::percent;
      c.tiers = {{decimal::from_int(99), decimal::from_int(10)},
                 {decimal::from_int(97), decimal::from_int(8)},
                 {decimal::from_int(95), decimal::from_int(6)},
                 {decimal::from_int(90), decimal::from_int(3)}};
      break;
    case 2:  // percent, linear, lower is better (a drop-out rate)
      c.max = decimal::from_int(8);
      c.input = input_kind::percent;
      c.linear = linear_rule{pts(5000), pts(30000)};
      break;
    case 3:  // yes / no
      c.max = decimal::from_int(5);
      c.input = input_kind::yes_no;
      break;
    case 4:  // assessor points, step 0.5
      c.max = decimal::from_int(8);
      c.step = pts(5000);
      break;
    default:  // a count with tiers
      c.max = decimal::from_int(6);
      c.input = input_kind::count;
      c.tiers = {{decimal::from_int(3), decimal::from_int(6)},
                 {decimal::from_int(2), decimal::from_int(4)},
                 {decimal::from_int(1), decimal::from_int(2)}};
      break;
  }
  return c;
}

// ------------------------------------------------------------------------------ rows

/// How one criterion's raw values are drawn: a value at quality 1000 (`best`) and one at
/// quality 0 (`worst`), or a points scale.
struct value_plan {
  input_kind input = input_kind::points;
  std::int64_t step = 2500;   // points: the step in units
  std::int64_t steps = 0;     // points: max / step
  std::int64_t best = 0, worst = 0;
  std::int64_t quantum = 100; // percent: 0.01; count: 1
  std::int64_t limit = 0;     // largest valid value
  std::size_t family = 0;
  bool na_allowed = false;    // its family has other criteria, so an N/A leaves something
};

value_plan plan_for(const scheme& s, const criterion& c) {
  value_plan p;
  p.input = c.input;
  p.family = c.family_index;
  p.na_allowed = c.family_index < s.families.size() && s.families[c.family_index].criteria.size() > 1;
  const std::int64_t max = c.max.units();
  switch (c.input) {
    case input_kind::points:
      p.step = c.step && c.step->units() > 0 ? c.step->units() : 2500;
      p.steps = std::max<std::int64_t>(1, max / p.step);
      p.limit = max;
      return p;
    case input_kind::yes_no:
      p.limit = unit;
      return p;
    case input_kind::failures:  // a few recorded failures at most
      p.limit = 3 * unit;
      return p;
    case input_kind::percent:
    case input_kind::count:
      break;
  }
  const bool percent = c.input == input_kind::percent;
  p.quantum = percent ? 100 : unit;
  p.limit = percent ? 100 * unit : sheet::max_units / 2;
  if (!c.tiers.empty()) {
    const std::int64_t first = c.tiers.front().threshold.units();
    const std::int64_t last = c.tiers.back().threshold.units();
    if (c.lower_is_better) {  // thresholds ascending: first is the smallest
      p.best = 0;
      p.worst = last + (last - first) / 2 + p.quantum;
    } else {
      p.best = percent ? 100 * unit : first + unit;
      p.worst = std::max<std::int64_t>(0, last - (first - last) / 2 - p.quantum);
    }
  } else if (c.linear) {
    const std::int64_t full = c.linear->full.units(), zero = c.linear->zero.units();
    p.best = full;
    p.worst = zero + (zero - full) / 5;  // a little beyond the zero line
  } else {
    p.best = percent ? 100 * unit : 10 * unit;
    p.worst = 0;
  }
  p.best = std::clamp<std::int64_t>(p.best, 0, p.limit);
  p.worst = std::clamp<std::int64_t>(p.worst, 0, p.limit);
  return p;
}

/// One generated row.
struct row_data {
  std::vector<sheet::value_type> values;
  std::int64_t bonus = 0, deduction = 0;
  std::uint64_t flags = 0;
  std::size_t block = 0, level = 0, name = 0;
};

class generator {
 public:
  generator(const scheme& s, std::size_t blocks, std::uint64_t seed)
      : blocks_(std::max<std::size_t>(1, blocks)), seed_(seed) {
    plans_.reserve(s.criteria.size());
    for (const auto& c : s.criteria) plans_.push_back(plan_for(s, c));
    for (std::size_t i = 0; i < plans_.size(); ++i)
      if (plans_[i].na_allowed) na_candidates_.push_back(i);
    bonus_max_ = s.bonus_max ? s.bonus_max->units() : -1;
    deduction_max_ = s.deduction_max ? s.deduction_max->units() : -1;
    // One flag per distinct flag name, in veto order; each veto maps to its flag.
    for (const auto& v : s.vetoes) {
      const std::string name = v.flag.empty() ? v.id : v.flag;
      auto it = std::find(flag_names_.begin(), flag_names_.end(), name);
      if (it == flag_names_.end()) {
        flag_names_.push_back(name);
        flag_exclude_.push_back(v.exclude);
      } else if (v.exclude) {
        flag_exclude_[static_cast<std::size_t>(it - flag_names_.begin())] = true;
      }
    }
    if (flag_names_.size() > 64) throw std::length_error("make_sheet: at most 64 flags");
  }

  const std::vector<std::string>& flag_names() const noexcept { return flag_names_; }
  std::size_t criteria() const noexcept { return plans_.size(); }
  std::size_t blocks() const noexcept { return blocks_; }

  void row(std::size_t i, row_data& out) const {
    splitmix64 rng(seed_ ^ (static_cast<std::uint64_t>(i) * 0xD1B54A32D192ED03ULL));
    rng.next();
    out.block = static_cast<std::size_t>(rng.below(blocks_));
    out.level = out.block % levels.size();
    // Preschools are named after flowers and birds or places (entries 30..63), primary and
    // lower-secondary schools after people (0..29) or places (48..63).
    if (out.level == 0) {
      out.name = 30 + static_cast<std::size_t>(rng.below(34));
    } else {
      const auto k = static_cast<std::size_t>(rng.below(46));
      out.name = k < 30 ? k : k + 18;
    }

    // Latent quality per mille: most schools good, about 4 % weak this year.
    const std::int64_t q = rng.per_million(40'000) ? rng.between(420, 700) : rng.between(720, 985);
    std::array<std::int64_t, 8> qf{};
    for (std::size_t f = 0; f < qf.size(); ++f) qf[f] = std::clamp<std::int64_t>(q + rng.between(-60, 40), 0, 1000);

    out.values.resize(plans_.size());
    for (std::size_t k = 0; k < plans_.size(); ++k) {
      const value_plan& p = plans_[k];
      const std::int64_t qk = qf[p.family % qf.size()];
      std::int64_t v = 0;
      switch (p.input) {
        case input_kind::points: {
          const std::int64_t n = std::clamp<std::int64_t>((p.steps * qk + 500) / 1000 + rng.between(-1, 1), 0, p.steps);
          v = std::min(n * p.step, p.limit);
          break;
        }
        case input_kind::yes_no:
          v = rng.per_million(qk >= 780 ? 960'000 : 600'000) ? unit : 0;
          break;
        case input_kind::failures:  // good schools record none
          v = qk >= 800 ? 0 : unit * rng.between(0, 3);
          break;
        case input_kind::percent:
        case input_kind::count: {
          // Spread t per mille of the way from best to worst: good schools stay near the top.
          const std::int64_t t = std::min<std::int64_t>(1000, (1000 - qk) * rng.between(0, 2000) / 1000);
          v = p.best + (p.worst - p.best) * t / 1000;
          v = std::clamp<std::int64_t>(v - v % p.quantum, 0, p.limit);
          break;
        }
      }
      out.values[k] = static_cast<sheet::value_type>(v);
    }
    // About one cell in a thousand is N/A (at most one per row, never a family's only one).
    if (!na_candidates_.empty() &&
        rng.per_million(1000 * std::min<std::uint64_t>(plans_.size(), 1000)))
      out.values[na_candidates_[rng.below(na_candidates_.size())]] = sheet::not_applicable;

    out.bonus = out.deduction = 0;
    if (bonus_max_ >= 0) {
      if (rng.per_million(100'000)) out.bonus = std::min(bonus_max_, rng.between(1, 6) * unit / 2);
      if (rng.per_million(100)) out.bonus = bonus_max_ + rng.between(1, 4) * unit / 2;  // over the cap
    }
    if (deduction_max_ >= 0 && rng.per_million(q < 700 ? 500'000 : 80'000))
      out.deduction = std::min(deduction_max_, rng.between(1, 8) * unit / 2);

    out.flags = 0;
    for (std::size_t f = 0; f < flag_names_.size(); ++f)
      if (rng.per_million(flag_exclude_[f] ? 100 : 1000)) out.flags |= std::uint64_t{1} << f;
  }

 private:
  std::vector<value_plan> plans_;
  std::vector<std::size_t> na_candidates_;
  std::vector<std::string> flag_names_;
  std::vector<bool> flag_exclude_;
  std::size_t blocks_;
  std::uint64_t seed_;
  std::int64_t bonus_max_ = -1, deduction_max_ = -1;
};

// ------------------------------------------------------------------------------ text

/// Appends `value` in decimal, left-padded with zeros to `width` digits.
void append_padded(std::string& out, std::uint64_t value, int width) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  const auto len = static_cast<int>(r.ptr - buf);
  if (len < width) out.append(static_cast<std::size_t>(width - len), '0');
  out.append(buf, r.ptr);
}

/// Appends a non-negative unit count in the shortest exact decimal text ("12.5", "8").
void append_units(std::string& out, std::int64_t units) {
  char buf[32];
  char* p = buf;
  const std::int64_t whole = units / unit;
  std::int64_t frac = units % unit;
  p = std::to_chars(p, buf + sizeof buf, whole).ptr;
  if (frac != 0) {
    *p++ = '.';
    int digits = 4;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    std::int64_t div = 1;
    for (int d = 1; d < digits; ++d) div *= 10;
    for (; div > 0; div /= 10) *p++ = static_cast<char>('0' + (frac / div) % 10);
  }
  out.append(buf, p);
}

int digits_of(std::size_t n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

struct label_widths {
  int id = 7, group = 3;
};

label_widths widths_for(std::size_t subjects, std::size_t blocks) {
  return {std::max(7, digits_of(subjects)), std::max(3, digits_of(blocks))};
}

void append_id(std::string& out, std::size_t i, const label_widths& w) {
  out.push_back('S');
  append_padded(out, static_cast<std::uint64_t>(i) + 1, w.id);
}

void append_name(std::string& out, const row_data& r) {
  out.append("Trường ");
  out.append(levels[r.level]);
  out.push_back(' ');
  out.append(school_names[r.name]);
}

void append_group(std::string& out, const row_data& r, const label_widths& w) {
  out.append("Khối ");
  append_padded(out, static_cast<std::uint64_t>(r.block) + 1, w.group);
}

}  // namespace

// ------------------------------------------------------------------------------ public API

thidua::scheme make_scheme(std::size_t criteria) {
  const std::size_t n = std::max<std::size_t>(2, criteria);
  const std::size_t dv = std::max<std::size_t>(1, (n * 3 + 5) / 10);
  const std::size_t cm = n - dv;

  scheme s;
  s.id = "bench-" + std::to_string(n);
  s.title = "Bảng điểm thi đua tổng hợp (dữ liệu thử, " + std::to_string(n) + " tiêu chí)";
  s.subject = "unit";
  s.scale = decimal::from_int(100);
  s.precision = 2;
  s.round = rounding::half_up;
  s.effective = "2024-09-01";
  s.source = "Dữ liệu sinh tự động cho đo hiệu năng (bench/generate.cpp)";

  family fcm;
  fcm.id = "chuyen_mon";
  fcm.name = "Công tác chuyên môn";
  fcm.weight = decimal::from_int(70);
  family fdv;
  fdv.id = "dan_van";
  fdv.name = "Công tác dân vận, thực hiện quy chế dân chủ";
  fdv.weight = decimal::from_int(30);
  s.families = {std::move(fcm), std::move(fdv)};

  // Shapes: 0 points/0.25, 1 percent tiers, 2 percent linear, 3 yes_no, 4 points/0.5, 5 count.
  constexpr std::array<int, 8> cm_shapes = {0, 1, 2, 3, 4, 1, 0, 4};
  constexpr std::array<int, 7> dv_shapes = {0, 3, 1, 4, 5, 4, 0};
  auto name_of = [](std::string_view base, std::size_t k, std::size_t list) {
    std::string name(base);
    if (k >= list) name += " (" + std::to_string(k / list + 1) + ")";
    return name;
  };
  s.criteria.reserve(n);
  for (std::size_t k = 0; k < cm; ++k)
    s.criteria.push_back(make_criterion("CM" + std::to_string(k + 1), "chuyen_mon",
                                        name_of(cm_names[k % cm_names.size()], k, cm_names.size()),
                                        cm_shapes[k % cm_shapes.size()]));
  for (std::size_t k = 0; k < dv; ++k)
    s.criteria.push_back(make_criterion("DV" + std::to_string(k + 1), "dan_van",
                                        name_of(dv_names[k % dv_names.size()], k, dv_names.size()),
                                        dv_shapes[k % dv_shapes.size()]));

  s.bonus_max = decimal::from_int(5);
  s.deduction_max = decimal::from_int(10);

  veto ky_luat;
  ky_luat.id = "ky_luat";
  ky_luat.name = "Có viên chức bị kỷ luật từ khiển trách trở lên";
  ky_luat.flag = "ky_luat";
  ky_luat.cap_class = "hoan_thanh";
  veto vi_pham;
  vi_pham.id = "vi_pham_nghiem_trong";
  vi_pham.name = "Để xảy ra vi phạm nghiêm trọng";
  vi_pham.flag = "vi_pham_nghiem_trong";
  vi_pham.exclude = true;
  s.vetoes = {std::move(ky_luat), std::move(vi_pham)};

  class_def xuat_sac;
  xuat_sac.id = "xuat_sac";
  xuat_sac.name = "Hoàn thành xuất sắc nhiệm vụ";
  xuat_sac.min = decimal::from_int(90);
  xuat_sac.min_family.push_back(family_minimum{"dan_van", decimal::from_int(24), 0});
  class_def tot;
  tot.id = "tot";
  tot.name = "Hoàn thành tốt nhiệm vụ";
  tot.min = decimal::from_int(70);
  class_def hoan_thanh;
  hoan_thanh.id = "hoan_thanh";
  hoan_thanh.name = "Hoàn thành nhiệm vụ";
  hoan_thanh.min = decimal::from_int(50);
  class_def khong;
  khong.id = "khong_hoan_thanh";
  khong.name = "Không hoàn thành nhiệm vụ";
  khong.min = decimal{};
  s.classes = {std::move(xuat_sac), std::move(tot), std::move(hoan_thanh), std::move(khong)};

  s.order = {{ranking_key::kind::class_, {}, 0},
             {ranking_key::kind::total, {}, 0},
             {ranking_key::kind::family, "dan_van", 0},
             {ranking_key::kind::criterion, "CM1", 0},
             {ranking_key::kind::id, {}, 0}};
  s.ties = tie_rule::competition;

  finalize_scheme(s);
  return s;
}

std::string make_wide_csv(const thidua::scheme& s, std::size_t subjects, std::size_t blocks,
                          std::uint64_t seed) {
  const generator gen(s, blocks, seed);
  const label_widths w = widths_for(subjects, gen.blocks());
  const bool bonus = s.bonus_max.has_value(), deduction = s.deduction_max.has_value();

  std::string out;
  // Row size: id, name (≤ 48 bytes of UTF-8), group, about 4.5 bytes per cell, adjustments,
  // flags. A rough upper bound keeps the string from reallocating.
  const std::size_t row_estimate = 1 + static_cast<std::size_t>(w.id) + 56 + 8 +
                                   static_cast<std::size_t>(w.group) + 7 * gen.criteria() + 10 +
                                   2 * gen.flag_names().size() + 1;
  out.reserve(256 + 16 * gen.criteria() + subjects * row_estimate);

  out.append("id,name,group");
  for (const auto& c : s.criteria) {
    out.push_back(',');
    out.append(c.id);
  }
  if (bonus) out.append(",bonus");
  if (deduction) out.append(",deduction");
  for (const auto& f : gen.flag_names()) {
    out.append(",flag:");
    out.append(f);
  }
  out.push_back('\n');

  row_data r;
  for (std::size_t i = 0; i < subjects; ++i) {
    gen.row(i, r);
    append_id(out, i, w);
    out.push_back(',');
    append_name(out, r);
    out.push_back(',');
    append_group(out, r, w);
    for (std::size_t k = 0; k < r.values.size(); ++k) {
      out.push_back(',');
      const auto v = r.values[k];
      if (v == sheet::not_applicable) out.append("N/A");
      else append_units(out, v);
    }
    if (bonus) {
      out.push_back(',');
      append_units(out, r.bonus);
    }
    if (deduction) {
      out.push_back(',');
      append_units(out, r.deduction);
    }
    for (std::size_t f = 0; f < gen.flag_names().size(); ++f) {
      out.push_back(',');
      out.push_back((r.flags >> f) & 1U ? '1' : '0');
    }
    out.push_back('\n');
  }
  return out;
}

thidua::sheet make_sheet(const thidua::scheme& s, std::size_t subjects, std::size_t blocks,
                         std::uint64_t seed) {
  const generator gen(s, blocks, seed);
  const label_widths w = widths_for(subjects, gen.blocks());

  sheet sh(s.criteria.size());
  for (const auto& f : gen.flag_names()) sh.flag_index(f);
  sh.reserve(subjects, subjects * (1 + static_cast<std::size_t>(w.id) + 40));

  row_data r;
  std::string id, name, group;
  for (std::size_t i = 0; i < subjects; ++i) {
    gen.row(i, r);
    id.clear();
    name.clear();
    group.clear();
    append_id(id, i, w);
    append_name(name, r);
    append_group(group, r, w);
    sh.add_subject({.id = id, .name = name, .group = group}, r.values, decimal::from_units(r.bonus),
                   decimal::from_units(r.deduction), r.flags, static_cast<std::uint32_t>(i + 2));
  }
  return sh;
}

}  // namespace thidua::bench
