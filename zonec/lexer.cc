#include "lexer.hh"

#include <array>
#include <cstring>

namespace lnsd::zonec {

namespace {

enum CharClass : uint8_t {
  kWord = 0,   // part of a word
  kBlank,      // space, tab, CR, and the rarer form feed / vertical tab
  kNewline,
  kComment,    // ;
  kOpen,       // (
  kClose,      // )
  kQuote,      // "
  kBackslash,  // escapes the next character, whatever it is
};

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> c{};
  c[' '] = kBlank;
  c['\t'] = kBlank;
  c['\r'] = kBlank;
  c['\f'] = kBlank;
  c['\v'] = kBlank;
  c['\n'] = kNewline;
  c[';'] = kComment;
  c['('] = kOpen;
  c[')'] = kClose;
  c['"'] = kQuote;
  c['\\'] = kBackslash;
  return c;
}

constexpr std::array<uint8_t, 256> kClass = make_classes();

inline uint8_t class_of(char ch) { return kClass[static_cast<uint8_t>(ch)]; }

}  // namespace

Lexer::Lexer(std::string_view text, uint32_t first_line)
    : begin_(text.data()),
      p_(text.data()),
      end_(text.data() + text.size()),
      line_start_(text.data()),
      line_(first_line) {}

TextPos Lexer::pos_of(const char* p) const {
  return {line_, uint32_t(p - line_start_) + 1};
}

void Lexer::error(const char* at, std::string message, std::string fix) {
  errors_.push_back({pos_of(at), std::move(message), std::move(fix)});
}

bool Lexer::next(Entry& entry) {
  entry.clear();
  while (p_ < end_) {
    switch (class_of(*p_)) {
      case kBlank:
        // A blank in the first column: the entry has no owner (RFC 1035 §5.1).
        if (p_ == line_start_ && entry.size() == 0) entry.blank_owner = true;
        ++p_;
        break;
      case kNewline:
        ++p_;
        ++line_;
        line_start_ = p_;
        if (!in_parens_) {
          if (entry.size() != 0) return true;
          entry.blank_owner = false;
        }
        break;
      case kComment: {
        const void* nl = std::memchr(p_, '\n', size_t(end_ - p_));
        p_ = nl ? static_cast<const char*>(nl) : end_;
        break;
      }
      case kOpen:
        if (in_parens_) {
          error(p_, "nested parenthesis: \"(\" inside an entry already opened at line " +
                        std::to_string(paren_open_.line),
                "remove this \"(\" or close the first one with \")\"");
        } else {
          in_parens_ = true;
          paren_open_ = pos_of(p_);
        }
        ++p_;
        break;
      case kClose:
        if (!in_parens_) {
          error(p_, "\")\" without an opening \"(\"",
                "remove this \")\" or add the \"(\" where the entry's continuation begins");
        }
        in_parens_ = false;
        ++p_;
        break;
      case kQuote:
        if (entry.size() == 0) entry.start = pos_of(p_);
        read_quoted(entry);
        break;
      default:
        if (entry.size() == 0) entry.start = pos_of(p_);
        read_word(entry);
        break;
    }
  }
  if (in_parens_) {
    errors_.push_back({paren_open_, "\"(\" is never closed: the file ends inside this entry",
                       "add the closing \")\" at the end of the entry"});
    in_parens_ = false;
  }
  return entry.size() != 0;
}

void Lexer::read_word(Entry& entry) {
  const char* start = p_;
  TextPos pos = pos_of(p_);
  while (p_ < end_) {
    uint8_t c = class_of(*p_);
    if (c == kWord) {
      ++p_;
    } else if (c == kBackslash) {
      // The escaped character belongs to the word, even a blank or ";".
      ++p_;
      if (p_ < end_) {
        if (*p_ == '\n') {
          ++line_;
          line_start_ = p_ + 1;
        }
        ++p_;
      }
    } else {
      break;
    }
  }
  entry.push({std::string_view(start, size_t(p_ - start)), false}, pos);
}

void Lexer::read_quoted(Entry& entry) {
  TextPos pos = pos_of(p_);
  ++p_;
  const char* start = p_;
  while (p_ < end_ && *p_ != '"') {
    if (*p_ == '\\' && p_ + 1 < end_) ++p_;
    if (*p_ == '\n') {
      ++line_;
      line_start_ = p_ + 1;
    }
    ++p_;
  }
  std::string_view text(start, size_t(p_ - start));
  if (p_ >= end_) {
    errors_.push_back({pos, "quoted string is never closed: the file ends inside it",
                       "add the closing '\"'"});
  } else {
    ++p_;  // the closing quote
  }
  entry.push({text, true}, pos);
}

}  // namespace lnsd::zonec
