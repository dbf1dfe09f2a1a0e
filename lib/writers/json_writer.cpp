// The JSON contract (docs/json.md): {"scheme": {...}, "results": [...]}. Keys keep a fixed
// order and numbers are printed from exact decimals, so the output is byte-for-byte stable.
#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace detail {
// lib/writers/titles_writer.cpp
nlohmann::ordered_json members_json(const awards& a);
nlohmann::ordered_json titles_json(const awards& a);
nlohmann::ordered_json title_rules_json(const awards& a, subject_kind k, std::size_t i,
                                        const std::vector<title_explanation>& lines);
}  // namespace detail
namespace {

using json = nlohmann::ordered_json;

// A published value as a JSON number: the nearest double prints back as the same short
// decimal ("92.5", "89.99"), which is what a reader of the table sees.
json number(decimal d) { return d.to_double(); }

json scheme_json(const scheme& s) {
  json j;
  j["id"] = s.id;
  j["title"] = s.title;
  j["subject"] = s.subject;
  j["scale"] = number(s.scale);
  j["precision"] = s.precision;
  j["rounding"] = std::string(to_string(s.round));
  j["effective"] = s.effective;
  j["source"] = s.source;
  json fams = json::array();
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    json fj;
    fj["id"] = s.families[f].id;
    fj["name"] = s.families[f].name;
    fj["share"] = number(family_share(s, f));
    fams.push_back(fj);
  }
  j["families"] = fams;
  json classes = json::array();
  for (const auto& c : s.classes) classes.push_back({{"id", c.id}, {"name", c.name}, {"min", number(c.min)}});
  j["classes"] = classes;
  return j;
}

json quota_json(const scheme& s, const quota_decision& d) {
  return {{"class", s.classes[d.quota_class].id},
          {"position", d.position},
          {"candidates", d.candidates},
          {"base", d.base},
          {"limit", d.limit},
          {"kept", d.kept},
          {"demoted", d.demoted},
          {"tie_at_cut", d.tie_at_cut}};
}

decimal family_minimum_of(const scheme& s, std::size_t k, std::size_t f) {
  for (const auto& m : s.classes[k].min_family)
    if (m.family_index == f) return m.min;
  return decimal{};
}

// A ranking key's value for one row: class id, number, id or name.
json key_value_json(const ranking& r, const ranking_key& k, std::size_t row, decimal value, std::ptrdiff_t cls) {
  switch (k.what) {
    case ranking_key::kind::class_: return r.scheme().classes[static_cast<std::size_t>(cls)].id;
    case ranking_key::kind::total:
    case ranking_key::kind::family:
    case ranking_key::kind::criterion: return number(value);
    case ranking_key::kind::id: return std::string(r.id(row));
    case ranking_key::kind::name: return std::string(r.name(row));
  }
  return nullptr;
}

json neighbour_json(const ranking& r, const explanation& e, const explanation::neighbour& nb) {
  json j;
  j["id"] = std::string(r.id(nb.row));
  j["rank"] = nb.rank;
  j["tied"] = nb.tied;
  if (!nb.tied) {
    const ranking_key& k = r.scheme().order[nb.key];
    j["key"] = to_string(k);
    j["value"] = key_value_json(r, k, e.row, nb.value, nb.class_value);
    j["neighbour_value"] = key_value_json(r, k, nb.row, nb.neighbour_value, nb.neighbour_class);
  }
  return j;
}

