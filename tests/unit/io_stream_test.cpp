// read_sheet_chunks: a score sheet read in pieces through a small rolling buffer must give
// exactly what load_sheet gives (same subjects, values, labels, flags and source lines, same
// messages in the same order), whatever the piece size, the buffer size and the thread
// count; a problem stops the pieces but not the reporting.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/csv_reader.hpp"
#include "io/csv_source.hpp"
#include "io_fixture.hpp"
#include "thidua/io.hpp"

namespace {

using thidua::decimal;
using thidua::errc;
using thidua::sheet;

// Five criteria, one of each input kind, bonus and deduction (as in io_test.cpp).
thidua::scheme test_scheme() { return thidua::testing::io_test_scheme(); }

const thidua::scheme& the_scheme() {
  static const thidua::scheme s = test_scheme();
  return s;
}

/// Sets the reader's thread count and buffer size for one scope.
class Settings {
 public:
  Settings(unsigned threads, std::size_t buffer_bytes, std::size_t chunk_bytes = 0, std::size_t min_bytes = 0)
      : parallel_(thidua::detail::csv_parallel_settings()), stream_(thidua::detail::csv_stream_settings()) {
    thidua::detail::csv_parallel_settings() = {.min_bytes = min_bytes, .threads = threads};
    thidua::detail::csv_stream_settings() = {.buffer_bytes = buffer_bytes, .chunk_bytes = chunk_bytes};
  }
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;
  ~Settings() {
    thidua::detail::csv_parallel_settings() = parallel_;
    thidua::detail::csv_stream_settings() = stream_;
  }

 private:
  thidua::detail::csv_parallelism parallel_;
  thidua::detail::csv_streaming stream_;
};

/// One subject, whatever sheet it came from.
struct flat_row {
  std::string id, name, group;
  std::vector<sheet::value_type> values;
  decimal bonus, deduction;
  std::uint64_t flags = 0;
  std::uint32_t line = 0;
  bool operator==(const flat_row&) const = default;
};

void append_rows(const sheet& sh, std::vector<flat_row>& out) {
  for (std::size_t r = 0; r < sh.size(); ++r) {
    const auto v = sh.values(r);
    out.push_back({std::string(sh.id(r)), std::string(sh.name(r)), std::string(sh.group(r)), {v.begin(), v.end()},
                   sh.bonus(r), sh.deduction(r), sh.flags(r), sh.source_line(r)});
  }
}

std::vector<std::string> messages(const thidua::diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.items()) out.push_back(x.to_string());
  return out;
}

/// What load_sheet gives.
struct whole_result {
  bool ok = false;
  std::vector<flat_row> rows;
  std::vector<std::string> flags, messages;
};

whole_result load_whole(const std::filesystem::path& file) {
  Settings serial(1, std::size_t{8} << 20, 0, std::size_t{4} << 20);
  thidua::diagnostics d;
  const auto sh = thidua::load_sheet(the_scheme(), file, d);
  whole_result r;
  r.ok = sh.has_value();
  if (sh) {
    append_rows(*sh, r.rows);
    r.flags = sh->flag_names();
  }
  r.messages = messages(d);
  return r;
}

/// What read_sheet_chunks gives, with every piece checked on the way.
struct chunked_result {
  bool ok = false;
  std::vector<flat_row> rows;
  std::vector<std::size_t> sizes;
  std::vector<std::string> messages;
};

chunked_result load_chunks(const std::filesystem::path& file, std::size_t chunk_rows,
                           const std::vector<std::string>* flags) {
  chunked_result r;
  thidua::diagnostics d;
  r.ok = thidua::read_sheet_chunks(the_scheme(), file, d, {}, chunk_rows, [&](sheet&& piece) {
    EXPECT_EQ(piece.file, file.string());
    EXPECT_EQ(piece.criteria_count(), the_scheme().criteria.size());
    if (flags != nullptr) {
      EXPECT_EQ(piece.flag_names(), *flags);
    }
    EXPECT_LE(piece.size(), chunk_rows);
    r.sizes.push_back(piece.size());
    append_rows(piece, r.rows);
  });
  r.messages = messages(d);
  return r;
}

