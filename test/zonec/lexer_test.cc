// The master file lexer (RFC 1035 §5.1): entries, tokens and positions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lexer.hh"

using lnsd::zonec::Entry;
using lnsd::zonec::Lexer;

namespace {

struct Lexed {
  std::vector<std::vector<std::string>> entries;  // quoted tokens shown as "..."
  std::vector<bool> blank_owner;
  std::vector<std::string> errors;
};

Lexed lex(std::string_view text) {
  Lexed out;
  Lexer lexer(text);
  Entry e;
  while (lexer.next(e)) {
    std::vector<std::string> tokens;
    for (const auto& t : e.tokens()) {
      tokens.push_back(t.quoted ? "\"" + std::string(t.text) + "\"" : std::string(t.text));
    }
    out.entries.push_back(tokens);
    out.blank_owner.push_back(e.blank_owner);
  }
  for (const auto& err : lexer.errors()) {
    out.errors.push_back(std::to_string(err.pos.line) + ":" + std::to_string(err.pos.column) +
                         " " + err.message);
  }
  return out;
}

using Tokens = std::vector<std::string>;

}  // namespace

TEST_CASE("one entry per line, tokens split at blanks", "[lexer]") {
  auto l = lex("www  IN\tA 192.0.2.1\nmail A 192.0.2.2\n");
  REQUIRE(l.entries.size() == 2);
  CHECK(l.entries[0] == Tokens{"www", "IN", "A", "192.0.2.1"});
  CHECK(l.entries[1] == Tokens{"mail", "A", "192.0.2.2"});
  CHECK(l.errors.empty());
}

TEST_CASE("a last line without a newline is an entry", "[lexer]") {
  auto l = lex("www A 192.0.2.1");
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0] == Tokens{"www", "A", "192.0.2.1"});
}

TEST_CASE("a line that starts with a blank has no owner", "[lexer]") {
  auto l = lex("www A 192.0.2.1\n AAAA 2001:db8::1\n\tMX 10 mail\nx A 192.0.2.9\n");
  REQUIRE(l.entries.size() == 4);
  CHECK_FALSE(l.blank_owner[0]);
  CHECK(l.blank_owner[1]);
  CHECK(l.blank_owner[2]);
  CHECK_FALSE(l.blank_owner[3]);
}

TEST_CASE("blank lines and comment lines make no entries", "[lexer]") {
  auto l = lex("\n   \n; a comment\n   ; an indented comment\nwww A 192.0.2.1 ; trailing\n\n");
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0] == Tokens{"www", "A", "192.0.2.1"});
  CHECK_FALSE(l.blank_owner[0]);
}

TEST_CASE("parentheses join lines into one entry, comments inside included", "[lexer]") {
  auto l = lex("@ SOA ns1 host (\n  1 ; serial\n  2h ; refresh\n  3 4\n  5 )\nwww A 192.0.2.1\n");
  REQUIRE(l.entries.size() == 2);
  CHECK(l.entries[0] == Tokens{"@", "SOA", "ns1", "host", "1", "2h", "3", "4", "5"});
  CHECK(l.entries[1] == Tokens{"www", "A", "192.0.2.1"});
}

TEST_CASE("a parenthesis ends the token it touches", "[lexer]") {
  auto l = lex("@ SOA ns1 host (1 2 3 4\n 1h)\n");
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0] == Tokens{"@", "SOA", "ns1", "host", "1", "2", "3", "4", "1h"});
}

TEST_CASE("quoted strings keep blanks, semicolons and parentheses", "[lexer]") {
  auto l = lex("t TXT \"hello world; (not a comment)\" \"\" plain\n");
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0] == Tokens{"t", "TXT", "\"hello world; (not a comment)\"", "\"\"", "plain"});
}

TEST_CASE("escapes stay in the token text for the consumers to resolve", "[lexer]") {
  auto l = lex(R"(t TXT "say \"hi\"" a\ b\;c \040x)" "\n");
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0] == Tokens{"t", "TXT", R"("say \"hi\"")", R"(a\ b\;c)", R"(\040x)"});
}

TEST_CASE("CR LF line ends are blanks before the newline", "[lexer]") {
  auto l = lex("www A 192.0.2.1\r\n AAAA 2001:db8::1\r\n");
  REQUIRE(l.entries.size() == 2);
  CHECK(l.entries[0] == Tokens{"www", "A", "192.0.2.1"});
  CHECK(l.blank_owner[1]);
}

TEST_CASE("tokens carry their line and column", "[lexer]") {
  Lexer lexer("; c\nwww  A 192.0.2.1\n@ SOA a b (\n\t1 2 3 4 5 )\n");
  Entry e;
  REQUIRE(lexer.next(e));
  CHECK(e.start.line == 2);
  CHECK(e.pos(1).line == 2);
  CHECK(e.pos(1).column == 6);
  REQUIRE(lexer.next(e));
  CHECK(e.pos(4).line == 4);
  CHECK(e.pos(4).column == 2);
  CHECK(e.pos(8).column == 10);
}

TEST_CASE("a quoted string may span lines and the line count follows", "[lexer]") {
  Lexer lexer("t TXT \"one\ntwo\"\nu A 192.0.2.1\n");
  Entry e;
  REQUIRE(lexer.next(e));
  CHECK(e.token(2).text == "one\ntwo");
  REQUIRE(lexer.next(e));
  CHECK(e.start.line == 3);
}

TEST_CASE("unbalanced parentheses and quotes are errors with positions", "[lexer]") {
  SECTION("a close without an open") {
    auto l = lex("www A 192.0.2.1 )\n");
    REQUIRE(l.errors.size() == 1);
    CHECK(l.errors[0].rfind("1:17 ", 0) == 0);
  }
  SECTION("an open never closed") {
    auto l = lex("@ SOA a b (\n 1 2 3 4 5\n");
    REQUIRE(l.errors.size() == 1);
    CHECK(l.errors[0].rfind("1:11 ", 0) == 0);
    CHECK(l.errors[0].find("never closed") != std::string::npos);
  }
  SECTION("a nested open") {
    auto l = lex("@ SOA a b ( 1 ( 2 ) 3 4 5\n");
    REQUIRE(l.errors.size() == 1);
    CHECK(l.errors[0].find("nested") != std::string::npos);
  }
  SECTION("a quote never closed") {
    auto l = lex("t TXT \"abc\n");
    REQUIRE(l.errors.size() == 1);
    CHECK(l.errors[0].rfind("1:7 ", 0) == 0);
  }
}
