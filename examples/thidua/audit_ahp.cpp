// `thidua audit ahp`: weights and consistency from pairwise comparison matrices
// (docs/audit.md, AHP). Several matrices are several experts: their element-wise geometric
// mean is analysed (group AHP). `--write-scheme S.toml --to OUT.toml` writes the derived
// weights into a copy of a scheme.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "thidua/audit/ahp.hpp"
#include "thidua/io.hpp"

namespace po = boost::program_options;

namespace thidua::cli {

namespace {

std::string table_names() {
  std::string s;
  const auto& tables = audit::ri_tables();
  for (std::size_t k = 0; k < tables.size(); ++k)
    s += (k == 0 ? "" : k + 1 == tables.size() ? " or " : ", ") + tables[k].name;
  return s;
}

}  // namespace

int run_audit_ahp(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit ahp MATRIX.csv [MATRIX2.csv ...] [--ri saaty|saaty2008|alonso-lamata] [--format table|json|csv]\n"
      "                [--out PATH] [--write-scheme S.toml --to OUT.toml]\n\n"
      "AHP weights (principal eigenvector and geometric mean), λmax, CI, CR and the judgments that\n"
      "contribute most to the inconsistency, from a pairwise comparison matrix (CSV: cells such as\n"
      "3, 1/3, 0.5; optional label row and column). Several matrices: group AHP by their\n"
      "element-wise geometric mean. docs/audit.md, AHP.\nOptions");
  desc.add_options()
      ("matrix", po::value<std::vector<std::string>>()->value_name("FILE"), "pairwise comparison matrix (CSV or .xlsx); repeat for a group")
      ("ri", po::value<std::string>()->default_value("saaty")->value_name("TABLE"),
       ("random-index table: " + table_names()).c_str())
      ("threshold", po::value<double>()->default_value(0.10, "0.10")->value_name("CR"), "consistent when CR ≤ this")
      ("top", po::value<std::size_t>()->default_value(3)->value_name("N"), "how many inconsistent judgments to list")
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table, json or csv")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("write-scheme", po::value<std::string>()->value_name("S.toml"),
       "write the derived weights into a copy of this scheme (labels = its families, or one family's criteria)")
      ("to", po::value<std::string>()->value_name("OUT.toml"), "where --write-scheme writes the copy")
      ("geometric", "with --write-scheme: write the geometric-mean weights instead of the eigenvector's")
      ("help,h", "this help");
  po::positional_options_description positional;
  positional.add("matrix", -1);
  const auto vm = parse(args, desc, &positional);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  output_format format = output_format::table;
  const auto format_text = vm["format"].as<std::string>();
  if (!parse_output_format(format_text, format)) usage_error("--format " + format_text + ": expected table, json or csv");
  audit::ahp_options options;
  options.ri_table = vm["ri"].as<std::string>();
  if (!audit::find_ri_table(options.ri_table)) usage_error("--ri " + options.ri_table + ": expected " + table_names());
  options.threshold = vm["threshold"].as<double>();
  if (!(options.threshold > 0 && options.threshold < 1))
    usage_error(fmt::format("--threshold {}: expected a consistency ratio between 0 and 1 (Saaty: 0.10)", options.threshold));
  options.top_inconsistent = vm["top"].as<std::size_t>();
  if (!vm.count("matrix")) usage_missing("audit ahp", "a matrix file (thidua audit ahp MATRIX.csv)");
  if (vm.count("write-scheme") && !vm.count("to")) usage_missing("audit ahp --write-scheme", "--to OUT.toml");
  if (vm.count("to") && !vm.count("write-scheme")) usage_missing("audit ahp --to", "--write-scheme S.toml");
  if (vm.count("geometric") && !vm.count("write-scheme")) usage_error("--geometric: only with --write-scheme");

  // Every matrix is read before any problem is reported, so all of them are listed at once.
  const auto files = vm["matrix"].as<std::vector<std::string>>();
  diagnostics problems;
  std::vector<audit::pairwise_matrix> matrices;
  for (const auto& file : files)
    if (auto m = audit::load_pairwise(file, problems)) matrices.push_back(std::move(*m));
  if (!problems.empty()) throw input_error(std::move(problems));
  const audit::pairwise_matrix m = matrices.size() == 1 ? matrices.front() : audit::group_geometric_mean(matrices);
  const audit::ahp_result r = audit::ahp(m, options);

  if (vm.count("write-scheme")) {
    const auto& w = vm.count("geometric") ? r.weights_geometric : r.weights;
    const std::string to = vm["to"].as<std::string>();
    const std::string from = vm["write-scheme"].as<std::string>();
    const auto plan = audit::write_scheme_with_weights(from, m, w, to);
    // Relative paths in the copy ([members] scheme, [awards] include) are kept as written.
    const scheme original = load_scheme(from);
    bool relative_paths = original.member_scheme != nullptr;
    for (const auto& t : original.titles) relative_paths = relative_paths || !t.file.empty();
    if (relative_paths && std::filesystem::absolute(to).parent_path() != std::filesystem::absolute(from).parent_path())
      std::cerr << "thidua: lưu ý: " << to << " giữ nguyên các đường dẫn tương đối của " << from
                << " ([members] scheme, [awards] include): đặt bản sao cùng thư mục hoặc sửa các đường dẫn đó\n";
    std::string values;
    for (std::size_t k = 0; k < plan.ids.size(); ++k)
      values += (k ? ", " : "") + plan.ids[k] + " = " + plan.values[k].to_short_string();
    std::cerr << "thidua: đã ghi "
              << (plan.what == audit::scheme_weights::level::families ? "trọng số các nhóm tiêu chí"
                                                                      : "điểm tối đa các tiêu chí của " + plan.family)
              << " vào " << to << ": " << values << '\n';
  }
  if (vm.count("out")) {
    write_file_atomically(vm["out"].as<std::string>(), [&](std::ostream& out) { audit::write_ahp(out, r, format); });
  } else {
    audit::write_ahp(std::cout, r, format);
    std::cout.flush();
  }
  return 0;
}

}  // namespace thidua::cli
