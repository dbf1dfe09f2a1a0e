// The condition language: lexer, recursive-descent parser, canonical printer, title
// references and evaluation. Grammar and messages: docs/conditions.md.
#include "awards/condition.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace thidua::detail {

std::string_view to_string(cmp_op op) noexcept {
  switch (op) {
    case cmp_op::eq: return "=";
    case cmp_op::ne: return "!=";
    case cmp_op::ge: return ">=";
    case cmp_op::gt: return ">";
    case cmp_op::le: return "<=";
    case cmp_op::lt: return "<";
  }
  return "?";
}

bool operator==(const condition& a, const condition& b) noexcept {
  return a.k == b.k && a.op == b.op && a.name == b.name && a.number == b.number &&
         a.years == b.years && a.children == b.children;
}

namespace {

// ---------------------------------------------------------------------------------------
// Lexer

enum class tok { word, colon, comma, lparen, rparen, op, end };

struct token {
  tok kind = tok::end;
  std::string_view text;
  std::size_t column = 0;  // 1-based, in code points
  cmp_op op = cmp_op::eq;
};

bool is_word_byte(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c >= 0x80;
}

struct lex_result {
  std::vector<token> tokens;
  std::optional<condition_error> error;
};

lex_result lex(std::string_view s) {
  lex_result out;
  std::size_t i = 0, column = 1;
  // Advances over `n` bytes, counting code points (continuation bytes 10xxxxxx don't count).
  auto advance = [&](std::size_t n) {
    for (std::size_t e = i + n; i < e; ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) ++column;
    }
  };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') {
      advance(1);
      continue;
    }
    token t;
    t.column = column;
    std::size_t len = 1;
    if (is_word_byte(c)) {
      t.kind = tok::word;
      while (i + len < s.size() && is_word_byte(static_cast<unsigned char>(s[i + len]))) ++len;
    } else if (c == ':') {
      t.kind = tok::colon;
    } else if (c == ',') {
      t.kind = tok::comma;
    } else if (c == '(') {
      t.kind = tok::lparen;
    } else if (c == ')') {
      t.kind = tok::rparen;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      const bool eq_next = i + 1 < s.size() && s[i + 1] == '=';
      t.kind = tok::op;
      if (c == '=') {
        t.op = cmp_op::eq;
      } else if (c == '!') {
        if (!eq_next) {
          out.error = condition_error{column, "unexpected character '!': did you mean '!='?"};
          return out;
        }
        t.op = cmp_op::ne;
        len = 2;
      } else if (c == '<') {
        t.op = eq_next ? cmp_op::le : cmp_op::lt;
        len = eq_next ? 2 : 1;
      } else {
        t.op = eq_next ? cmp_op::ge : cmp_op::gt;
        len = eq_next ? 2 : 1;
      }
    } else {
      // Show the whole code point of a non-ASCII character (is_word_byte takes them all, so
      // this is ASCII only).
      out.error = condition_error{column, "unexpected character '" + std::string(1, static_cast<char>(c)) + "'"};
      return out;
    }
    t.text = s.substr(i, len);
    advance(len);
    out.tokens.push_back(t);
  }
  token end;
  end.kind = tok::end;
  end.column = column;
  out.tokens.push_back(end);
  return out;
}

// ---------------------------------------------------------------------------------------
// Parser

struct syntax_error {
  condition_error e;
};

std::string describe(const token& t) {
  if (t.kind == tok::end) return "the end of the condition";
  return "'" + std::string(t.text) + "'";
}

class parser {
 public:
  explicit parser(std::vector<token> tokens) : toks_(std::move(tokens)) {}

  // Parses the whole input; the first error wins and stops parsing.
  std::optional<condition> parse_all() {
    auto c = parse_or();
    if (failed()) return std::nullopt;
    if (peek().kind != tok::end) {
      const token& t = peek();
      if (t.kind == tok::rparen) return fail(t, "unbalanced ')': no '(' to close");
      return fail(t, "expected 'and', 'or' or the end of the condition, found " + describe(t));
    }
    return c;
  }

  const condition_error& error() const noexcept { return *error_; }

