// The HTML report (write_html, docs/html-report.md): the bundled sample rendered with its
// self-scores, titles and audits must name every school, colour every class, keep the
// published totals, stay self-contained (no script, no URL, no external source), escape the
// data, draw well-formed SVG, carry the print style sheet, and show audit sections only
// when they were given. The browser check (tests/browser) opens the same report in Chromium.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <thidua/thidua.hpp>

#include "sample_fixture.hpp"
#include "writers/svg.hpp"

namespace {

using thidua::subject_kind;

// The sample with self-scores and titles, and the three audits of the report.
struct sample : thidua::testing::titled_sample {
  thidua::audit::influence_report influence;
  thidua::audit::sensitivity_report sensitivity;
  thidua::audit::smaa_report smaa;
};

// Loaded once: ranking, titles and audits of the sample take a while under the sanitizers.
const sample& the_sample() {
  static const std::unique_ptr<sample> x = [] {
    auto s = std::make_unique<sample>();
    thidua::testing::fill_titled_sample(*s, {.self_scores = true});
    s->influence = thidua::audit::audit_influence(s->s, *s->unit_scores);
    s->sensitivity = thidua::audit::audit_sensitivity(s->s, *s->unit_scores, {.top = 3, .threads = 1});
    thidua::audit::smaa_options o;
    o.samples = 300;
    o.seed = 7;
    o.threads = 1;
    s->smaa = thidua::audit::audit_smaa(s->s, *s->unit_scores, o);
    return s;
  }();
  return *x;
}

std::string render(const thidua::ranking& r, const thidua::awards* titles = nullptr,
                   const thidua::report_audits& audits = {}) {
  std::ostringstream out;
  thidua::write_html(out, r, titles, audits);
  return out.str();
}

const std::string& full_report() {
  static const std::string html = [] {
    const sample& x = the_sample();
    return render(*x.units, &*x.titles, {&x.influence, &x.sensitivity, &x.smaa});
  }();
  return html;
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::string escaped(std::string_view text) { return thidua::detail::svg::escape(text); }

// The text between `<section ... id="ID"` and the next `</section>`.
std::string_view section(std::string_view html, std::string_view id) {
  const auto at = html.find("id=\"" + std::string(id) + "\"");
  if (at == std::string_view::npos) return {};
  const auto end = html.find("</section>", at);
  return html.substr(at, end - at);
}

// A small tag balance check of one SVG: every element is closed in order (self-closing
// ones excepted) and attribute values hold no raw '<'.
bool balanced(std::string_view svg, std::string& why) {
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = svg.find('<', at)) != std::string_view::npos) {
    const auto end = svg.find('>', at);
    if (end == std::string_view::npos) {
      why = "unterminated tag";
      return false;
    }
    const std::string_view tag = svg.substr(at + 1, end - at - 1);
    if (tag.find('<') != std::string_view::npos) {
      why = "'<' inside a tag: " + std::string(tag);
      return false;
    }
    if (!tag.empty() && tag.front() == '/') {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) {
        why = "unexpected </" + name + ">";
        return false;
      }
      open.pop_back();
    } else if (!tag.empty() && tag.back() != '/') {
      open.emplace_back(tag.substr(0, tag.find_first_of(" \n")));
    }
    at = end + 1;
  }
  if (!open.empty()) why = "unclosed <" + open.back() + ">";
  return open.empty();
}

// ------------------------------------------------------------------ the sample

TEST(HtmlReport, SampleIsAValidVietnameseDocument) {
  const std::string& html = full_report();
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("\"Noto Sans\",\"DejaVu Sans\""), std::string::npos);
  EXPECT_NE(html.find("Chấm điểm thi đua các trường học năm học 2024–2025 (bản mẫu)"), std::string::npos);
  EXPECT_NE(html.find("Mã thang điểm: <b>truong-hoc-2024-2025</b>"), std::string::npos);
  EXPECT_TRUE(html.ends_with("</html>\n"));
}

