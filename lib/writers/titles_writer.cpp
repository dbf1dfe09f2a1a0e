// Titles (danh hiệu): the proposal list, the per-title summary, the members' results in
// JSON and the explanation of each title's conditions. Writers print; awards.cpp decides.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace detail {

using json = nlohmann::ordered_json;

namespace {

json number(decimal d) { return d.to_double(); }

// 0.15 → "15%"; 0.7 → "70%".
std::string percent(decimal d) {
  std::string t = mul_div(d, decimal::from_int(100), decimal::from_int(1), rounding::half_up).to_short_string();
  std::replace(t.begin(), t.end(), '.', ',');
  return t + "%";
}

std::string_view subject_word(title_subject s) { return s == title_subject::unit ? "tập thể" : "cá nhân"; }

subject_kind kind_of(const title_rule& t) {
  return t.subject == title_subject::unit ? subject_kind::unit : subject_kind::member;
}

std::string scope_word(title_quota::scope s) {
  switch (s) {
    case title_quota::scope::unit: return "mỗi đơn vị";
    case title_quota::scope::block: return "mỗi khối thi đua";
    case title_quota::scope::all: return "toàn bộ";
  }
  return "";
}

std::string_view rounding_word(rounding r) {
  switch (r) {
    case rounding::down: return "làm tròn xuống";
    case rounding::up: return "làm tròn lên";
    case rounding::half_up: return "làm tròn 0,5 lên";
    case rounding::half_even: return "làm tròn 0,5 về số chẵn";
  }
  return "";
}


// The row of a subject in the ranking that rates it, or -1.
std::ptrdiff_t rated_row(const awards& a, subject_kind k, std::size_t i) {
  return k == subject_kind::unit ? static_cast<std::ptrdiff_t>(i) : a.member_row(i);
}
const ranking* rating(const awards& a, subject_kind k) {
  return k == subject_kind::unit ? &a.subjects() : a.member_ranking();
}

std::string subject_id(const awards& a, subject_kind k, std::size_t i) {
  return std::string(k == subject_kind::unit ? a.subjects().id(i) : a.member_id(i));
}
std::string subject_name(const awards& a, subject_kind k, std::size_t i) {
  return std::string(k == subject_kind::unit ? a.subjects().name(i) : a.member_name(i));
}
// A member's unit, a unit's block.
std::string subject_parent(const awards& a, subject_kind k, std::size_t i) {
  return std::string(k == subject_kind::unit ? a.subjects().group(i) : a.member_unit(i));
}
std::string class_name(const awards& a, subject_kind k, std::size_t i) {
  const ranking* r = rating(a, k);
  const std::ptrdiff_t row = rated_row(a, k, i);
  if (!r || row < 0) return "(chưa đánh giá)";
  return class_label(*r, static_cast<std::size_t>(row));
}
std::string total_text(const awards& a, subject_kind k, std::size_t i) {
  const ranking* r = rating(a, k);
  const std::ptrdiff_t row = rated_row(a, k, i);
  if (!r || row < 0) return "";
  return r->total(static_cast<std::size_t>(row)).to_string(r->scheme().precision);
}

}  // namespace

std::string quota_text(const title_quota& q) {
  std::string base = "đối tượng";
  if (q.of.starts_with("title:")) base = "đạt " + q.of.substr(6);
  else if (q.of.starts_with("class:")) base = "xếp loại " + q.of.substr(6);
  return fmt::format("≤ {} số {} {} ({})", percent(q.max), base, scope_word(q.per), rounding_word(q.round));
}


namespace {

std::string reward_text(const awards& a, std::size_t t) {
  const title_rule& rule = a.scheme().titles[t];
  if (!rule.reward) return "—";
  std::string text = vn_decimal(*rule.reward) + " × lương cơ sở";
  if (a.scheme().base_salary > 0) text += " = " + money(a.reward_amount(t)) + " đ";
  return text;
}

std::string quota_use(const awards& a, std::size_t t) {
  const title_rule& rule = a.scheme().titles[t];
  if (!rule.quota) return "—";
  std::uint32_t candidates = 0, kept = 0, limit = 0;
  for (const auto& s : a.quota_scopes(t)) {
    candidates += s.candidates;
    kept += s.kept;
    limit += s.limit;
  }
  return fmt::format("{}: đề nghị {}/{} người đủ điều kiện (tổng giới hạn {})", quota_text(*rule.quota), kept,
                     candidates, limit);
}

}  // namespace