// The `why` object (docs/json.md): class reason, rank reason, what the next class needs.
json why_json(const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  const std::size_t i = e.row;
  const bool ranked = e.status == standing::ranked;
  json why;

  json cls;
  const quota_decision* demoted = nullptr;
  for (const quota_decision& d : e.quotas)
    if (d.demoted) demoted = &d;
  bool veto_lowered = false;
  json vetoes = json::array();
  for (std::size_t v : e.vetoes) {
    const veto& ve = s.vetoes[v];
    json vj;
    vj["id"] = ve.id;
    if (ve.exclude) {
      vj["effect"] = "exclude";
    } else if (ve.cap_class) {
      const bool lowered = ranked && static_cast<std::ptrdiff_t>(ve.cap_class_index) > e.class_by_score;
      veto_lowered = veto_lowered || lowered;
      vj["effect"] = "cap";
      vj["cap"] = s.classes[ve.cap_class_index].id;
      vj["lowered"] = lowered;
    } else {
      vj["effect"] = "none";
    }
    vetoes.push_back(vj);
  }
  if (!ranked) cls["reason"] = "excluded";
  else if (demoted != nullptr) cls["reason"] = "quota";
  else if (veto_lowered) cls["reason"] = "veto";
  else if (!e.blocked_by_family.empty()) cls["reason"] = "family_minimum";
  else cls["reason"] = "score";
  if (ranked) {
    const auto k = static_cast<std::size_t>(e.class_by_score);
    cls["by_score"] = s.classes[k].id;
    cls["min"] = number(s.classes[k].min);
  }
  json blocked = json::array();
  for (auto [k, f] : e.blocked_by_family)
    blocked.push_back({{"class", s.classes[k].id},
                       {"family", s.families[f].id},
                       {"needs", number(family_minimum_of(s, k, f))},
                       {"has", number(r.family(i, f))}});
  cls["blocked_by_family"] = blocked;
  cls["vetoes"] = vetoes;
  if (demoted != nullptr) cls["quota"] = quota_json(s, *demoted);
  if (ranked) cls["final"] = s.classes[static_cast<std::size_t>(e.final_class)].id;
  why["class"] = cls;

  if (ranked) {
    json rk;
    rk["rank"] = e.rank;
    if (e.above) rk["above"] = neighbour_json(r, e, *e.above);
    if (e.below) rk["below"] = neighbour_json(r, e, *e.below);
    why["rank"] = rk;
  }

  const auto& n = e.next;
  json next;
  static constexpr const char* statuses[] = {"possible", "best_class", "excluded", "veto", "quota"};
  next["status"] = statuses[static_cast<int>(n.blocked)];
  if (n.target >= 0) {
    const auto target = static_cast<std::size_t>(n.target);
    next["class"] = s.classes[target].id;
    next["min"] = number(s.classes[target].min);
    next["gain"] = number(n.gain);
    json gaps = json::array();
    for (const auto& g : n.family_gaps)
      gaps.push_back({{"family", s.families[g.family].id}, {"needs", number(g.needs)}, {"has", number(g.has)}});
    next["families"] = gaps;
    next["quota_applies"] = n.quota_applies;
    if (n.blocked == explanation::obstacle::veto) next["veto"] = s.vetoes[n.veto].id;
    if (n.quota) next["quota"] = quota_json(s, *n.quota);
    if (e.complete && n.blocked != explanation::obstacle::veto) {
      json crit = json::array();
      for (const auto& g : n.criteria) {
        const criterion& c = s.criteria[g.criterion];
        json cj;
        cj["id"] = c.id;
        cj["family"] = c.family;
        cj["points"] = number(g.points);
        cj["best"] = number(g.best);
        cj["max_gain"] = number(g.max_gain);
        cj["closes"] = g.closes;
        if (g.closes) {
          if (g.has_from) cj["from"] = number(g.from);
          cj["to"] = number(g.to);
          if ((c.input == input_kind::percent || c.input == input_kind::count) && !c.tiers.empty())
            cj["tier"] = g.to_tier + 1;
          cj["points_after"] = number(g.new_points);
          cj["total_gain"] = number(g.total_gain);
          cj["total_after"] = number(g.new_total);
        }
        crit.push_back(cj);
      }
      next["criteria"] = crit;
    }
  }
  why["next_class"] = next;
  return why;
}