TEST(HtmlReport, EverySchoolAppearsWithItsTotalAndClassBadge) {
  const sample& x = the_sample();
  const std::string& html = full_report();
  const auto& r = *x.units;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const std::string id_cell = "<td class=\"id\">" + std::string(r.id(i)) + "</td>";
    const auto row = html.find(id_cell);
    ASSERT_NE(row, std::string::npos) << r.id(i);
    const auto row_end = html.find("</tr>", row);
    const std::string_view tr(html.data() + row, row_end - row);
    EXPECT_NE(tr.find("<td class=\"name\">" + escaped(r.name(i)) + "</td>"), std::string_view::npos) << r.id(i);
    EXPECT_NE(tr.find(">" + r.total(i).to_string(2) + "</td>"), std::string_view::npos) << r.id(i);
    if (r.status(i) == thidua::standing::excluded) {
      EXPECT_NE(tr.find("<span class=\"badge cx\">Không đủ điều kiện xếp loại</span>"), std::string_view::npos);
    } else {
      const auto k = static_cast<std::size_t>(r.class_index(i));
      const auto& c = r.scheme().classes[k];
      EXPECT_NE(tr.find("<span class=\"badge c" + std::to_string(k) + "\" title=\"" + c.id + "\">" + c.name + "</span>"),
                std::string_view::npos)
          << r.id(i);
    }
  }
  // A published total of the sample, as the table writer prints it.
  const auto mn01 = static_cast<std::size_t>(r.find("MN01"));
  EXPECT_EQ(r.total(mn01).to_string(2), "85.74");
  EXPECT_NE(html.find("<td class=\"num total\">85.74</td>"), std::string::npos);
  // The badges of the three first classes exist, each coloured by its index.
  for (std::string_view badge : {"badge c0", "badge c1", "badge c2"}) EXPECT_NE(html.find(badge), std::string::npos);
}

TEST(HtmlReport, OneSectionPerBlockWithAStackedChart) {
  const sample& x = the_sample();
  const std::string& html = full_report();
  std::vector<std::string> blocks;
  for (std::size_t i : x.units->display_order())
    if (blocks.empty() || blocks.back() != x.units->group(i)) blocks.emplace_back(x.units->group(i));
  ASSERT_EQ(blocks.size(), 3U);
  EXPECT_EQ(count(html, "<section class=\"block\""), blocks.size());
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::string_view sec = section(html, "khoi-" + std::to_string(b + 1));
    ASSERT_FALSE(sec.empty());
    EXPECT_NE(sec.find("Khối thi đua: " + escaped(blocks[b])), std::string_view::npos);
    EXPECT_EQ(count(sec, "<svg"), 1U);
    EXPECT_NE(sec.find("aria-label=\"Khối " + escaped(blocks[b]) + ": đóng góp của các nhóm tiêu chí"),
              std::string_view::npos);
    EXPECT_NE(sec.find(">Công tác chuyên môn</text>"), std::string_view::npos);  // the legend
    EXPECT_NE(sec.find(">Công tác dân vận</text>"), std::string_view::npos);
  }
}

TEST(HtmlReport, IsSelfContained) {
  const std::string& html = full_report();
  for (std::string_view banned : {"<script", "http://", "https://", "src=", "url(", "<link", "@import", "<img"})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
}

TEST(HtmlReport, SvgsAreWellFormedAndLabelled) {
  const std::string& html = full_report();
  const std::size_t opened = count(html, "<svg"), closed = count(html, "</svg>");
  EXPECT_EQ(opened, closed);
  // Summary, 3 blocks, self-scores, 2 influence charts, tornado, 3 SMAA heat maps.
  EXPECT_EQ(opened, 11U);
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    const auto end = html.find("</svg>", at);
    ASSERT_NE(end, std::string::npos);
    const std::string_view svg(html.data() + at, end + 6 - at);
    std::string why;
    EXPECT_TRUE(balanced(svg, why)) << why;
    EXPECT_NE(svg.find("role=\"img\" aria-label=\""), std::string_view::npos);
    EXPECT_NE(svg.find("<title>"), std::string_view::npos);
    EXPECT_EQ(svg.find("nan"), std::string_view::npos);
    EXPECT_EQ(svg.find("inf"), std::string_view::npos);
  }
}