/// Every piece but the last is full; the last is not empty unless it is the only one.
void expect_full_pieces(const std::vector<std::size_t>& sizes, std::size_t chunk_rows, std::size_t total) {
  ASSERT_FALSE(sizes.empty());
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) EXPECT_EQ(sizes[i], chunk_rows) << i;
  if (sizes.size() > 1) {
    EXPECT_GT(sizes.back(), 0U);
  }
  EXPECT_EQ(sizes.size(), total == 0 ? 1 : (total + chunk_rows - 1) / chunk_rows);
}

class IoStream : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("thidua_io_stream_test_{}_{}", ::testing::UnitTest::GetInstance()->random_seed(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, std::string_view content) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  /// read_sheet_chunks equals load_sheet for every piece size, buffer size and thread
  /// count tried. Returns load_sheet's result.
  whole_result expect_same_as_load_sheet(const std::filesystem::path& file,
                                         std::vector<std::size_t> buffers = {16, 100, 4096, std::size_t{8} << 20},
                                         std::vector<unsigned> threads = {1, 2, 3}) {
    const auto whole = load_whole(file);
    for (const auto buffer : buffers) {
      for (const auto t : threads) {
        // Threads decode the text by chunks: of 50 bytes (a row or so each), or as chosen.
        Settings settings(t, buffer, t > 1 && buffer > 1000 ? 50 : 0);
        for (const std::size_t chunk_rows : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
          SCOPED_TRACE(fmt::format("buffer {} threads {} chunk_rows {}", buffer, t, chunk_rows));
          const auto chunks = load_chunks(file, chunk_rows, whole.ok ? &whole.flags : nullptr);
          EXPECT_EQ(chunks.ok, whole.ok);
          EXPECT_EQ(chunks.messages, whole.messages);
          if (whole.ok) {
            EXPECT_TRUE(chunks.rows == whole.rows);
            expect_full_pieces(chunks.sizes, chunk_rows, whole.rows.size());
          }
        }
      }
    }
    return whole;
  }

  std::filesystem::path dir_;
};

// The awkward parts of real files: BOM, CRLF, LF and lone CR mixed, quoted names spanning
// lines with "" escapes, NFD names and ids, N/A, empty cells, blank lines, decimal commas in
// quotes, flags, bonus and deduction, trailing spaces.
std::string awkward_sheet(int rows, bool quotes = true) {
  std::string csv = "\xEF\xBB\xBFid,name,group,CM1,CM2,CM3,DV1,DV2,bonus,deduction,flag:ky_luat,flag:khen\r\n";
  const char* ends[] = {"\r\n", "\n", "\r\n", "\r"};
  for (int i = 0; i < rows; ++i) {
    std::string name;
    if (quotes && i % 5 == 1)
      name = fmt::format("\"Trường \"\"Số {}\"\"\r\nphân hiệu {}\"", i, i % 3);
    else if (quotes && i % 5 == 3)
      name = fmt::format("\"Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng {},\nxã\"", i);
    else if (i % 3 == 0)
      name = fmt::format("Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng {}", i);  // NFD
    else
      name = fmt::format("Trường {} ", i);
    const std::string id = i % 11 == 4 ? fmt::format("Ho\xCC\x9B\xCC\x80ng{}", i) : fmt::format("S{:05}", i);
    const std::string deduction = quotes ? "\"0,5\"" : "0.5";
    const std::string dv2 = quotes && i % 13 == 0 ? "\"7,5\"" : i % 11 ? std::to_string(i % 10) : "N/A";
    csv += fmt::format("{},{},Khối {},{},{},{},{}.5,{},{},{},{},{}{}", id, name, i % 7, i % 101, i % 5,
                       i % 2 ? "có" : "0", i % 15, dv2, i % 4 ? "" : "1.25", i % 6 ? "" : deduction, i % 9 ? "" : "x",
                       i % 4 == 1 ? "1" : "", ends[i % 4]);
    if (i % 97 == 0) csv += "\n";
  }
  return csv;
}