 private:
  std::vector<token> toks_;
  std::size_t pos_ = 0;
  std::optional<condition_error> error_;

  bool failed() const noexcept { return error_.has_value(); }
  const token& peek(std::size_t ahead = 0) const {
    const std::size_t p = pos_ + ahead;
    return p < toks_.size() ? toks_[p] : toks_.back();
  }
  const token& next() {
    const token& t = peek();
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool is_word(const token& t, std::string_view w) const { return t.kind == tok::word && t.text == w; }

  std::nullopt_t fail(const token& at, std::string message) {
    if (!error_) error_ = condition_error{at.column, std::move(message)};
    return std::nullopt;
  }
  std::nullopt_t expected(std::string what, std::string_view after, const token& found) {
    return fail(found, "expected " + std::move(what) + " after '" + std::string(after) + "', found " +
                           describe(found));
  }

  std::optional<condition> parse_or() {
    auto first = parse_and();
    if (!first) return std::nullopt;
    if (!is_word(peek(), "or")) return first;
    condition node;
    node.k = condition::kind::disjunction;
    node.column = first->column;
    node.children.push_back(std::move(*first));
    while (is_word(peek(), "or")) {
      next();
      auto rhs = parse_and();
      if (!rhs) return std::nullopt;
      node.children.push_back(std::move(*rhs));
    }
    return node;
  }

  std::optional<condition> parse_and() {
    auto first = parse_unary();
    if (!first) return std::nullopt;
    if (!is_word(peek(), "and")) return first;
    condition node;
    node.k = condition::kind::conjunction;
    node.column = first->column;
    node.children.push_back(std::move(*first));
    while (is_word(peek(), "and")) {
      next();
      auto rhs = parse_unary();
      if (!rhs) return std::nullopt;
      node.children.push_back(std::move(*rhs));
    }
    return node;
  }

  std::optional<condition> parse_unary() {
    if (is_word(peek(), "not")) {
      const token& t = next();
      condition node;
      node.k = condition::kind::negation;
      node.column = t.column;
      if (peek().kind == tok::end) return expected("a condition", "not", peek());
      auto inner = parse_unary();
      if (!inner) return std::nullopt;
      node.children.push_back(std::move(*inner));
      return node;
    }
    return parse_primary();
  }

  std::optional<condition> parse_primary() {
    const token& t = peek();
    if (t.kind == tok::lparen) {
      next();
      auto inner = parse_or();
      if (!inner) return std::nullopt;
      if (peek().kind != tok::rparen) {
        return fail(peek(), "expected ')' to close the '(' at column " + std::to_string(t.column) +
                                ", found " + describe(peek()));
      }
      next();
      return inner;
    }
    if (t.kind != tok::word || t.text == "and" || t.text == "or") {
      if (t.kind == tok::rparen) return fail(t, "unbalanced ')': no '(' to close");
      return fail(t, "expected a condition, found " + describe(t));
    }
    const token& after = peek(1);
    if (after.kind == tok::lparen) return parse_function();
    if (t.text == "class") return parse_class();
    if (t.text == "total") {
      condition node;
      node.k = condition::kind::total_cmp;
      node.column = next().column;
      if (!parse_op_number(node, "total")) return std::nullopt;
      return node;
    }
    if (after.kind == tok::colon) return parse_prefixed();
    if (!valid_identifier(t.text)) return fail(t, "expected a condition, found " + describe(t));
    // A numeric field: days_absent < 40.
    condition node;
    node.k = condition::kind::field_cmp;
    node.column = node.name_column = next().column;
    node.name = std::string(t.text);
    if (!parse_op_number(node, t.text)) return std::nullopt;
    return node;
  }

  static bool valid_identifier(std::string_view w) noexcept {
    return !w.empty() && w.find('.') == std::string_view::npos;
  }

  // Reads an identifier after `after` (a keyword, ':' or an operator) into node.name.
  bool parse_identifier(condition& node, std::string what, std::string_view after) {
    const token& t = peek();
    if (t.kind != tok::word) return (expected(std::move(what), after, t), false);
    if (!valid_identifier(t.text)) {
      return (fail(t, "'.' is not allowed in " + what + ", found " + describe(t)), false);
    }
    node.name = std::string(t.text);
    node.name_column = t.column;
    next();
    return true;
  }

  bool parse_op(condition& node, std::string_view after) {
    const token& t = peek();
    if (t.kind != tok::op) return (expected("a comparison operator", after, t), false);
    node.op = t.op;
    next();
    return true;
  }

  bool parse_number(decimal& out, std::string_view after) {
    const token& t = peek();
    if (t.kind != tok::word) return (expected("a number", after, t), false);
    const auto r = decimal::parse(t.text);
    if (r.status == decimal::parse_status::too_many_decimals) {
      return (fail(t, "too many decimals in " + describe(t) + ": at most 4"), false);
    }
    if (r.status == decimal::parse_status::out_of_range) {
      return (fail(t, "number out of range: " + describe(t)), false);
    }
    if (r.status != decimal::parse_status::ok) return (expected("a number", after, t), false);
    out = r.value;
    next();
    return true;
  }

  bool parse_op_number(condition& node, std::string_view after) {
    if (!parse_op(node, after)) return false;
    return parse_number(node.number, to_string(node.op));
  }

  std::optional<condition> parse_class() {
    condition node;
    node.k = condition::kind::class_cmp;
    node.column = next().column;
    if (!parse_op(node, "class")) return std::nullopt;
    if (!parse_identifier(node, "a class id", to_string(node.op))) return std::nullopt;
    return node;
  }

  // flag:X, title:X, family:X OP N, criterion:X OP N.
  std::optional<condition> parse_prefixed() {
    const token& t = next();
    next();  // ':'
    const std::string prefix = std::string(t.text) + ":";
    condition node;
    node.column = t.column;
    if (t.text == "flag") {
      node.k = condition::kind::flag;
      if (!parse_identifier(node, "a flag name", prefix)) return std::nullopt;
      return node;
    }
    if (t.text == "title") {
      node.k = condition::kind::title;
      if (!parse_identifier(node, "a title id", prefix)) return std::nullopt;
      return node;
    }
    if (t.text == "family" || t.text == "criterion") {
      node.k = t.text == "family" ? condition::kind::family_cmp : condition::kind::criterion_cmp;
      if (!parse_identifier(node, t.text == "family" ? "a family id" : "a criterion id", prefix)) {
        return std::nullopt;
      }
      if (!parse_op_number(node, prefix + node.name)) return std::nullopt;
      return node;
    }
    return fail(t, "unknown prefix '" + prefix + "': expected flag:, title:, family: or criterion:");
  }

  // share(...), count(...), none(...), all(...), streak(...).
  std::optional<condition> parse_function() {
    const token& name = next();
    next();  // '('
    const std::string fn(name.text);
    condition node;
    node.column = name.column;
    if (fn == "streak") return parse_streak(node, fn);
    if (fn == "share") {
      node.k = condition::kind::share;
    } else if (fn == "count") {
      node.k = condition::kind::count;
    } else if (fn == "none") {
      node.k = condition::kind::none;
    } else if (fn == "all") {
      node.k = condition::kind::all;
    } else {
      return fail(name, "unknown function '" + fn + "': expected share, count, none, all or streak");
    }
    if (!is_word(peek(), "members")) return expected("'members'", fn + "(", peek());
    next();
    if (peek().kind != tok::comma) return expected("','", "members", peek());
    next();
    if (peek().kind == tok::rparen || peek().kind == tok::end) {
      return expected("a condition on the members", ",", peek());
    }
    auto inner = parse_or();
    if (!inner) return std::nullopt;
    if (peek().kind != tok::rparen) {
      return fail(peek(), "expected ')' to close " + fn + "(, found " + describe(peek()));
    }
    next();
    node.children.push_back(std::move(*inner));
    if (node.k == condition::kind::share || node.k == condition::kind::count) {
      if (!parse_op_number(node, fn + "(...)")) return std::nullopt;
      if (node.k == condition::kind::count && node.number.units() % decimal::units_per_point != 0) {
        // Not an error of meaning (count > 1.5 is count >= 2), but almost surely a typo.
        return fail(toks_[pos_ - 1], "expected a whole number after " + std::string(to_string(node.op)) +
                                         " (a count of members), found " + describe(toks_[pos_ - 1]));
      }
    }
    return node;
  }

  std::optional<condition> parse_streak(condition& node, const std::string& fn) {
    node.k = condition::kind::streak;
    if (!(is_word(peek(), "title") && peek(1).kind == tok::colon)) {
      return expected("'title:'", fn + "(", peek());
    }
    next();
    next();
    if (!parse_identifier(node, "a title id", "title:")) return std::nullopt;
    if (peek().kind != tok::comma) {
      return fail(peek(), "expected ',' and a number of years after 'title:" + node.name + "', found " +
                              describe(peek()));
    }
    next();
    const token& n = peek();
    decimal years;
    if (n.kind != tok::word || decimal::parse(n.text).status != decimal::parse_status::ok) {
      return expected("a number of years", ",", n);
    }
    years = decimal::parse(n.text).value;
    if (years.units() <= 0 || years.units() % decimal::units_per_point != 0) {
      return fail(n, "expected a whole number of years (1 or more), found " + describe(n));
    }
    node.years = static_cast<std::size_t>(years.units() / decimal::units_per_point);
    next();
    if (peek().kind != tok::rparen) {
      return fail(peek(), "expected ')' to close streak(, found " + describe(peek()));
    }
    next();
    return node;
  }
};

// ---------------------------------------------------------------------------------------
// Printing

bool is_junction(const condition& c) noexcept {
  return c.k == condition::kind::conjunction || c.k == condition::kind::disjunction;
}

void print(const condition& c, std::string& out);

// Operands of not/and/or that are themselves and/or are parenthesised, except an `and` under
// an `or` (and binds tighter). An `or` under an `and` needs them; an `and` under an `and` or
// an `or` under an `or` only arises from explicit parentheses, which the printer keeps so
// that the structure round-trips.
void print_operand(const condition& c, std::string& out, condition::kind parent) {
  const bool plain = parent == condition::kind::disjunction && c.k == condition::kind::conjunction;
  if (is_junction(c) && !plain) {
    out += '(';
    print(c, out);
    out += ')';
  } else {
    print(c, out);
  }
}

void print_cmp(const condition& c, std::string& out) {
  out += ' ';
  out += to_string(c.op);
  out += ' ';
  out += c.number.to_short_string();
}

void print(const condition& c, std::string& out) {
  using k = condition::kind;
  switch (c.k) {
    case k::class_cmp:
      out += "class ";
      out += to_string(c.op);
      out += ' ';
      out += c.name;
      return;
    case k::total_cmp:
      out += "total";
      print_cmp(c, out);
      return;
    case k::family_cmp:
      out += "family:" + c.name;
      print_cmp(c, out);
      return;
    case k::criterion_cmp:
      out += "criterion:" + c.name;
      print_cmp(c, out);
      return;
    case k::field_cmp:
      out += c.name;
      print_cmp(c, out);
      return;
    case k::flag: out += "flag:" + c.name; return;
    case k::title: out += "title:" + c.name; return;
    case k::negation:
      out += "not ";
      print_operand(c.children.at(0), out, c.k);
      return;
    case k::conjunction:
    case k::disjunction:
      for (std::size_t i = 0; i < c.children.size(); ++i) {
        if (i > 0) out += c.k == k::conjunction ? " and " : " or ";
        print_operand(c.children[i], out, c.k);
      }
      return;
    case k::share:
    case k::count:
    case k::none:
    case k::all:
      out += c.k == k::share ? "share" : c.k == k::count ? "count" : c.k == k::none ? "none" : "all";
      out += "(members, ";
      print(c.children.at(0), out);
      out += ')';
      if (c.k == k::share || c.k == k::count) print_cmp(c, out);
      return;
    case k::streak:
      out += "streak(title:" + c.name + ", " + std::to_string(c.years) + ")";
      return;
  }
}

void collect_titles(const condition& c, std::size_t depth, std::vector<title_ref>& out) {
  using k = condition::kind;
  auto add = [&](title_ref r) {
    for (const auto& e : out) {
      if (e == r) return;
    }
    out.push_back(std::move(r));
  };
  if (c.k == k::title) add({c.name, depth, false});
  if (c.k == k::streak) add({c.name, depth, true});
  const bool over_members = c.k == k::share || c.k == k::count || c.k == k::none || c.k == k::all;
  for (const auto& child : c.children) collect_titles(child, over_members ? depth + 1 : depth, out);
}

template <class T>
bool compare(const T& a, cmp_op op, const T& b) {
  switch (op) {
    case cmp_op::eq: return a == b;
    case cmp_op::ne: return a != b;
    case cmp_op::ge: return a >= b;
    case cmp_op::gt: return a > b;
    case cmp_op::le: return a <= b;
    case cmp_op::lt: return a < b;
  }
  return false;
}

bool compare_value(const std::optional<decimal>& v, cmp_op op, decimal rhs) {
  return v.has_value() && compare(*v, op, rhs);
}

}  // namespace

