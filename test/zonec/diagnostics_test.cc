// The three output forms of diagnostics, and the limit on how many are kept.
#include <catch2/catch.hpp>

#include "diagnostics.hh"

using namespace lnsd::zonec;

namespace {

Diagnostics sample() {
  Diagnostics d;
  d.error("zones/x.zone", 5, 10, "cname-and-other-data", "CNAME and other data at www.x.",
          "remove the CNAME");
  d.warning("zones/x.zone", 7, 1, "ttl-mismatch", "TTL 600 differs, \"quoted\"", "use one TTL");
  return d;
}

}  // namespace

TEST_CASE("text: file:line:col: severity: message (fix: ...)", "[diagnostics]") {
  CHECK(format_text(sample()) ==
        "zones/x.zone:5:10: error: CNAME and other data at www.x. (fix: remove the CNAME)\n"
        "zones/x.zone:7:1: warning: TTL 600 differs, \"quoted\" (fix: use one TTL)\n");
}

TEST_CASE("json: one array of objects", "[diagnostics]") {
  CHECK(format_json(sample()) ==
        "[\n"
        "  {\"file\": \"zones/x.zone\", \"line\": 5, \"column\": 10, \"severity\": \"error\", "
        "\"check\": \"cname-and-other-data\", \"message\": \"CNAME and other data at www.x.\", "
        "\"fix\": \"remove the CNAME\"},\n"
        "  {\"file\": \"zones/x.zone\", \"line\": 7, \"column\": 1, \"severity\": \"warning\", "
        "\"check\": \"ttl-mismatch\", \"message\": \"TTL 600 differs, \\\"quoted\\\"\", "
        "\"fix\": \"use one TTL\"}\n"
        "]\n");
  CHECK(format_json(Diagnostics()) == "[]\n");
}

TEST_CASE("github: workflow commands with escaped properties", "[diagnostics]") {
  Diagnostics d;
  d.error("a,b:c.zone", 3, 2, "bad-rdata", "bad A rdata: 100%\nwrong", "fix it");
  CHECK(format_github(d) ==
        "::error file=a%2Cb%3Ac.zone,line=3,col=2,title=bad-rdata::bad A rdata: "
        "100%25%0Awrong (fix: fix it)\n");
  CHECK(format_github(sample()).find("::warning file=zones/x.zone,line=7,col=1,") !=
        std::string::npos);
}

TEST_CASE("--werror promotes warnings already collected and to come", "[diagnostics]") {
  Diagnostics d = sample();
  d.set_warnings_are_errors(true);
  d.warning("x", 1, 1, "c", "m", "f");
  CHECK(d.error_count() == 3);
  CHECK(d.warning_count() == 0);
  for (const auto& item : d.items()) CHECK(item.severity == Severity::Error);
}

TEST_CASE("beyond the limit diagnostics are counted, not kept", "[diagnostics]") {
  Diagnostics d(2);
  for (int i = 0; i < 5; ++i) d.error("x", uint32_t(i + 1), 1, "c", "m", "f");
  CHECK(d.items().size() == 2);
  CHECK(d.error_count() == 5);
  CHECK(d.omitted() == 3);
  CHECK(format_text(d).find("3 more diagnostics not shown") != std::string::npos);
}

TEST_CASE("merging keeps the counts of both", "[diagnostics]") {
  Diagnostics all;
  Diagnostics one(1);
  one.error("a", 1, 1, "c", "m", "f");
  one.warning("a", 2, 1, "c", "m", "f");  // counted, not kept
  all.merge(one);
  all.merge(sample());
  CHECK(all.error_count() == 2);
  CHECK(all.warning_count() == 2);
  CHECK(all.items().size() == 3);
  CHECK(all.omitted() == 1);
}
