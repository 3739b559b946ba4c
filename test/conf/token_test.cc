// The tokenizer and the document: NSD's grammar (keywords end in a colon,
// layout means nothing), comments, quoting, includes, file:line positions.
#include <catch2/catch.hpp>

#include "conf/document.hh"
#include "conf/token.hh"
#include "conf_test_util.hh"

using namespace lnsd::conf;
using lnsd::conf::test::TempDir;

namespace {

std::vector<Token> tokens(const std::string& text) {
  Diagnostics d;
  auto t = read_tokens_from_text(text, "t.conf", d);
  REQUIRE(d.empty());
  return t;
}

std::string kinds(const std::vector<Token>& t) {
  std::string out;
  for (const Token& tok : t) {
    out += tok.kind == Token::Kind::Keyword ? 'K' : tok.kind == Token::Kind::Word ? 'W' : 'Q';
  }
  return out;
}

}  // namespace

TEST_CASE("keywords end in a colon; values are words and quoted strings", "[conf][token]") {
  auto t = tokens("zone:\n\tname: \"linoderocks.com\"\n\tzonefile: %s.zone\n");
  REQUIRE(t.size() == 5);
  CHECK(kinds(t) == "KKQKW");
  CHECK(t[0].text == "zone");
  CHECK(t[2].text == "linoderocks.com");
  CHECK(t[4].text == "%s.zone");
  CHECK(t[4].where.line == 3);
  CHECK(t[4].where.file == "t.conf");
}

TEST_CASE("line breaks and indentation carry no meaning", "[conf][token]") {
  auto spread = tokens("pattern:\n        name: p\n   notify:\n\n 192.0.2.2\n\t\tkey0");
  auto flat = tokens("pattern: name: p notify: 192.0.2.2 key0");
  REQUIRE(spread.size() == flat.size());
  for (size_t i = 0; i < flat.size(); ++i) {
    CHECK(spread[i].text == flat[i].text);
    CHECK(spread[i].kind == flat[i].kind);
  }
  CHECK(spread[4].where.line == 5);
}

TEST_CASE("comments start with # at a token's start and run to the line end", "[conf][token]") {
  auto t = tokens("# a comment\nserver: # another\n\tidentity: \"a # b\" # c\n\tversion: x#y\n");
  REQUIRE(t.size() == 5);
  CHECK(t[2].text == "a # b");
  CHECK(t[4].text == "x#y");  // inside a word, # is a character (as in NSD)
}

TEST_CASE("quoted strings keep spaces, line breaks and backslashes", "[conf][token]") {
  auto t = tokens("identity: \"two words\"\nversion: \"a\\\"b\"\nlogfile: \"\"\nnsid: \"x\ny\"\nport: 1\n");
  CHECK(t[1].text == "two words");
  CHECK(t[3].text == "a\\\"b");
  CHECK(t[5].text.empty());
  CHECK(t[5].kind == Token::Kind::Quoted);
  CHECK(t[7].text == "x\ny");
  CHECK(t[8].where.line == 6);  // the line break inside the quotes counts
}

TEST_CASE("only identifier-like words ending in a colon are keywords", "[conf][token]") {
  auto t = tokens("ip-address: :: \nip-address: fe80::\ncontrol-interface: 2001:db8::\n\"quoted:\" servers=\"1 2\"");
  CHECK(kinds(t) == "KWKWKWQWQ");
  CHECK(t[1].text == "::");
  CHECK(t[3].text == "fe80::");
  CHECK(t[7].text == "servers=");
  CHECK(t[8].text == "1 2");
}

TEST_CASE("a backslash keeps the next character in a word", "[conf][token]") {
  auto t = tokens("identity: a\\ b\\\"c\nversion: x\n");
  REQUIRE(t.size() == 4);
  CHECK(t[1].text == "a\\ b\\\"c");
  Diagnostics d;
  read_tokens_from_text("server:\n identity: abc\\\n", "b.conf", d);
  REQUIRE(d.size() == 1);
  CHECK(d.list()[0].text() == "b.conf:2: 'abc\\' ends in a backslash that escapes nothing");
}

TEST_CASE("carriage returns are white space", "[conf][token]") {
  auto t = tokens("server:\r\n\tport: 53\r\n\tverbosity: 1\r\n");
  REQUIRE(t.size() == 5);
  CHECK(t[2].text == "53");
  CHECK(t[4].where.line == 3);
}

