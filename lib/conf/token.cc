#include "conf/token.hh"

#include <glob.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace lnsd::conf {

namespace {

constexpr size_t kMaxIncludeDepth = 64;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// [A-Za-z][A-Za-z0-9_-]*: is a keyword. Anything else ending in a colon
// ("::", "fe80::") stays a value.
bool is_keyword_shape(std::string_view word) {
  if (word.size() < 2 || word.back() != ':') return false;
  const char first = word.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (size_t i = 1; i + 1 < word.size(); ++i) {
    const char c = word[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool has_glob_characters(std::string_view path) {
  return path.find_first_of("*?[{~") != std::string_view::npos;
}

class Reader {
 public:
  explicit Reader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void read_file(const std::string& path, const Position& included_from) {
    std::error_code ec;
    std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) canonical = path;
    for (const std::string& open : stack_) {
      if (open == canonical) {
        diagnostics_.error(included_from, "include loop: '" + path + "' is already being read");
        return;
      }
    }
    if (stack_.size() >= kMaxIncludeDepth) {
      diagnostics_.error(included_from, "includes nested deeper than " +
                                            std::to_string(kMaxIncludeDepth) + " files");
      return;
    }
    if (std::filesystem::is_directory(path, ec)) {
      diagnostics_.error(included_from.file.empty() ? Position{path, 0} : included_from,
                         "cannot read '" + path + "': it is a directory");
      return;
    }
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (in == nullptr) {
      const std::string why = std::strerror(errno);
      if (included_from.file.empty()) {
        diagnostics_.error({path, 0}, "cannot open: " + why);
      } else {
        diagnostics_.error(included_from, "cannot open include file '" + path + "': " + why);
      }
      return;
    }
    std::string text;
    char buf[8192];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) text.append(buf, n);
    std::fclose(in);
    stack_.push_back(canonical);
    read_text(text, path);
    stack_.pop_back();
  }

  void read_text(std::string_view text, const std::string& name) {
    size_t i = 0;
    int line = 1;
    bool expect_include_path = false;
    Position include_at;
    while (i < text.size()) {
      const char c = text[i];
      if (is_space(c)) {
        if (c == '\n') ++line;
        ++i;
        continue;
      }
      if (c == '#') {
        while (i < text.size() && text[i] != '\n') ++i;
        continue;
      }
      Token tok;
      tok.where = {name, line};
      if (c == '"') {
        size_t j = i + 1;
        while (j < text.size() && text[j] != '"') {
          if (text[j] == '\\' && j + 1 < text.size()) {
            if (text[j + 1] == '\n') ++line;
            j += 2;
            continue;
          }
          if (text[j] == '\n') ++line;
          ++j;
        }
        tok.kind = Token::Kind::Quoted;
        tok.text = std::string(text.substr(i + 1, j - i - 1));
        if (j >= text.size()) {
          // Keep the text as the value, so that this is the only error.
          diagnostics_.error(tok.where, "quoted string is not closed before the end of the file");
        }
        i = j + 1;
      } else {
        // A backslash keeps the next character in the word, even a space
        // (as in NSD); one with nothing after it on the line escapes nothing.
        size_t j = i;
        bool dangling = false;
        while (j < text.size() && !is_space(text[j]) && text[j] != '"') {
          if (text[j] != '\\') {
            ++j;
          } else if (j + 1 < text.size() && text[j + 1] != '\n' && text[j + 1] != '\r') {
            j += 2;
          } else {
            dangling = true;
            ++j;
          }
        }
        tok.text = std::string(text.substr(i, j - i));
        i = j;
        if (dangling) {
          diagnostics_.error(tok.where, "'" + tok.text + "' ends in a backslash that escapes nothing");
          continue;
        }
        if (is_keyword_shape(tok.text)) {
          tok.kind = Token::Kind::Keyword;
          tok.text.pop_back();
        }
      }

      if (expect_include_path) {
        expect_include_path = false;
        if (tok.kind == Token::Kind::Keyword) {
          diagnostics_.error(include_at, "include: needs a file name");
        } else {
          include(tok.text, name, tok.where);
          continue;
        }
      }
      if (tok.kind == Token::Kind::Keyword && tok.text == "include") {
        expect_include_path = true;
        include_at = tok.where;
        continue;
      }
      tokens_.push_back(std::move(tok));
    }
    if (expect_include_path) diagnostics_.error(include_at, "include: needs a file name");
  }

  std::vector<Token> take() { return std::move(tokens_); }

 private:
  void include(const std::string& pattern, const std::string& from_file, const Position& at) {
    if (pattern.empty()) {
      diagnostics_.error(at, "include: needs a file name");
      return;
    }
    std::string path = pattern;
    if (path.front() != '/' && path.front() != '~') {
      std::filesystem::path base = std::filesystem::path(from_file).parent_path();
      if (!base.empty()) path = (base / pattern).string();
    }
    if (!has_glob_characters(path)) {
      read_file(path, at);
      return;
    }
    glob_t g{};
    const int r = glob(path.c_str(), GLOB_BRACE | GLOB_TILDE, nullptr, &g);
    if (r == 0) {
      for (size_t k = 0; k < g.gl_pathc; ++k) read_file(g.gl_pathv[k], at);
    } else if (r != GLOB_NOMATCH) {
      diagnostics_.error(at, "cannot expand include pattern '" + pattern + "'");
    }
    globfree(&g);
  }

  Diagnostics& diagnostics_;
  std::vector<Token> tokens_;
  std::vector<std::string> stack_;  // canonical paths of the files being read
};

}  // namespace

std::vector<Token> read_tokens(const std::string& path, Diagnostics& diagnostics) {
  Reader reader(diagnostics);
  reader.read_file(path, Position{});
  return reader.take();
}

std::vector<Token> read_tokens_from_text(std::string_view text, const std::string& name,
                                         Diagnostics& diagnostics) {
  Reader reader(diagnostics);
  reader.read_text(text, name);
  return reader.take();
}

}  // namespace lnsd::conf
