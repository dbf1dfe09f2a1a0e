// The blank score sheet as CSV: the header row thidua's wide reader expects, nothing else
// (the .xlsx template, lib/writers/xlsx_writer.cpp, adds names, maxima and validation).
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "thidua/report.hpp"

namespace thidua {

void write_csv_template(std::ostream& out, const scheme& s) {
  out << "\xEF\xBB\xBF" << "id,name,group";  // BOM: Excel then reads the file as UTF-8
  for (const auto& c : s.criteria) out << ',' << c.id;
  if (s.bonus_max) out << ",bonus";
  if (s.deduction_max) out << ",deduction";
  // One column per veto flag, each once (two vetoes may read the same flag).
  std::vector<std::string> flags;
  for (const auto& v : s.vetoes) {
    const std::string& flag = v.flag.empty() ? v.id : v.flag;
    if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
  }
  for (const auto& f : flags) out << ",flag:" << f;
  out << "\r\n";
}

}  // namespace thidua