std::vector<title_summary> title_summaries(const awards& a) {
  const scheme& s = a.scheme();
  std::vector<title_summary> out;
  for (std::size_t t = 0; t < s.titles.size(); ++t) {
    const title_rule& rule = s.titles[t];
    if (!rule.in_force) continue;
    title_summary line;
    line.title = t;
    const auto holders = a.holders(t);
    line.holders = holders.size();
    for (std::size_t i : holders) line.paid += a.paid(kind_of(rule), i, t) ? 1 : 0;
    line.total = a.reward_amount(t) * static_cast<std::int64_t>(line.paid);
    line.reward = reward_text(a, t);
    line.quota = quota_use(a, t);
    out.push_back(std::move(line));
  }
  return out;
}

json members_json(const awards& a) {
  json list = json::array();
  const ranking* r = a.member_ranking();
  for (std::size_t i : a.display_order(subject_kind::member)) {
    json m;
    m["id"] = std::string(a.member_id(i));
    m["name"] = std::string(a.member_name(i));
    m["unit"] = std::string(a.member_unit(i));
    const std::ptrdiff_t row = a.member_row(i);
    const bool rated = r && row >= 0;
    const auto rr = static_cast<std::size_t>(row);
    const bool ranked = rated && r->status(rr) == standing::ranked;
    m["total"] = rated ? number(r->total(rr)) : json(nullptr);
    m["class"] = ranked ? json(r->scheme().classes[static_cast<std::size_t>(r->class_index(rr))].id) : json(nullptr);
    m["class_name"] = rated ? json(class_label(*r, rr)) : json(nullptr);
    m["rank"] = ranked ? json(r->rank(rr)) : json(nullptr);
    m["status"] = !rated ? "not_rated" : (ranked ? "ranked" : "excluded");
    json titles = json::array();
    for (std::size_t t : a.titles_of(subject_kind::member, i)) titles.push_back(a.scheme().titles[t].id);
    m["titles"] = titles;
    list.push_back(m);
  }
  return list;
}

json titles_json(const awards& a) {
  const scheme& s = a.scheme();
  json list = json::array();
  for (std::size_t t = 0; t < s.titles.size(); ++t) {
    const title_rule& rule = s.titles[t];
    if (!rule.in_force) continue;
    json j;
    j["id"] = rule.id;
    j["name"] = rule.name;
    j["subject"] = std::string(to_string(rule.subject));
    const auto holders = a.holders(t);
    j["count"] = holders.size();
    j["reward_multiple"] = rule.reward ? number(*rule.reward) : json(nullptr);
    std::size_t paid = 0;
    for (std::size_t i : holders) paid += a.paid(kind_of(rule), i, t) ? 1 : 0;
    j["reward_each"] = a.reward_amount(t);
    j["paid"] = paid;
    j["reward_total"] = a.reward_amount(t) * static_cast<std::int64_t>(paid);
    j["source"] = rule.source;
    j["effective"] = rule.effective;
    if (rule.quota) {
      json q;
      q["max"] = number(rule.quota->max);
      q["of"] = rule.quota->of;
      q["per"] = rule.quota->per == title_quota::scope::unit    ? "unit"
                 : rule.quota->per == title_quota::scope::block ? "block"
                                                                : "all";
      q["round"] = std::string(to_string(rule.quota->round));
      json scopes = json::array();
      for (const auto& sc : a.quota_scopes(t))
        scopes.push_back({{"scope", sc.scope}, {"base", sc.base}, {"limit", sc.limit}, {"candidates", sc.candidates},
                          {"kept", sc.kept}});
      q["scopes"] = scopes;
      j["quota"] = q;
    }
    json ids = json::array();
    for (std::size_t i : holders) ids.push_back(subject_id(a, kind_of(rule), i));
    j["holders"] = ids;
    list.push_back(j);
  }
  return list;
}

}  // namespace detail

using detail::json;