TEST_F(IoStream, PiecesConcatenateToLoadSheet) {
  const auto file = write("awkward.csv", awkward_sheet(600));
  const auto whole = expect_same_as_load_sheet(file);
  ASSERT_TRUE(whole.ok) << (whole.messages.empty() ? "" : whole.messages.front());
  ASSERT_EQ(whole.rows.size(), 600U);
  EXPECT_EQ(whole.rows[1].name, "Trường \"Số 1\"\r\nphân hiệu 1");
  EXPECT_EQ(whole.rows[3].name, "Trường 3,\nxã");  // NFC
  EXPECT_EQ(whole.rows[4].id, "Hờng4");
  EXPECT_EQ(whole.flags, (std::vector<std::string>{"ky_luat", "khen"}));
}

TEST_F(IoStream, ParallelPathGivesTheSamePieces) {
  // No quotes: every buffer goes to the threads (min_bytes 0).
  const auto file = write("plain.csv", awkward_sheet(3000, false));
  const auto whole = expect_same_as_load_sheet(file, {64, 1000, 20000, std::size_t{8} << 20}, {1, 2, 4});
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.rows.size(), 3000U);
}

TEST_F(IoStream, LoadSheetSameWithManySmallChunks) {
  // load_sheet's own parallel path, with the threads' chunks far smaller than the file.
  auto csv = awkward_sheet(2000, false);
  const auto file = write("plain.csv", csv);
  const auto whole = load_whole(file);
  ASSERT_TRUE(whole.ok);
  csv.replace(csv.find("S01501,"), 6, "S00009");  // a duplicate late in the file
  const auto bad = write("bad.csv", csv);
  const auto whole_bad = load_whole(bad);
  ASSERT_FALSE(whole_bad.ok);
  ASSERT_EQ(whole_bad.messages.size(), 1U);
  for (const unsigned threads : {2U, 4U}) {
    for (const std::size_t chunk_bytes : {std::size_t{1}, std::size_t{777}, std::size_t{0}}) {
      SCOPED_TRACE(fmt::format("threads {} chunk_bytes {}", threads, chunk_bytes));
      Settings settings(threads, std::size_t{8} << 20, chunk_bytes);
      thidua::diagnostics d;
      const auto sh = thidua::load_sheet(the_scheme(), file, d);
      ASSERT_TRUE(sh.has_value());
      std::vector<flat_row> rows;
      append_rows(*sh, rows);
      EXPECT_TRUE(rows == whole.rows);
      thidua::diagnostics d_bad;
      EXPECT_FALSE(thidua::load_sheet(the_scheme(), bad, d_bad).has_value());
      EXPECT_EQ(messages(d_bad), whole_bad.messages);
    }
  }
}

