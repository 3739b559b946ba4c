// The master file lexer (RFC 1035 §5.1): splits a zone file into entries,
// one per logical line, each a list of tokens. Parentheses join physical
// lines into one entry, ";" starts a comment, double quotes make one token
// of text with spaces, and a line that begins with a blank has no owner
// ("use the previous owner"). Tokens are views into the text with their
// escapes left in place: the consumers (names, rdata codecs) resolve them.
//
// Speed matters here (a million-record zone is lexed in tens of
// milliseconds): one pass over the bytes with a character class table, no
// allocation once the token vectors have grown to the longest entry.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/rdata.hh"

namespace lnsd::zonec {

// Where a token starts: 1-based line and column (a tab counts as one column).
struct TextPos {
  uint32_t line = 0;
  uint32_t column = 0;
};

// One logical line: its tokens and where each starts. The storage only
// grows, so after the longest entry no token costs an allocation.
class Entry {
 public:
  size_t size() const { return size_; }
  const Token& token(size_t i) const { return tokens_[i]; }
  TextPos pos(size_t i) const { return positions_[i]; }
  // The tokens from `from` on, as the rdata codecs take them.
  std::span<const Token> tokens(size_t from = 0) const {
    return {tokens_.data() + from, size_ - from};
  }

  bool blank_owner = false;  // the line began with a space or tab
  TextPos start;             // the first token

  void clear() {
    size_ = 0;
    blank_owner = false;
  }
  void push(Token token, TextPos pos) {
    if (size_ == tokens_.size()) [[unlikely]] grow();
    tokens_[size_] = token;
    positions_[size_] = pos;
    ++size_;
  }

 private:
  void grow() {
    tokens_.resize(tokens_.size() * 2 + 16);
    positions_.resize(tokens_.size());
  }

  std::vector<Token> tokens_;
  std::vector<TextPos> positions_;
  size_t size_ = 0;
};

// A syntax error of the lexer. The lexer recovers by itself (it drops the
// stray parenthesis, or ends the quoted string at the end of the text), so
// the entry it returns along with the error is still usable; the parser
// decides what to do with it.
struct LexError {
  TextPos pos;
  std::string message;
  std::string fix;
};

class Lexer {
 public:
  // `first_line` lets a lexer over generated text report the line of the
  // directive that produced it.
  explicit Lexer(std::string_view text, uint32_t first_line = 1);

  // Reads the next entry that holds at least one token. Returns false at
  // the end of the text. Errors met while reading are appended to errors().
  bool next(Entry& entry);

  // Octets of the text read so far: no token of a later entry lies before.
  size_t offset() const { return size_t(p_ - begin_); }

  // Errors since the last clear_errors().
  const std::vector<LexError>& errors() const { return errors_; }
  void clear_errors() { errors_.clear(); }

 private:
  TextPos pos_of(const char* p) const;
  void error(const char* at, std::string message, std::string fix);
  void read_quoted(Entry& entry);
  void read_word(Entry& entry);

  const char* begin_;
  const char* p_;
  const char* end_;
  const char* line_start_;
  uint32_t line_;
  bool in_parens_ = false;
  TextPos paren_open_;
  std::vector<LexError> errors_;
};

}  // namespace lnsd::zonec
