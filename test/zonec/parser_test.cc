// The master file language (RFC 1035 §5 and the extensions NSD and BIND
// accept), feature by feature: each test compiles a small zone and looks
// at the records that came out.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>

#include "zone_test_util.hh"

using namespace lnsd;
using namespace lnsd::zonec;
using namespace lnsd::zonec::test;
using Strings = std::vector<std::string>;

TEST_CASE("relative names get the origin, absolute names stay, @ is the origin", "[parser]") {
  auto z = compile(with_head("www A 192.0.2.2\n"
                             "www2.example.com. A 192.0.2.3\n"
                             "@ MX 10 mail\n"
                             "mail A 192.0.2.4\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.example.com.", RRType::A) == Strings{"192.0.2.2"});
  CHECK(rdatas(z, "www2.example.com.", RRType::A) == Strings{"192.0.2.3"});
  CHECK(rdatas(z, "example.com.", RRType::MX) == Strings{"10 mail.example.com."});
}

TEST_CASE("a blank owner repeats the previous record's owner", "[parser]") {
  auto z = compile(with_head("www A 192.0.2.2\n"
                             "    AAAA 2001:db8::2\n"
                             "\tTXT \"hi\"\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.example.com.", RRType::AAAA) == Strings{"2001:db8::2"});
  CHECK(rdatas(z, "www.example.com.", RRType::TXT) == Strings{"\"hi\""});
}