// One result; `e` is the subject's explanation (computed here from the ranking when null).
json result_json(const ranking& r, std::size_t i, const explanation* e = nullptr, const awards* titles = nullptr,
                 bool why = true) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  json j;
  j["id"] = std::string(r.id(i));
  j["name"] = std::string(r.name(i));
  j["group"] = std::string(r.group(i));
  j["total"] = number(r.total(i));
  json fams = json::object();
  for (std::size_t f = 0; f < s.families.size(); ++f) fams[s.families[f].id] = number(r.family(i, f));
  j["families"] = fams;
  const bool ranked = r.status(i) == standing::ranked;
  j["class"] = ranked ? json(s.classes[static_cast<std::size_t>(r.class_index(i))].id) : json(nullptr);
  j["class_name"] = detail::class_label(r, i);
  j["rank"] = ranked ? json(r.rank(i)) : json(nullptr);
  j["titles"] = json::array();
  if (titles)
    for (std::size_t t : titles->titles_of(subject_kind::unit, i)) j["titles"].push_back(s.titles[t].id);
  j["status"] = ranked ? "ranked" : "excluded";
  j["class_by_score"] =
      r.class_by_score(i) >= 0 ? json(s.classes[static_cast<std::size_t>(r.class_by_score(i))].id) : json(nullptr);
  json vetoes = json::array();
  for (std::size_t v : r.vetoes(i)) vetoes.push_back(s.vetoes[v].id);
  j["vetoes"] = vetoes;
  j["total_unrounded"] = r.total_unrounded(i).to_string(4);
  j["total_text"] = r.total(i).to_string(p);
  j["bonus"] = {{"given", number(r.bonus_given(i))}, {"counted", number(r.bonus_counted(i))}};
  j["deduction"] = {{"given", number(r.deduction_given(i))}, {"counted", number(r.deduction_counted(i))}};
  j["missing"] = r.missing_count(i);
  if (const auto periods = r.period_totals(i); !periods.empty()) {
    json per = json::object();
    for (std::size_t k = 0; k < periods.size(); ++k) per[s.periods[k].id] = periods[k].to_string(4);
    j["periods"] = per;
  }
  const auto quotas = r.quota_decisions(i);
  if (!quotas.empty()) {
    json list = json::array();
    for (const quota_decision& d : quotas) list.push_back(quota_json(s, d));
    j["quota"] = list;
  }
  if (const auto st = r.self_total(i)) {
    j["self_total"] = number(*st);
    j["self_difference"] = number(r.total(i) - *st);
  }
  if (why) j["why"] = e != nullptr ? why_json(r, *e) : why_json(r, explain(r, i));
  return j;
}

// `j` pretty-printed as nlohmann's dump(2) prints it at nesting depth `depth` (every line
// after the first indented by 2 × depth more spaces).
void write_nested(std::ostream& out, const json& j, int depth) {
  const std::string text = j.dump(2);
  const std::string indent(static_cast<std::size_t>(2 * depth), ' ');
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    out.write(text.data() + start, static_cast<std::streamsize>(nl + 1 - start));
    out << indent;
    start = nl + 1;
  }
  out.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
}

// The results in display order, each followed by ",\n" (the last by "\n"). A result's JSON
// depends only on the ranking (its `why` is an explanation from the kept points, the costly
// part), so batches of results are rendered on several threads and written in order: the
// same bytes as on one thread, with memory for one round of batches (bench/json_bench.cpp).
void write_results(std::ostream& out, const ranking& r, const awards* titles, bool why) {
  const auto& order = r.display_order();
  const auto render = [&](std::size_t from, std::size_t to, std::ostream& text) {
    for (std::size_t k = from; k < to; ++k) {
      text << "    ";
      write_nested(text, result_json(r, order[k], nullptr, titles, why), 2);
      text << (k + 1 < order.size() ? ",\n" : "\n");
    }
  };
  constexpr std::size_t batch = 256;  // results per thread and round (~1.5 MB of JSON at 40 criteria)
  const std::size_t threads =
      std::min<std::size_t>({std::max(1U, std::thread::hardware_concurrency()), 16, (order.size() + batch - 1) / batch});
  if (threads <= 1) {
    render(0, order.size(), out);
    return;
  }
  std::vector<std::string> texts(threads);
  std::vector<std::exception_ptr> failed(threads);
  for (std::size_t round = 0; round < order.size(); round += threads * batch) {
    {
      std::vector<std::jthread> pool;
      for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          try {
            const std::size_t from = std::min(order.size(), round + t * batch);
            std::ostringstream text;
            render(from, std::min(order.size(), from + batch), text);
            texts[t] = std::move(text).str();
          } catch (...) {
            failed[t] = std::current_exception();
          }
        });
    }
    for (const auto& e : failed)
      if (e) std::rethrow_exception(e);
    for (const auto& text : texts) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
}

}  // namespace

