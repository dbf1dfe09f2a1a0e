// The JSON contract (docs/json.md): {"scheme": {...}, "results": [...]}. Keys keep a fixed
// order and numbers are printed from exact decimals, so the output is byte-for-byte stable.
#include <nlohmann/json.hpp>
#include <ostream>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
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

json result_json(const ranking& r, std::size_t i) {
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
  const auto quotas = r.quota_decisions(i);
  if (!quotas.empty()) {
    json list = json::array();
    for (const quota_decision& d : quotas)
      list.push_back({{"class", s.classes[d.quota_class].id},
                      {"position", d.position},
                      {"candidates", d.candidates},
                      {"base", d.base},
                      {"limit", d.limit},
                      {"kept", d.kept},
                      {"demoted", d.demoted},
                      {"tie_at_cut", d.tie_at_cut}});
    j["quota"] = list;
  }
  if (const auto st = r.self_total(i)) {
    j["self_total"] = number(*st);
    j["self_difference"] = number(r.total(i) - *st);
  }
  return j;
}

}  // namespace

void write_json(std::ostream& out, const ranking& r) {
  json doc;
  doc["scheme"] = scheme_json(r.scheme());
  json results = json::array();
  for (std::size_t i : r.display_order()) results.push_back(result_json(r, i));
  doc["results"] = std::move(results);
  out << doc.dump(2) << '\n';
}

void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  json j = result_json(r, e.row);
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
                                            "no",     "not_applicable", "missing"};
    cj["rule"] = rules[static_cast<int>(cs.applied)];
    const bool has_value = cs.applied != criterion_score::rule::not_applicable &&
                           cs.applied != criterion_score::rule::missing;
    cj["value"] = has_value ? json(number(cs.raw)) : json(nullptr);
    cj["points"] = number(cs.points);
    if (cs.applied == criterion_score::rule::tier) cj["tier"] = cs.tier + 1;
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
  for (auto [k, f] : e.blocked_by_family)
    blocked.push_back({{"class", s.classes[k].id}, {"family", s.families[f].id},
                       {"needs", number([&] {
                          for (const auto& m : s.classes[k].min_family)
                            if (m.family_index == f) return m.min;
                          return decimal{};
                        }())}});
  j["blocked_by_family"] = blocked;
  out << j.dump(2) << '\n';
}

}  // namespace thidua