TEST_CASE("$ORIGIN changes what relative names complete to", "[parser]") {
  auto z = compile(with_head("$ORIGIN sub.example.com.\n"
                             "www A 192.0.2.2\n"
                             "$ORIGIN deeper\n"  // relative to the current origin
                             "x A 192.0.2.3\n"
                             "@ TXT \"at the origin\"\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "www.sub.example.com.", RRType::A) == Strings{"192.0.2.2"});
  CHECK(rdatas(z, "x.deeper.sub.example.com.", RRType::A) == Strings{"192.0.2.3"});
  CHECK(rdatas(z, "deeper.sub.example.com.", RRType::TXT).size() == 1);
}

TEST_CASE("names in rdata complete with the current origin too", "[parser]") {
  auto z = compile(with_head("$ORIGIN sub.example.com.\n"
                             "alias CNAME target\n"
                             "target A 192.0.2.2\n"));
  INFO(dump(z));
  CHECK(rdatas(z, "alias.sub.example.com.", RRType::CNAME) == Strings{"target.sub.example.com."});
}

TEST_CASE("TTLs: explicit, with units, and $TTL", "[parser]") {
  auto z = compile("$TTL 1h\n"
                   "@ SOA ns1 host 1 2 3 4 5\n"
                   "  NS ns1\n"
                   "ns1 A 192.0.2.1\n"
                   "a 2D A 192.0.2.2\n"
                   "b 4w2d A 192.0.2.3\n"
                   "c 1w2d3h4m5s A 192.0.2.4\n"
                   "d 90 A 192.0.2.5\n"
                   "$TTL 300\n"
                   "e A 192.0.2.6\n");
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(z.diags.warning_count() == 0);
  CHECK(ttl_of(z, "example.com.", RRType::SOA) == 3600);
  CHECK(ttl_of(z, "a.example.com.", RRType::A) == 172800);
  CHECK(ttl_of(z, "b.example.com.", RRType::A) == 4 * 604800 + 2 * 86400);
  CHECK(ttl_of(z, "c.example.com.", RRType::A) == 604800 + 2 * 86400 + 3 * 3600 + 245);
  CHECK(ttl_of(z, "d.example.com.", RRType::A) == 90);
  CHECK(ttl_of(z, "e.example.com.", RRType::A) == 300);
}

TEST_CASE("TTL and class come in either order, each optional", "[parser]") {
  auto z = compile(with_head("a 60 IN A 192.0.2.2\n"
                             "b IN 60 A 192.0.2.3\n"
                             "c IN A 192.0.2.4\n"
                             "d 60 A 192.0.2.5\n"
                             "e in a 192.0.2.6\n"
                             "f CLASS1 A 192.0.2.7\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(ttl_of(z, "a.example.com.", RRType::A) == 60);
  CHECK(ttl_of(z, "b.example.com.", RRType::A) == 60);
  CHECK(ttl_of(z, "c.example.com.", RRType::A) == 3600);
  CHECK(ttl_of(z, "d.example.com.", RRType::A) == 60);
  CHECK(rdatas(z, "e.example.com.", RRType::A) == Strings{"192.0.2.6"});
  CHECK(rdatas(z, "f.example.com.", RRType::A) == Strings{"192.0.2.7"});
}

TEST_CASE("without $TTL a record takes the previous record's TTL, with a warning", "[parser]") {
  auto z = compile("@ 600 SOA ns1 host 1 2 3 4 5\n"
                   "  NS ns1\n"
                   "ns1 A 192.0.2.1\n");
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(ttl_of(z, "example.com.", RRType::NS) == 600);
  CHECK(ttl_of(z, "ns1.example.com.", RRType::A) == 600);
  CHECK(count(z, "no-default-ttl") == 1);  // once, not per record
}

TEST_CASE("without any TTL the SOA takes its minimum field, with a warning", "[parser]") {
  auto z = compile("@ SOA ns1 host 1 2 3 4 900\n"
                   "  NS ns1\n"
                   "ns1 A 192.0.2.1\n");
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(ttl_of(z, "example.com.", RRType::SOA) == 900);
  CHECK(ttl_of(z, "example.com.", RRType::NS) == 900);
  REQUIRE(find(z, "no-default-ttl"));
  CHECK(find(z, "no-default-ttl")->message.find("minimum") != std::string::npos);
  CHECK(find(z, "no-default-ttl")->line == 1);
}

TEST_CASE("a first record without any TTL gets NSD's 3600, with a warning", "[parser]") {
  auto z = compile("www A 192.0.2.9\n@ SOA ns1 host 1 2 3 4 900\n  NS ns1\nns1 A 192.0.2.1\n");
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(ttl_of(z, "www.example.com.", RRType::A) == 3600);
  CHECK(count(z, "no-default-ttl") == 2);  // the fallback, then RFC 1035 semantics
}

TEST_CASE("a TTL over 2^31-1 is clamped with a warning (RFC 2181 §8)", "[parser]") {
  auto z = compile(with_head("big 3000000000 A 192.0.2.9\n$TTL 4294967295\nbig2 A 192.0.2.8\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(ttl_of(z, "big.example.com.", RRType::A) == 2147483647);
  CHECK(ttl_of(z, "big2.example.com.", RRType::A) == 2147483647);
  CHECK(count(z, "ttl-too-large") == 2);
  REQUIRE(find(z, "ttl-too-large"));
  CHECK(find(z, "ttl-too-large")->line == 5);
  CHECK(find(z, "ttl-too-large")->column == 5);
}

TEST_CASE("parentheses, comments and quoted strings", "[parser]") {
  auto z = compile(with_head("t TXT ( \"first part\" ; a comment\n"
                             "        \"second; part\" )\n"
                             "e TXT \"quote \\\" and backslash \\\\ and \\065\"\n"
                             "h HINFO \"Intel x86\" Linux\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "t.example.com.", RRType::TXT) == Strings{"\"first part\" \"second; part\""});
  CHECK(rdatas(z, "e.example.com.", RRType::TXT) ==
        Strings{"\"quote \\\" and backslash \\\\ and A\""});
  CHECK(rdatas(z, "h.example.com.", RRType::HINFO) == Strings{"\"Intel x86\" \"Linux\""});
}

TEST_CASE("escaped characters in owner names", "[parser]") {
  auto z = compile(with_head("a\\.b A 192.0.2.2\n"
                             "sp\\032ace A 192.0.2.3\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "a\\.b.example.com.", RRType::A) == Strings{"192.0.2.2"});
  CHECK(rdatas(z, "sp\\032ace.example.com.", RRType::A) == Strings{"192.0.2.3"});
}

TEST_CASE("RFC 3597: TYPEnnn, CLASSnnn and the \\# generic rdata", "[parser]") {
  auto z = compile(with_head("u TYPE65280 \\# 3 010203\n"
                             "e TYPE65281 \\# 0\n"
                             "a CLASS1 TYPE1 \\# 4 C0000202\n"
                             "m MX \\# 6 000A026D7800\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "u.example.com.", RRType(65280)) == Strings{"\\# 3 010203"});
  CHECK(rdatas(z, "e.example.com.", RRType(65281)) == Strings{"\\# 0"});
  CHECK(rdatas(z, "a.example.com.", RRType::A) == Strings{"192.0.2.2"});
  CHECK(rdatas(z, "m.example.com.", RRType::MX) == Strings{"10 mx."});
}

TEST_CASE("$GENERATE makes one record per value", "[parser][generate]") {
  auto z = compile(with_head("$GENERATE 1-3 host$ A 192.0.2.$\n"
                             "$GENERATE 0-4/2 ${10,3} 60 IN CNAME host${1}\n"
                             "$GENERATE 1-2 mx$ MX \"10 mail$\"\n"
                             "mail1 A 192.0.2.101\nmail2 A 192.0.2.102\n"
                             "$GENERATE 26-27 ${0,0,x}.rev PTR host$.example.com.\n"));
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "host1.example.com.", RRType::A) == Strings{"192.0.2.1"});
  CHECK(rdatas(z, "host3.example.com.", RRType::A) == Strings{"192.0.2.3"});
  CHECK(rdatas(z, "010.example.com.", RRType::CNAME) == Strings{"host1.example.com."});
  CHECK(rdatas(z, "012.example.com.", RRType::CNAME) == Strings{"host3.example.com."});
  CHECK(rdatas(z, "014.example.com.", RRType::CNAME) == Strings{"host5.example.com."});
  CHECK(ttl_of(z, "014.example.com.", RRType::CNAME) == 60);
  CHECK(rdatas(z, "011.example.com.", RRType::CNAME).empty());
  CHECK(rdatas(z, "mx2.example.com.", RRType::MX) == Strings{"10 mail2.example.com."});
  CHECK(rdatas(z, "1a.rev.example.com.", RRType::PTR) == Strings{"host26.example.com."});
  CHECK(rdatas(z, "1b.rev.example.com.", RRType::PTR) == Strings{"host27.example.com."});
}

TEST_CASE("$GENERATE with nibbles builds ip6.arpa names", "[parser][generate]") {
  auto z = compile("$TTL 1h\n"
                   "@ SOA ns1.example.com. host.example.com. 1 2 3 4 5\n"
                   "  NS ns1.example.com.\n"
                   "$GENERATE 255-256 ${0,3,n} PTR host$.example.com.\n",
                   "8.b.d.0.1.0.0.2.ip6.arpa.");
  INFO(dump(z));
  CHECK(z.ok());
  CHECK(rdatas(z, "f.f.8.b.d.0.1.0.0.2.ip6.arpa.", RRType::PTR) ==
        Strings{"host255.example.com."});
  CHECK(rdatas(z, "0.0.1.8.b.d.0.1.0.0.2.ip6.arpa.", RRType::PTR) ==
        Strings{"host256.example.com."});
}

TEST_CASE("$GENERATE errors point at the directive, once", "[parser][generate]") {
  auto z = compile(with_head("$GENERATE 1-100 host$ A 192.0.2.${0,0,q}\n"
                             "$GENERATE 5-1 host$ A 192.0.2.1\n"
                             "$GENERATE 1-100 host$ A 192.0.2.${255}\n"));
  CHECK(z.diags.error_count() == 3);
  REQUIRE(z.diags.items().size() == 3);
  CHECK(z.diags.items()[0].line == 5);
  CHECK(z.diags.items()[1].line == 6);
  CHECK(z.diags.items()[2].line == 7);
  CHECK(z.diags.items()[2].check == "bad-rdata");
}

TEST_CASE("every error is reported and parsing goes on", "[parser]") {
  auto z = compile(with_head("a A 192.0.2.999\n"
                             "b A 192.0.2.2\n"
                             "c BOGUS 1\n"
                             "d MX ten mail\n"
                             "e.example.net. A 192.0.2.5\n"
                             "f CH A 192.0.2.6\n"
                             "g A 192.0.2.7\n"));
  INFO(dump(z));
  CHECK(z.diags.error_count() == 5);
  CHECK(rdatas(z, "b.example.com.", RRType::A) == Strings{"192.0.2.2"});
  CHECK(rdatas(z, "g.example.com.", RRType::A) == Strings{"192.0.2.7"});
  const auto& items = z.diags.items();
  REQUIRE(items.size() == 5);
  CHECK(items[0].check == "bad-rdata");
  CHECK(items[0].line == 5);
  CHECK(items[0].column == 5);  // the offending token
  CHECK(items[1].check == "unknown-type");
  CHECK(items[1].column == 3);
  CHECK(items[2].check == "bad-rdata");
  CHECK(items[2].column == 6);
  CHECK(items[3].check == "out-of-zone");
  CHECK(items[3].column == 1);
  CHECK(items[4].check == "bad-class");
}

TEST_CASE("a record for the previous owner written in the first column is explained",
          "[parser]") {
  auto z = compile(with_head("www A 192.0.2.2\nMX 10 mail.example.com.\n"));
  REQUIRE(z.diags.error_count() == 1);
  const auto& d = z.diags.items()[0];
  CHECK(d.message.find("'MX' in the first column was read as the owner name") !=
        std::string::npos);
  CHECK(d.fix.find("indent the line") != std::string::npos);
}

TEST_CASE("lines after a bad owner are skipped without more errors", "[parser]") {
  auto z = compile(with_head("bad..name A 192.0.2.2\n  AAAA 2001:db8::1\n  TXT \"x\"\n"));
  CHECK(z.diags.error_count() == 1);
  CHECK(z.diags.items()[0].check == "bad-name");
}

TEST_CASE("a blank owner before any owner is an error", "[parser]") {
  auto z = compile("  A 192.0.2.1\n" + std::string(kHead));
  CHECK(z.diags.error_count() == 1);
  CHECK(z.diags.items()[0].check == "no-owner");
}

TEST_CASE("meta types and unknown directives are errors", "[parser]") {
  auto z = compile(with_head("x AXFR \\# 0\n$FOO bar\n"));
  CHECK(z.diags.error_count() == 2);
  CHECK(count(z, "meta-type") == 1);
  CHECK(count(z, "unknown-directive") == 1);
}

TEST_CASE("a syntax error of the lexer is reported where it is", "[parser]") {
  auto z = compile(with_head("x A 192.0.2.1 )\ny A 192.0.2.2\n"));
  CHECK(z.diags.error_count() == 1);
  CHECK(z.diags.items()[0].check == "syntax");
  CHECK(z.diags.items()[0].line == 5);
  CHECK(z.diags.items()[0].column == 15);
  CHECK(rdatas(z, "y.example.com.", RRType::A) == Strings{"192.0.2.2"});
}

TEST_CASE("the source's SHA-256 is recorded", "[parser]") {
  auto z = compile("");
  REQUIRE(z.content->sources().size() == 1);
  // SHA-256 of the empty string.
  CHECK(z.content->sources()[0].sha256[0] == 0xe3);
  CHECK(z.content->sources()[0].sha256[31] == 0x55);
}

TEST_CASE("every type of the DNS core parses in a zone file", "[parser]") {
  // The rdata examples of the codec tests (test/lib/dns/rdata_examples.txt),
  // each as a record of its own name.
  const char* root = std::getenv("LNSD_SOURCE_ROOT");
  std::ifstream in(std::string(root ? root : ".") + "/test/lib/dns/rdata_examples.txt");
  REQUIRE(in);
  std::string zone = std::string(kHead);
  std::set<std::string> types;
  size_t records = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '!' || line[0] == '=') continue;
    std::string type = line.substr(0, line.find(' '));
    if (type == "SOA") continue;  // one per zone, at the apex: tested above
    types.insert(type);
    zone += "r" + std::to_string(records++) + " " + line + "\n";
  }
  auto z = compile(zone);
  INFO(dump(z));
  CHECK(types.size() >= 60);
  CHECK(z.diags.error_count() == 0);
  CHECK(z.content->records().size() == records + 3);
}

TEST_CASE("records fed on a second thread come out as when fed inline", "[parser][feed]") {
  // Enough records for many batches of record_feed.cc and more than it
  // keeps in flight, with repeated and blank owners, a doubled origin
  // written twice, and an error in the middle.
  std::string text(kHead);
  for (int i = 0; i < 60000; ++i) {
    std::string host = "h" + std::to_string(i);
    text += host + " A 10." + std::to_string(i % 250) + ".0.1\n";
    if (i % 3 == 0) text += "  TXT \"note " + std::to_string(i) + "\"\n";
    if (i % 7 == 0) text += host + " 600 AAAA 2001:db8::" + std::to_string(i % 9999) + "\n";
    if (i == 30000) text += "bad..name A 192.0.2.9\nw.example.com A 192.0.2.10\n";
  }
  text += "w.example.com AAAA 2001:db8::10\n";
  LoadOptions inline_feed, threaded_feed;
  inline_feed.parse.feed_thread_min_bytes = SIZE_MAX;
  threaded_feed.parse.feed_thread_min_bytes = 0;
  auto a = compile(text, "example.com.", inline_feed);
  auto b = compile(text, "example.com.", threaded_feed);
  REQUIRE(a.content->records().size() > 80000);
  REQUIRE(a.content->records().size() == b.content->records().size());
  REQUIRE(a.content->owner_count() == b.content->owner_count());
  for (size_t i = 0; i < a.content->records().size(); ++i) {
    const auto& x = a.content->records()[i];
    const auto& y = b.content->records()[i];
    INFO("record " << i);
    REQUIRE(a.content->owner_name(x.owner) == b.content->owner_name(y.owner));
    REQUIRE(x.type == y.type);
    REQUIRE(x.ttl == y.ttl);
    REQUIRE(a.content->position(uint32_t(i)).line == b.content->position(uint32_t(i)).line);
    REQUIRE(a.content->position(uint32_t(i)).column == b.content->position(uint32_t(i)).column);
    auto rx = a.content->rdata(x), ry = b.content->rdata(y);
    REQUIRE(std::equal(rx.begin(), rx.end(), ry.begin(), ry.end()));
  }
  CHECK(format_diagnostics(a.diags, DiagnosticFormat::Text) ==
        format_diagnostics(b.diags, DiagnosticFormat::Text));
  CHECK(count(b, "doubled-origin") == 1);
  CHECK(count(b, "bad-name") == 1);
}

TEST_CASE("work alongside the checks sees the finalized content, and only a zone that parsed",
          "[parser][compile]") {
  size_t records_seen = 0;
  int calls = 0;
  LoadOptions options;
  options.alongside_checks = [&](const db::ZoneContent& content) {
    ++calls;
    if (content.finalized()) records_seen = content.records().size();
  };
  auto good = compile(with_head("www A 192.0.2.2\n"), "example.com.", options);
  CHECK(good.ok());
  CHECK(calls == 1);
  CHECK(records_seen == good.content->records().size());

  calls = 0;
  auto bad = compile(with_head("www A 192.0.2.300\n"), "example.com.", options);
  CHECK_FALSE(bad.ok());
  CHECK(calls == 0);
}