TEST_F(IoStream, QuotesOnlyAtTheStartThenParallel) {
  // The first buffers hold quotes (read on one thread), the later ones do not.
  auto csv = awkward_sheet(40);
  const auto plain = awkward_sheet(2000, false);
  const auto body = plain.substr(plain.find('\n') + 1);
  std::string renamed;  // other ids, so that none repeats
  for (std::size_t p = 0; p < body.size();) {
    const auto e = body.find_first_of("\r\n", p);
    const auto line = body.substr(p, e - p);
    if (!line.empty()) renamed += "T" + line;
    renamed += body[e];
    p = e + 1;
  }
  csv += renamed;
  const auto file = write("mixed.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {256, 5000}, {1, 2});
  ASSERT_TRUE(whole.ok) << (whole.messages.empty() ? "" : whole.messages.front());
  EXPECT_EQ(whole.rows.size(), 2040U);
}

TEST_F(IoStream, EveryBufferBoundary) {
  // Every buffer size from 4 bytes up, so that a window ends at every byte of the file once:
  // between the CR and LF of a CRLF, inside quotes, "" escapes and UTF-8 sequences.
  for (const bool quotes : {true, false}) {
    const auto file = write(quotes ? "quoted.csv" : "plain.csv", awkward_sheet(9, quotes));
    const auto whole = load_whole(file);
    ASSERT_TRUE(whole.ok);
    ASSERT_EQ(whole.rows.size(), 9U);
    const auto size = std::filesystem::file_size(file);
    for (std::size_t buffer = 4; buffer <= size + 1; ++buffer) {
      for (const unsigned threads : {1U, 2U}) {
        Settings settings(threads, buffer, threads > 1 ? 30 : 0);
        for (const std::size_t chunk_rows : {std::size_t{2}, std::size_t{100}}) {
          SCOPED_TRACE(
              fmt::format("quotes {} buffer {} threads {} chunk_rows {}", quotes, buffer, threads, chunk_rows));
          const auto chunks = load_chunks(file, chunk_rows, &whole.flags);
          ASSERT_TRUE(chunks.ok) << (chunks.messages.empty() ? "" : chunks.messages.front());
          ASSERT_TRUE(chunks.rows == whole.rows);
        }
      }
    }
  }
}

TEST_F(IoStream, RowLongerThanTheBuffer) {
  std::string csv = "id,name,CM1,CM2,CM3,DV1,DV2\n";
  for (int i = 0; i < 30; ++i)
    csv += fmt::format("S{},\"{}\n{}\",1,2,1,3,4\n", i, std::string(static_cast<std::size_t>(i) * 300, 'a'), i);
  const auto file = write("long-rows.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {16, 512}, {1, 2});
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.rows[29].name.size(), 29U * 300U + 3U);
}

TEST_F(IoStream, HeaderLongerThanTheBufferAndSepLine) {
  std::string csv = "\n  \nsep=;\nid;name;" + std::string(200, ' ') + "CM1;CM2;CM3;DV1;DV2\n";
  for (int i = 0; i < 50; ++i) csv += fmt::format("S{};Tên {};1;2;1;3,25;4\n", i, i);
  const auto file = write("sep.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {8, 64}, {1, 2});
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.rows.front().line, 5U);
}

TEST_F(IoStream, NoFinalLineEnd) {
  const auto file = write("no-end.csv", "id,CM1,CM2,CM3,DV1,DV2\r\nA,1,2,1,3,4\r\nB,1,2,1,3,4");
  const auto whole = expect_same_as_load_sheet(file, {8, 16, 4096});
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.rows.size(), 2U);
}

