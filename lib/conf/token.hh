// The tokenizer of nsd.conf. NSD's grammar is not line based: a keyword is a
// word that ends in a colon, values are the words and quoted strings that
// follow it, and spaces, tabs and line breaks only separate tokens. Comments
// run from '#' at the start of a token to the end of the line. Quoted strings
// may hold spaces and '#', and span lines; backslash escapes are kept as
// written (NSD does the same), so "a\"b" is the four characters a\"b.
//
// `include: "pattern"` is expanded here, where it stands, as if the files'
// text were pasted in: it may appear anywhere, even inside a clause (a key's
// secret kept in a separate file). A relative pattern is taken relative to
// the directory of the file that holds the include; glob(7) patterns with
// * ? [ { ~ include every match in sorted order, and no match is not an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "conf/diagnostic.hh"

namespace lnsd::conf {

struct Token {
  enum class Kind : uint8_t {
    Keyword,  // "name:" unquoted; text is "name" without the colon
    Word,     // an unquoted value
    Quoted,   // a quoted value; text is between the quotes
  };
  Kind kind = Kind::Word;
  std::string text;
  Position where;
};

// Reads `path` and the files it includes.
std::vector<Token> read_tokens(const std::string& path, Diagnostics& diagnostics);
// Reads configuration text; `name` is the file name used in positions and the
// base of relative includes.
std::vector<Token> read_tokens_from_text(std::string_view text, const std::string& name,
                                         Diagnostics& diagnostics);

}  // namespace lnsd::conf
