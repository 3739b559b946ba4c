// Test support for the answer path: zones compiled from text into a zone
// set, queries built from a few fields, and responses parsed into lines
// that read like dig's output ("www.example. 3600 IN A 192.0.2.1").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "answer.hh"
#include "answer_config.hh"
#include "dns/edns.hh"
#include "dns/parsed_message.hh"
#include "query_handler.hh"
#include "zone_set.hh"

namespace lnsd::test {

struct QuerySpec {
  std::string name;
  RRType type = RRType::A;
  RRClass cls = RRClass::IN;
  bool edns = true;
  uint16_t payload = 1232;
  bool dnssec_ok = false;
  uint8_t edns_version = 0;
  std::vector<EdnsOption> options = {};
  Opcode opcode = Opcode::Query;
  uint16_t flags = Header::kRD;  // besides the opcode
  uint16_t id = 0x4242;
};

std::vector<uint8_t> make_query(const QuerySpec& spec);

// A response, kept as bytes and parsed.
struct Reply {
  AnswerResult result;
  std::vector<uint8_t> wire;
  ParsedMessage message;
  bool parsed = false;

  bool sent() const { return result.disposition == Disposition::Send; }
  Rcode rcode() const;  // with the extended bits of the OPT record
  bool flag(uint16_t bit) const { return message.header.flags & bit; }
  uint16_t count(Section s) const { return message.header.count(s); }
  // The records of a section, OPT left out, one line each.
  std::vector<std::string> lines(Section s) const;
  // Only the "owner TYPE" of each record, for checking order.
  std::vector<std::string> owners_and_types(Section s) const;
  const ParsedRecord* opt() const { return message.opt(); }
  // The data of an EDNS option of the response, empty when absent.
  std::vector<uint8_t> option(uint16_t code, bool* present = nullptr) const;
  // dig-like text, for failure messages.
  std::string text() const;
};

// A query through a server's handler (an Answerer's, as lnsd's servers call
// it), from a default client; the response parsed.
Reply ask_through(const QueryHandler& handler, const QuerySpec& spec);

// Zones and configuration; ask() runs answer() and parses the response.
class AnswerFixture {
 public:
  AnswerFixture();

  // Compiles zone text (relative names complete with `origin`); a zone that
  // does not compile fails the test.
  AnswerFixture& zone(std::string_view origin, std::string_view text, ZoneAccess access = {});
  // A zone file of test/answer/zones (the signed zones of the differential test).
  AnswerFixture& zone_file(std::string_view origin, std::string_view file);
  AnswerFixture& broken_zone(std::string_view origin, ZoneAccess access = {});

  Reply ask(const QuerySpec& spec) const { return ask_wire(make_query(spec)); }
  Reply ask_wire(std::span<const uint8_t> query) const;

  AnswerConfig config;
  Client client;
  const ZoneSet& zones() const { return zones_; }

 private:
  std::vector<std::unique_ptr<std::vector<uint8_t>>> images_;
  ZoneSet zones_;
};

// A client of the given address and transport.
Client client_at(std::string_view address, uint16_t port, Transport transport = Transport::Udp);

// The example zone most tests use: one name per answer rule.
extern const char* const kExampleZone;

// Bytes of the source tree (test/answer/zones/...).
std::string source_path(std::string_view relative);

}  // namespace lnsd::test