TEST_F(IoStream, DuplicateIdInAnotherPiece) {
  std::string csv = "id,name,CM1,CM2,CM3,DV1,DV2\n";
  for (int i = 0; i < 40; ++i) csv += fmt::format("S{},Tên {},1,2,1,3,4\n", i, i);
  csv += "S3,Lặp,1,2,1,3,4\n";  // line 42; S3 is on line 5
  for (int i = 40; i < 60; ++i) csv += fmt::format("S{},Tên {},1,2,1,3,4\n", i, i);
  const auto file = write("dup.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {32, 4096}, {1, 2});
  EXPECT_FALSE(whole.ok);

  Settings settings(1, 64);
  thidua::diagnostics d;
  std::size_t calls = 0, rows = 0;
  EXPECT_FALSE(thidua::read_sheet_chunks(the_scheme(), file, d, {}, 7, [&](sheet&& piece) {
    ++calls;
    rows += piece.size();
  }));
  EXPECT_EQ(calls, 5U);  // 35 subjects given before line 42
  EXPECT_EQ(rows, 35U);
  ASSERT_EQ(d.count(), 1U);
  const auto& x = d.items().front();
  EXPECT_EQ(x.code, errc::duplicate_subject);
  EXPECT_EQ(x.where.file, file.string());
  EXPECT_EQ(x.where.line, 42U);
  EXPECT_EQ(x.where.column, 1U);
  EXPECT_NE(x.message.find("subject id S3 appears twice (first on line 5)"), std::string::npos) << x.message;
}

TEST_F(IoStream, ProblemInALaterPieceStopsThePiecesButNotTheReport) {
  std::string csv = "id,name,CM1,CM2,CM3,DV1,DV2\n";
  for (int i = 0; i < 100; ++i) {
    if (i == 30)
      csv += "S30,Ba mươi,101,2,1,3,4\n";  // line 32: CM1 above 100
    else if (i == 70)
      csv += "S70,Bảy mươi,1,2,1,3\n";  // line 72: ragged
    else if (i == 90)
      csv += "S5,Lặp,1,2,1,3,4\n";  // line 92: S5 again
    else
      csv += fmt::format("S{},Tên {},1,2,1,3,4\n", i, i);
  }
  const auto file = write("later.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {48, 4096}, {1, 2});
  EXPECT_FALSE(whole.ok);
  ASSERT_EQ(whole.messages.size(), 3U);

  for (unsigned threads : {1U, 2U}) {
    Settings settings(threads, 64, 20);
    thidua::diagnostics d;
    std::vector<std::uint32_t> lines;
    EXPECT_FALSE(thidua::read_sheet_chunks(the_scheme(), file, d, {}, 10, [&](sheet&& piece) {
      for (std::size_t r = 0; r < piece.size(); ++r) lines.push_back(piece.source_line(r));
    }));
    ASSERT_EQ(lines.size(), 30U);  // the pieces before line 32 only
    EXPECT_EQ(lines.back(), 31U);
    std::vector<std::pair<errc, std::uint32_t>> seen;
    for (const auto& x : d.items()) seen.emplace_back(x.code, x.where.line);
    const std::vector<std::pair<errc, std::uint32_t>> expected = {
        {errc::exceeds_maximum, 32}, {errc::ragged_row, 72}, {errc::duplicate_subject, 92}};
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(messages(d), whole.messages);
  }
}

TEST_F(IoStream, ProblemsInManyBuffersSameMessagesOnAnyThreadCount) {
  auto csv = awkward_sheet(3000, false);
  csv += "S00005,Lặp,K,1,1,1,1,1,,,,\n";
  csv.replace(csv.find("S00010,"), 6, "S00009");
  csv.replace(csv.find("S02500,"), 6, "");  // an empty id late in the file
  const auto row = csv.find("S01200,");  // DV1 = 99
  csv.replace(row, csv.find_first_of("\r\n", row) - row, "S01200,Tên,K,1,1,1,99,1,,,,");
  const auto file = write("many.csv", csv);
  const auto whole = expect_same_as_load_sheet(file, {300, 20000}, {1, 2, 4});
  EXPECT_FALSE(whole.ok);
  ASSERT_EQ(whole.messages.size(), 4U);
  EXPECT_NE(whole.messages[0].find(":13:1: subject id S00009 appears twice (first on line 12)"), std::string::npos)
      << whole.messages[0];
  EXPECT_NE(whole.messages[1].find("DV1 = 99"), std::string::npos) << whole.messages[1];
  EXPECT_NE(whole.messages[2].find("the row has no subject id"), std::string::npos) << whole.messages[2];
  EXPECT_NE(whole.messages[3].find("subject id S00005 appears twice"), std::string::npos) << whole.messages[3];
}

TEST_F(IoStream, UnterminatedQuoteIsReportedAsByLoadSheet) {
  const auto file =
      write("quote.csv", "id,name,CM1,CM2,CM3,DV1,DV2\nA,An,1,1,1,1,1\nB,\"Bình,1,1,1,1,1\nC,x,1,1,1,1,1\n");
  const auto whole = expect_same_as_load_sheet(file, {8, 32, 4096});
  EXPECT_FALSE(whole.ok);
  ASSERT_EQ(whole.messages.size(), 1U);
  EXPECT_NE(whole.messages.front().find("quote.csv:3:2:"), std::string::npos) << whole.messages.front();
}

TEST_F(IoStream, LongLayoutIsOnePiece) {
  std::string csv = "id,name,group,criterion,value,assessor\n";
  for (int i = 0; i < 50; ++i) {
    csv += fmt::format("L{},Tên {},K{},DV1,{}.25,hội đồng\n", i, i, i % 3, i % 15);
    csv += fmt::format("L{},,,flag:ky_luat,{},\n", i, i % 2 ? "x" : "0");
    csv += fmt::format("L{},,,CM1,\"9{}\",tự chấm\n", i, i % 10);
  }
  const auto file = write("long.csv", csv);
  const auto whole = load_whole(file);
  ASSERT_TRUE(whole.ok);
  ASSERT_EQ(whole.rows.size(), 50U);
  for (const std::size_t buffer : {std::size_t{16}, std::size_t{8} << 20}) {
    Settings settings(2, buffer);
    for (const std::size_t chunk_rows : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      thidua::diagnostics d;
      std::vector<std::size_t> sizes;
      std::vector<flat_row> rows;
      EXPECT_TRUE(thidua::read_sheet_chunks(the_scheme(), file, d, {}, chunk_rows, [&](sheet&& piece) {
        EXPECT_EQ(piece.flag_names(), whole.flags);
        sizes.push_back(piece.size());
        append_rows(piece, rows);
      }));
      EXPECT_EQ(sizes, std::vector<std::size_t>{50});
      EXPECT_TRUE(rows == whole.rows);
    }
  }
}

TEST_F(IoStream, LongLayoutProblemsGiveNoPiece) {
  const auto file = write("long-bad.csv", "id,criterion,value\nA,DV1,1\nA,DV2,2\nA,DV1,3\n");
  const auto whole = expect_same_as_load_sheet(file, {8, 4096});
  EXPECT_FALSE(whole.ok);
  ASSERT_EQ(whole.messages.size(), 1U);
  EXPECT_NE(whole.messages.front().find("subject A has DV1 twice"), std::string::npos);
}

TEST_F(IoStream, HeaderOnlyGivesOneEmptyPiece) {
  const auto file = write("header.csv", "id,CM1,CM2,CM3,DV1,DV2,flag:ky_luat\n\n");
  thidua::diagnostics d;
  std::vector<std::size_t> sizes;
  EXPECT_TRUE(thidua::read_sheet_chunks(the_scheme(), file, d, {}, 10, [&](sheet&& piece) {
    EXPECT_EQ(piece.flag_names(), std::vector<std::string>{"ky_luat"});
    sizes.push_back(piece.size());
  }));
  EXPECT_EQ(sizes, std::vector<std::size_t>{0});
}

TEST_F(IoStream, HeaderProblemsGiveNoPiece) {
  const auto file = write("bad-header.csv", "id,CM1,CM2,CM3,DV1,DV9\nA,1,1,1,1,1\n");
  const auto whole = expect_same_as_load_sheet(file, {8, 4096});
  EXPECT_FALSE(whole.ok);
  EXPECT_EQ(whole.messages.size(), 2U);  // DV9 unknown, DV2 missing
}

TEST_F(IoStream, EmptyAndMissingFiles) {
  thidua::diagnostics d;
  bool called = false;
  auto consume = [&](sheet&&) { called = true; };
  EXPECT_FALSE(thidua::read_sheet_chunks(the_scheme(), write("empty.csv", ""), d, {}, 10, consume));
  ASSERT_EQ(d.count(), 1U);
  EXPECT_EQ(d.items().front().code, errc::empty_file);

  thidua::diagnostics missing;
  EXPECT_FALSE(thidua::read_sheet_chunks(the_scheme(), dir_ / "nope.csv", missing, {}, 10, consume));
  ASSERT_EQ(missing.count(), 1U);
  EXPECT_EQ(missing.items().front().code, errc::cannot_open);

  thidua::diagnostics folder;
  EXPECT_FALSE(thidua::read_sheet_chunks(the_scheme(), dir_, folder, {}, 10, consume));
  ASSERT_EQ(folder.count(), 1U);
  EXPECT_EQ(folder.items().front().code, errc::cannot_open);
  EXPECT_FALSE(called);

  EXPECT_THROW((void)thidua::read_sheet_chunks(the_scheme(), write("a.csv", "id\n"), d, {}, 0, consume),
               std::invalid_argument);
}

TEST_F(IoStream, ConsumerMayKeepThePieces) {
  const auto file = write("keep.csv", awkward_sheet(100));
  const auto whole = load_whole(file);
  ASSERT_TRUE(whole.ok);
  Settings settings(2, 128, 20);
  std::vector<sheet> kept;
  thidua::diagnostics d;
  ASSERT_TRUE(thidua::read_sheet_chunks(the_scheme(), file, d, {}, 16,
                                        [&](sheet&& piece) { kept.push_back(std::move(piece)); }));
  std::vector<flat_row> rows;
  for (const auto& piece : kept) {
    append_rows(piece, rows);
    EXPECT_EQ(piece.find(piece.id(0)), 0);
  }
  EXPECT_TRUE(rows == whole.rows);
}

}  // namespace