void write_titles(std::ostream& out, const awards& a, output_format format, bool summary) {
  if (format == output_format::xlsx || format == output_format::html)
    throw std::invalid_argument("write_titles: written as table, json or csv (titles are a sheet of write_xlsx)");
  const scheme& s = a.scheme();
  if (format == output_format::json) {
    json j;
    j["scheme"] = s.id;
    j["year"] = s.year == 0 ? json(nullptr) : json(s.year);
    j["base_salary"] = s.base_salary;
    j["titles"] = detail::titles_json(a);
    out << j.dump(2) << '\n';
    return;
  }
  if (format == output_format::csv) {
    out << "\xEF\xBB\xBF" << "Mã danh hiệu,Danh hiệu,STT,Mã,Tên,Đơn vị / khối,Xếp loại,Tổng điểm,Tiền thưởng (đ)\r\n";
    const auto cell = [](std::string v) {
      if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
      if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
      std::string q = "\"";
      for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + '"';
    };
    for (std::size_t t = 0; t < s.titles.size(); ++t) {
      const title_rule& rule = s.titles[t];
      if (!rule.in_force) continue;
      std::size_t n = 0;
      for (std::size_t i : a.holders(t)) {
        const subject_kind k = detail::kind_of(rule);
        out << cell(rule.id) << ',' << cell(rule.name) << ',' << ++n << ',' << cell(detail::subject_id(a, k, i)) << ','
            << cell(detail::subject_name(a, k, i)) << ',' << cell(detail::subject_parent(a, k, i)) << ','
            << cell(detail::class_name(a, k, i)) << ',' << detail::total_text(a, k, i) << ','
            << (a.paid(k, i, t) ? a.reward_amount(t) : 0) << "\r\n";
      }
    }
    return;
  }
  // Table: a summary line per title, then (unless summary) the list of each title.
  out << "Danh hiệu thi đua" << (s.year ? fmt::format(" năm {}", s.year) : std::string());
  if (s.base_salary > 0) out << " — lương cơ sở " << detail::money(s.base_salary) << " đ";
  out << '\n';
  std::int64_t grand = 0;
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : detail::title_summaries(a)) {
    const title_rule& rule = s.titles[line.title];
    grand += line.total;
    rows.push_back({rule.id, rule.name, std::string(detail::subject_word(rule.subject)), std::to_string(line.holders),
                    line.reward, std::to_string(line.paid), detail::money(line.total), line.quota});
  }
  const std::vector<std::string> header = {"Mã",       "Danh hiệu",    "Đối tượng",       "Số lượng",
                                           "Mức thưởng", "Số được thưởng", "Tổng thưởng (đ)", "Hạn ngạch"};
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool right = c == 3 || c == 5 || c == 6;
      const std::string pad(width[c] - display_width(cells[c]), ' ');
      text += (c ? "  " : "") + (right ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
    }
    out << text << '\n';
  };
  line(header);
  for (const auto& r : rows) line(r);
  if (s.base_salary > 0)
    out << "Tổng tiền thưởng: " << detail::money(grand) << " đ"
        << (s.rewards == scheme::reward_rule::highest ? " (mỗi đối tượng nhận mức thưởng của danh hiệu cao nhất)" : "")
        << '\n';
  if (summary) return;

  for (std::size_t t = 0; t < s.titles.size(); ++t) {
    const title_rule& rule = s.titles[t];
    if (!rule.in_force) continue;
    const subject_kind k = detail::kind_of(rule);
    const auto holders = a.holders(t);
    out << "\nDanh sách đề nghị: " << rule.name << " (" << rule.id << ") — " << holders.size() << ' '
        << (k == subject_kind::unit ? "tập thể" : "cá nhân") << '\n';
    if (!rule.source.empty()) out << "Căn cứ: " << rule.source << (rule.effective.empty() ? "" : " (hiệu lực từ " + rule.effective + ")") << '\n';
    if (rule.quota) out << "Hạn ngạch: " << detail::quota_use(a, t) << '\n';
    std::vector<std::vector<std::string>> list;
    std::size_t n = 0;
    for (std::size_t i : holders)
      list.push_back({std::to_string(++n), detail::subject_id(a, k, i), detail::subject_name(a, k, i),
                      detail::subject_parent(a, k, i), detail::class_name(a, k, i), detail::total_text(a, k, i)});
    const std::vector<std::string> head = {"STT", "Mã", "Tên", k == subject_kind::unit ? "Khối" : "Đơn vị", "Xếp loại",
                                           "Tổng điểm"};
    std::vector<std::size_t> w(head.size());
    for (std::size_t c = 0; c < head.size(); ++c) w[c] = display_width(head[c]);
    for (const auto& r : list)
      for (std::size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], display_width(r[c]));
    const auto print = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string pad(w[c] - display_width(cells[c]), ' ');
        const bool right = c == 0 || c == 5;
        text += (c ? "  " : "") + (right ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
      }
      out << text << '\n';
    };
    print(head);
    for (const auto& r : list) print(r);
  }
}

namespace {

// "68.42% (26/38 thành viên)", "xếp loại: tot", "giá trị: 3", "3 năm liên tiếp".
std::string observed(const condition_observation& o, std::size_t members_total) {
  (void)members_total;
  switch (o.what) {
    case condition_observation::kind::class_:
      return o.class_id.empty() ? "chưa xếp loại" : "xếp loại: " + o.class_id;
    case condition_observation::kind::number: return o.value ? "giá trị: " + o.value->to_short_string() : "không có giá trị";
    case condition_observation::kind::members: {
      if (o.of == 0) return "không có thành viên";
      const decimal share = mul_div(decimal::from_int(static_cast<std::int64_t>(o.matching)), decimal::from_int(100),
                                    decimal::from_int(static_cast<std::int64_t>(o.of)), rounding::half_up);
      return fmt::format("{}/{} thành viên ({}%)", o.matching, o.of, share.rounded(2, rounding::half_up).to_short_string());
    }
    case condition_observation::kind::streak: return fmt::format("{} năm liên tiếp (tính cả năm nay)", o.years);
    case condition_observation::kind::none: break;
  }
  return "";
}

}  // namespace