TEST(HtmlReport, HasThePrintStyleSheet) {
  const std::string& html = full_report();
  EXPECT_NE(html.find("@page{size:A4;margin:12mm}"), std::string::npos);
  EXPECT_NE(html.find("@media print{"), std::string::npos);
  EXPECT_NE(html.find("section.block,section.audit{break-before:page}"), std::string::npos);
  EXPECT_NE(html.find("tr,figure,svg,.facts li{break-inside:avoid}"), std::string::npos);
}

TEST(HtmlReport, SelfScoresLargestGapFirst) {
  const sample& x = the_sample();
  const auto& r = *x.units;
  const std::string_view sec = section(full_report(), "tu-cham");
  ASSERT_FALSE(sec.empty());
  // The largest |self − review| of the sample, and every subject with a gap, in the table.
  std::int64_t largest = 0;
  std::size_t gaps = 0;
  std::string first;
  for (std::size_t i : r.display_order()) {
    const auto self = r.self_total(i);
    ASSERT_TRUE(self.has_value());
    const std::int64_t d = (*self - r.total(i)).units();
    if (d == 0) continue;
    ++gaps;
    EXPECT_NE(sec.find("<td class=\"id\">" + std::string(r.id(i)) + "</td>"), std::string_view::npos) << r.id(i);
    if (std::abs(d) > largest) {
      largest = std::abs(d);
      first = std::string(r.id(i));
    }
  }
  ASSERT_GT(gaps, 0U);
  EXPECT_NE(sec.find(std::to_string(r.size()) + " đơn vị có điểm tự chấm. " + std::to_string(gaps) + " đơn vị"),
            std::string_view::npos);
  const auto table = sec.find("<table class=\"self\">");
  EXPECT_EQ(sec.find("<td class=\"id\">", table), sec.find("<td class=\"id\">" + first + "</td>", table));
}

TEST(HtmlReport, TitlesAndAuditSections) {
  const sample& x = the_sample();
  const std::string& html = full_report();
  const std::string_view titles = section(html, "danh-hieu");
  ASSERT_FALSE(titles.empty());
  EXPECT_NE(titles.find("Danh hiệu thi đua năm 2025"), std::string_view::npos);
  for (std::size_t t = 0; t < x.s.titles.size(); ++t) {
    if (!x.s.titles[t].in_force) continue;
    const std::string row = "<td class=\"id\">" + x.s.titles[t].id + "</td>";
    const auto at = titles.find(row);
    ASSERT_NE(at, std::string_view::npos) << x.s.titles[t].id;
    const std::string holders = "<td class=\"num\">" + std::to_string(x.titles->holders(t).size()) + "</td>";
    EXPECT_NE(titles.substr(at, titles.find("</tr>", at) - at).find(holders), std::string_view::npos);
  }
  EXPECT_NE(titles.find("Tổng tiền thưởng: <b>"), std::string_view::npos);

  const std::string_view influence = section(html, "anh-huong");
  ASSERT_FALSE(influence.empty());
  for (const auto& f : x.influence.families) {
    EXPECT_NE(influence.find(escaped(thidua::audit::influence_sentence(x.influence, f))), std::string_view::npos);
    // Nominal and effective shares as percentages with one decimal and a decimal comma.
    EXPECT_NE(influence.find("<td class=\"id\">" + f.id + "</td>"), std::string_view::npos);
  }
  EXPECT_NE(influence.find(">30,0%</text>"), std::string_view::npos);  // dân vận's nominal share, on its bar

  const std::string_view sensitivity = section(html, "do-nhay");
  ASSERT_FALSE(sensitivity.empty());
  // The tornado lists the moving weights most fragile first, as the report orders them.
  std::vector<std::string> moving;
  for (const auto& w : x.sensitivity.weights)
    if (!w.fixed) moving.push_back(w.id + (w.what == thidua::audit::weight_sensitivity::kind::family ? " (nhóm)" : ""));
  ASSERT_GE(moving.size(), 2U);
  const auto a = sensitivity.find(">" + moving[0] + "</text>"), b = sensitivity.find(">" + moving[1] + "</text>");
  ASSERT_NE(a, std::string_view::npos);
  ASSERT_NE(b, std::string_view::npos);
  EXPECT_LT(a, b);

  const std::string_view smaa = section(html, "smaa");
  ASSERT_FALSE(smaa.empty());
  EXPECT_NE(smaa.find("300 bộ trọng số ngẫu nhiên"), std::string_view::npos);
  EXPECT_EQ(count(smaa, "<svg"), x.smaa.blocks.size());
  // Each subject's share of first place, as a cell of its block's heat map.
  for (const auto& s : x.smaa.subjects) {
    if (s.excluded || s.acceptability.empty() || s.acceptability[0] == 0) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", s.acceptability[0] * 100);
    std::string text = buf;
    std::replace(text.begin(), text.end(), '.', ',');
    EXPECT_NE(smaa.find(">" + text + "</text>"), std::string_view::npos) << s.id << ' ' << text;
  }
}