TEST_CASE("include: pastes files in place, relative to the including file", "[conf][token]") {
  TempDir dir;
  dir.write("sub/secret.conf", "secret: \"aGVsbG8=\"\n");
  dir.write("sub/inner.conf", "key:\n  name: k\n  include: \"secret.conf\"\n");
  const std::string main = dir.write("main.conf", "server:\n  port: 53\ninclude: sub/inner.conf\nzone:\n");
  Diagnostics d;
  auto t = read_tokens(main, d);
  REQUIRE(d.empty());
  REQUIRE(t.size() == 9);
  CHECK(t[3].text == "key");
  CHECK(t[3].where.file == dir.path() + "/sub/inner.conf");
  CHECK(t[6].text == "secret");
  CHECK(t[6].where.file == dir.path() + "/sub/secret.conf");
  CHECK(t[6].where.line == 1);
  CHECK(t[8].text == "zone");
  CHECK(t[8].where.file == main);
  CHECK(t[8].where.line == 4);
}

TEST_CASE("include: globs include every match in order; no match is fine", "[conf][token]") {
  TempDir dir;
  dir.write("conf.d/b.conf", "zone:\n name: b.example\n");
  dir.write("conf.d/a.conf", "zone:\n name: a.example\n");
  dir.write("conf.d/skip.txt", "garbage:\n");
  const std::string main =
      dir.write("main.conf", "include: \"conf.d/*.conf\"\ninclude: \"none.d/*.conf\"\ninclude: \"conf.d/{b}.conf\"\n");
  Diagnostics d;
  auto t = read_tokens(main, d);
  REQUIRE(d.empty());
  std::vector<std::string> names;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].text == "name") names.push_back(t[i + 1].text);
  }
  CHECK(names == std::vector<std::string>{"a.example", "b.example", "b.example"});
}

TEST_CASE("include errors: a missing file, a loop, no file name", "[conf][token]") {
  TempDir dir;
  const std::string self = dir.write("self.conf", "server:\ninclude: \"self.conf\"\n");
  Diagnostics d;
  read_tokens(self, d);
  REQUIRE(d.size() == 1);
  CHECK(d.list()[0].where.line == 2);
  CHECK(d.list()[0].message.starts_with("include loop: "));

  const std::string a = dir.write("a.conf", "include: b.conf\n");
  dir.write("b.conf", "\n\ninclude: a.conf\n");
  Diagnostics loop;
  read_tokens(a, loop);
  REQUIRE(loop.size() == 1);
  CHECK(loop.list()[0].where.file == dir.path() + "/b.conf");
  CHECK(loop.list()[0].where.line == 3);

  Diagnostics missing;
  read_tokens_from_text("server:\n\ninclude: \"/nonexistent/x.conf\"", "m.conf", missing);
  REQUIRE(missing.size() == 1);
  CHECK(missing.list()[0].text() ==
        "m.conf:3: cannot open include file '/nonexistent/x.conf': No such file or directory");

  Diagnostics empty;
  read_tokens_from_text("include:\nserver:", "e.conf", empty);
  REQUIRE(empty.size() == 1);
  CHECK(empty.list()[0].text() == "e.conf:1: include: needs a file name");

  Diagnostics main_missing;
  read_tokens(dir.path() + "/nope.conf", main_missing);
  REQUIRE(main_missing.size() == 1);
  CHECK(main_missing.list()[0].text() == dir.path() + "/nope.conf: cannot open: No such file or directory");
}

TEST_CASE("the document is a yaml-cpp tree of clauses and options with positions", "[conf][document]") {
  Diagnostics d;
  auto t = read_tokens_from_text("key:\n name: k\nzone:\n  name: example.com\n  notify: 192.0.2.1\n   k\n", "d.conf", d);
  YAML::Node doc = build_document(t, d);
  REQUIRE(d.empty());
  REQUIRE(doc.IsSequence());
  REQUIRE(doc.size() == 2);
  CHECK(doc[1]["clause"].as<std::string>() == "zone");
  CHECK(doc[1]["line"].as<int>() == 3);
  YAML::Node notify = doc[1]["options"][1];
  CHECK(notify["name"].as<std::string>() == "notify");
  CHECK(notify["line"].as<int>() == 5);
  CHECK(notify["file"].as<std::string>() == "d.conf");
  REQUIRE(notify["values"].size() == 2);
  CHECK(notify["values"][1].as<std::string>() == "k");

  auto clauses = clauses_of(doc);
  REQUIRE(clauses.size() == 2);
  CHECK(clauses[1].options[1].values == std::vector<std::string>{"192.0.2.1", "k"});
  CHECK(clauses[1].options[1].where.line == 5);
}

TEST_CASE("empty quoted values survive the document", "[conf][document]") {
  Diagnostics d;
  YAML::Node doc = build_document(read_tokens_from_text("server:\n pidfile: \"\"\n", "e.conf", d), d);
  auto clauses = clauses_of(doc);
  REQUIRE(clauses.at(0).options.at(0).values == std::vector<std::string>{""});
}