void write_title_explanation_text(std::ostream& out, const awards& a, subject_kind k, std::size_t i,
                                  const std::vector<title_explanation>& lines) {
  const scheme& s = a.scheme();
  out << "Danh hiệu — " << detail::subject_id(a, k, i) << " " << detail::subject_name(a, k, i);
  if (k == subject_kind::member) out << " (đơn vị " << a.member_unit(i) << ")";
  out << '\n';
  if (lines.empty()) out << "  (không có danh hiệu nào xét cho đối tượng này)\n";
  for (const auto& e : lines) {
    const title_rule& rule = s.titles[e.title];
    out << "  [" << (e.awarded ? "ĐẠT" : "KHÔNG ĐẠT") << "] " << rule.id << " — " << rule.name;
    if (!rule.source.empty()) out << " (" << rule.source << ")";
    out << '\n';
    bool any_header = false;
    for (const auto& c : e.conditions) {
      if (c.in_any && !any_header) {
        out << "      cần ít nhất một trong:\n";
        any_header = true;
      }
      const std::string seen = observed(c, 0);
      out << "      " << (c.holds ? "✓ " : "✗ ") << c.text << (seen.empty() ? "" : "   — " + seen) << '\n';
    }
    if (e.quota) {
      const auto& q = *e.quota;
      out << fmt::format("      hạn ngạch {}: xếp thứ {}/{} ứng viên; giới hạn {} × {} = {} → {}\n",
                         q.scope.empty() ? std::string("chung") : q.scope, q.position, q.candidates,
                         detail::percent(rule.quota->max), q.base, q.limit, q.kept ? "trong hạn ngạch" : "vượt hạn ngạch, không đề nghị");
    } else if (e.conditions_met && !e.awarded) {
      out << "      đủ điều kiện nhưng không được đề nghị\n";
    }
    if (e.awarded && e.reward > 0)
      out << "      tiền thưởng: " << detail::money(e.reward) << " đ"
          << (a.paid(k, i, e.title) ? "" : " (không nhận: đã nhận mức của danh hiệu cao hơn)") << '\n';
  }
}

namespace detail {
json title_rules_json(const awards& a, subject_kind k, std::size_t i, const std::vector<title_explanation>& lines) {
  const scheme& s = a.scheme();
  json list = json::array();
  for (const auto& e : lines) {
    json j;
    j["id"] = s.titles[e.title].id;
    j["awarded"] = e.awarded;
    j["conditions_met"] = e.conditions_met;
    json conds = json::array();
    for (const auto& c : e.conditions) {
      json cj;
      cj["condition"] = c.text;
      cj["list"] = c.in_any ? "any" : "all";
      cj["holds"] = c.holds;
      switch (c.what) {
        case condition_observation::kind::class_: cj["class"] = c.class_id.empty() ? json(nullptr) : json(c.class_id); break;
        case condition_observation::kind::number: cj["value"] = c.value ? json(c.value->to_double()) : json(nullptr); break;
        case condition_observation::kind::members: cj["matching"] = c.matching; cj["members"] = c.of; break;
        case condition_observation::kind::streak: cj["years"] = c.years; break;
        case condition_observation::kind::none: break;
      }
      conds.push_back(cj);
    }
    j["conditions"] = conds;
    if (e.quota)
      j["quota"] = {{"scope", e.quota->scope}, {"position", e.quota->position}, {"candidates", e.quota->candidates},
                    {"base", e.quota->base}, {"limit", e.quota->limit}, {"kept", e.quota->kept}};
    if (e.awarded) {
      j["reward"] = e.reward;
      j["paid"] = a.paid(k, i, e.title);
    }
    list.push_back(j);
  }
  return list;
}
}  // namespace detail

void write_title_explanation_json(std::ostream& out, const awards& a, subject_kind k, std::size_t i,
                                  const std::vector<title_explanation>& lines) {
  json doc;
  doc["id"] = detail::subject_id(a, k, i);
  doc["subject"] = k == subject_kind::unit ? "unit" : "member";
  doc["title_rules"] = detail::title_rules_json(a, k, i, lines);
  out << doc.dump(2) << '\n';
}

}  // namespace thidua