// The same bytes as building the whole document and dumping it with indent 2, but one result
// a batch at a time, so that memory holds a few hundred results' JSON, not the document's.
void write_json(std::ostream& out, const ranking& r, const awards* titles, const json_options& options) {
  out << "{\n  \"scheme\": ";
  write_nested(out, scheme_json(r.scheme()), 1);
  const auto& order = r.display_order();
  if (order.empty()) {
    out << ",\n  \"results\": []";
  } else {
    out << ",\n  \"results\": [\n";
    write_results(out, r, titles, options.why);
    out << "  ]";
  }
  if (titles) {
    out << ",\n  \"members\": ";
    write_nested(out, detail::members_json(*titles), 1);
    out << ",\n  \"titles\": ";
    write_nested(out, detail::titles_json(*titles), 1);
  }
  out << "\n}\n";
}

namespace {
json explanation_json(const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  json j = result_json(r, e.row, &e);
  json crit = json::array();
  for (std::size_t c = 0; c < e.criteria.size(); ++c) {
    const auto& cs = e.criteria[c];
    const criterion& cr = s.criteria[c];
    json cj;
    cj["id"] = cr.id;
    cj["name"] = cr.name;
    cj["family"] = cr.family;
    cj["input"] = std::string(to_string(cr.input));
    cj["max"] = number(cr.max);
    static constexpr const char* rules[] = {"points", "tier", "below_tiers", "linear", "yes",
                                            "no",     "failures", "not_applicable", "missing"};
    cj["rule"] = rules[static_cast<int>(cs.applied)];
    const bool has_value = cs.applied != criterion_score::rule::not_applicable &&
                           cs.applied != criterion_score::rule::missing;
    cj["value"] = has_value ? json(number(cs.raw)) : json(nullptr);
    cj["points"] = number(cs.points);
    if (cs.applied == criterion_score::rule::tier) cj["tier"] = cs.tier + 1;
    if (e.complete) cj["contribution"] = e.contributions[c].to_string(4);
    crit.push_back(cj);
  }
  j["criteria"] = crit;
  json fams = json::array();
  for (const auto& f : e.families) {
    fams.push_back({{"id", s.families[f.family].id},
                    {"raw", number(f.raw)},
                    {"applicable_max", number(f.applicable_max)},
                    {"share", number(f.share)},
                    {"subtotal", f.subtotal.to_string(4)},
                    {"published", number(f.published)}});
  }
  j["family_lines"] = fams;
  json blocked = json::array();
  for (const auto& [k, f] : e.blocked_by_family) {
    decimal needs;
    for (const auto& m : s.classes[k].min_family)
      if (m.family_index == f) needs = m.min;
    blocked.push_back({{"class", s.classes[k].id}, {"family", s.families[f].id}, {"needs", number(needs)}});
  }
  j["blocked_by_family"] = blocked;
  if (e.complete) {
    j["families_sum"] = e.families_sum.to_string(4);
    j["families_scaled"] = e.families_scaled.to_string(4);
  }
  return j;
}
}  // namespace

void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e) {
  out << explanation_json(r, e).dump(2) << '\n';
}

void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e, const awards& a, subject_kind k,
                            std::size_t i, const std::vector<title_explanation>& lines) {
  json j = explanation_json(r, e);
  j["title_rules"] = detail::title_rules_json(a, k, i, lines);
  out << j.dump(2) << '\n';
}

}  // namespace thidua