TEST(HtmlReport, AuditSectionsOnlyWhenGiven) {
  const sample& x = the_sample();
  const thidua::ranking plain = thidua::rank(x.s, *x.unit_scores);
  const std::string bare = render(plain);
  for (std::string_view id : {"tu-cham", "danh-hieu", "anh-huong", "do-nhay", "smaa"})
    EXPECT_EQ(bare.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  EXPECT_EQ(count(bare, "<svg"), 4U);  // the summary and one chart per block

  const std::string some = render(plain, nullptr, {.influence = nullptr, .sensitivity = &x.sensitivity});
  EXPECT_NE(some.find("id=\"do-nhay\""), std::string::npos);
  EXPECT_EQ(some.find("id=\"anh-huong\""), std::string::npos);
  EXPECT_EQ(some.find("id=\"smaa\""), std::string::npos);
  EXPECT_EQ(some.find("href=\"#smaa\""), std::string::npos);  // nor in the table of contents
}

TEST(HtmlReport, IsDeterministic) {
  const sample& x = the_sample();
  EXPECT_EQ(render(*x.units, &*x.titles, {&x.influence, &x.sensitivity, &x.smaa}), full_report());
}

// ------------------------------------------------------------------ escaping

TEST(HtmlReport, EscapesEveryTextFromTheData) {
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "esc<&>"
title = "Thang <i>điểm</i> & \"thử\""
[[family]]
id = "chung"
name = "Nhóm <b>&\"A\""
[[criterion]]
id = "X"
family = "chung"
max = 100
[[class]]
id = "tot"
name = "Tốt <3"
min = 50
[[class]]
id = "kem"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s, "id,name,group,X\nA1,\"Trường <b>&\"\"Hoa\"\"</b>\",\"Khối <A&B>\",60\n"
                                         "A2,Trường 'Mai',\"Khối <A&B>\",40\n");
  const auto r = thidua::rank(s, sh);
  ASSERT_EQ(r.name(0), "Trường <b>&\"Hoa\"</b>");
  const std::string html = render(r);
  EXPECT_EQ(html.find("<b>&\""), std::string::npos);
  EXPECT_EQ(html.find("<A&B>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("Tốt <3"), std::string::npos);
  EXPECT_EQ(html.find("Trường 'Mai'"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">Trường &lt;b&gt;&amp;&quot;Hoa&quot;&lt;/b&gt;</td>"), std::string::npos);
  EXPECT_NE(html.find("Khối thi đua: Khối &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_NE(html.find("Thang &lt;i&gt;điểm&lt;/i&gt; &amp; &quot;thử&quot;"), std::string::npos);
  EXPECT_NE(html.find("Tốt &lt;3"), std::string::npos);
  // Inside the SVG too: the bar's label and its <title>, and the chart's aria-label.
  EXPECT_NE(html.find("<title>A1 Trường &lt;b&gt;&amp;&quot;Hoa&quot;&lt;/b&gt;: tổng điểm 60.00"), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Khối Khối &lt;A&amp;B&gt;: đóng góp"), std::string::npos);
  std::string why;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    const auto end = html.find("</svg>", at);
    EXPECT_TRUE(balanced(std::string_view(html).substr(at, end + 6 - at), why)) << why;
  }
}

TEST(HtmlReport, AnEmptySheetStillGivesAPage) {
  const sample& x = the_sample();
  const auto empty = thidua::parse_sheet(x.s, "id,name,group,CM1,CM2,CM3,CM4,CM5,CM6,CM7,CM8,DV1,DV2,DV3,DV4,DV5,DV6,DV7\n");
  const auto r = thidua::rank(x.s, empty);
  const std::string html = render(r);
  EXPECT_NE(html.find("<li><b>0</b><span>đơn vị được chấm</span></li>"), std::string::npos);
  EXPECT_EQ(count(html, "<section class=\"block\""), 0U);
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_TRUE(html.ends_with("</html>\n"));
}

// ------------------------------------------------------------------ SVG primitives

TEST(HtmlSvg, NumbersAreShortAndLocaleFree) {
  const auto num = [](double v) {
    std::string out;
    thidua::detail::svg::append_number(out, v);
    return out;
  };
  EXPECT_EQ(num(40), "40");
  EXPECT_EQ(num(12.25), "12.3");
  EXPECT_EQ(num(-3.04), "-3");
  EXPECT_EQ(num(-0.01), "0");
  EXPECT_EQ(num(0.0 / 1.0 * -1.0), "0");
}

TEST(HtmlSvg, ShortenCutsWholeCodePoints) {
  using thidua::detail::svg::shorten;
  EXPECT_EQ(shorten("Trường Mầm non", 20), "Trường Mầm non");
  EXPECT_EQ(shorten("Trường Mầm non Hoa Sen", 9), "Trường M…");  // 9 code points with the "…"
  EXPECT_EQ(shorten("Trường Mầm non", 7), "Trường…");  // the space before the cut goes
}

TEST(HtmlSvg, HeatMapPrintsEveryShareAndLeavesEmptyCellsBlank) {
  std::string out;
  thidua::detail::svg::heat_grid(out, {.title = "t<1>",
                                       .columns = {"1", "2"},
                                       .rows = {"A", "B"},
                                       .values = {1.0, 0.0, 0.25, -1},
                                       .texts = {"100,0%", "", "25,0%", ""}});
  EXPECT_NE(out.find("aria-label=\"t&lt;1&gt;\""), std::string::npos);
  EXPECT_NE(out.find(">100,0%</text>"), std::string::npos);
  EXPECT_NE(out.find(">25,0%</text>"), std::string::npos);
  EXPECT_EQ(count(out, "fill=\"none\""), 1U);  // the empty cell
  EXPECT_NE(out.find("fill=\"#1e3a8a\""), std::string::npos);  // 100%: the darkest colour
}

TEST(HtmlSvg, DivergingBarsRunBothWaysFromTheCentre) {
  std::string out;
  thidua::detail::svg::diverging(out, {.title = "d",
                                       .left_caption = "trái",
                                       .right_caption = "phải",
                                       .rows = {{.label = "L", .low = -0.5, .low_text = "−5"},
                                                {.label = "R", .high = 1, .high_text = "+10", .high_open = true}}});
  EXPECT_NE(out.find(">−5</text>"), std::string::npos);
  EXPECT_NE(out.find(">+10</text>"), std::string::npos);
  EXPECT_EQ(count(out, "<path"), 1U);  // the open end's arrow
  std::string why;
  EXPECT_TRUE(balanced(out, why)) << why;
}

}  // namespace