condition_parse_result parse_condition(std::string_view text) {
  condition_parse_result result;
  auto lexed = lex(text);
  if (lexed.error) {
    result.error = std::move(*lexed.error);
    return result;
  }
  if (lexed.tokens.size() == 1) {
    result.error = condition_error{1, "expected a condition, found an empty string"};
    return result;
  }
  parser p(std::move(lexed.tokens));
  result.value = p.parse_all();
  if (!result.value) result.error = p.error();
  return result;
}

std::string to_string(const condition& c) {
  std::string out;
  print(c, out);
  return out;
}

std::vector<title_ref> referenced_titles(const condition& c) {
  std::vector<title_ref> out;
  collect_titles(c, 0, out);
  return out;
}

bool evaluate(const condition& c, const condition_context& ctx) {
  using k = condition::kind;
  switch (c.k) {
    case k::class_cmp: {
      const auto r = ctx.compare_class(c.name);
      return r.has_value() && compare(*r, c.op, 0);
    }
    case k::total_cmp: return compare_value(ctx.total(), c.op, c.number);
    case k::family_cmp: return compare_value(ctx.family(c.name), c.op, c.number);
    case k::criterion_cmp: return compare_value(ctx.criterion(c.name), c.op, c.number);
    case k::field_cmp: return compare_value(ctx.field(c.name), c.op, c.number);
    case k::flag: return ctx.flag(c.name);
    case k::title: return ctx.holds(c.name);
    case k::negation: return !evaluate(c.children.at(0), ctx);
    case k::conjunction:
      for (const auto& child : c.children) {
        if (!evaluate(child, ctx)) return false;
      }
      return true;
    case k::disjunction:
      for (const auto& child : c.children) {
        if (evaluate(child, ctx)) return true;
      }
      return false;
    case k::none:
    case k::all: {
      const bool want = c.k == k::all;
      const std::size_t n = ctx.member_count();
      for (std::size_t i = 0; i < n; ++i) {
        if (evaluate(c.children.at(0), ctx.member(i)) != want) return false;
      }
      return true;
    }
    case k::share:
    case k::count: {
      const std::size_t n = ctx.member_count();
      std::size_t matching = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (evaluate(c.children.at(0), ctx.member(i))) ++matching;
      }
      const auto m = static_cast<std::int64_t>(matching);
      if (c.k == k::count) return compare(decimal::from_int(m), c.op, c.number);
      if (n == 0) return compare(decimal{}, c.op, c.number);  // share of an empty set is 0
      // matching / n  OP  x   <=>   matching × units  OP  x.units × n   (n > 0), exactly.
      // A share lies in [0, 1], so clamping x to [-0.0001, 1.0001] changes no outcome and
      // keeps the products far from overflow.
      const std::int64_t x = std::clamp<std::int64_t>(c.number.units(), -1, decimal::units_per_point + 1);
      const std::int64_t lhs = m * decimal::units_per_point;
      const std::int64_t rhs = x * static_cast<std::int64_t>(n);
      return compare(lhs, c.op, rhs);
    }
    case k::streak: return ctx.streak(c.name) >= c.years;
  }
  return false;
}

}  // namespace thidua::detail
