#include "empty_zone_loader.hh"

#include <algorithm>
#include <cstring>

#include "dns/wire.hh"

namespace lnsd {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr uint8_t kRcodeFormErr = 1;
constexpr uint8_t kRcodeNotImp = 4;
constexpr uint8_t kRcodeRefused = 5;

// The length of the question at the start of `section`, 0 when it is not a
// well-formed uncompressed name followed by QTYPE and QCLASS.
size_t question_length(std::span<const uint8_t> section) {
  WireReader reader(section);
  size_t name_length = 0;
  for (;;) {
    uint8_t label = reader.u8();
    if (!reader.ok() || label > 63) return 0;
    name_length += 1 + label;
    if (name_length > 255) return 0;
    if (label == 0) break;
    reader.skip(label);
  }
  reader.skip(4);
  return reader.ok() ? reader.position() : 0;
}

class RefusingAnswerer final : public Answerer {
 public:
  explicit RefusingAnswerer(uint64_t generation) : generation_(generation) {}
  QueryHandler handler() override { return QueryHandler{&answer_refused, this}; }
  Expected<void, Error> switch_to(uint64_t generation) override {
    generation_ = generation;
    return {};
  }
  uint64_t generation() const override { return generation_; }

 private:
  static AnswerResult answer_refused(void*, std::span<const uint8_t> query, const Client&,
                                     std::span<uint8_t> response) {
    return refuse_query(query, response);
  }
  uint64_t generation_;
};

}  // namespace

AnswerResult refuse_query(std::span<const uint8_t> query, std::span<uint8_t> response) {
  if (query.size() < kHeaderSize || (query[2] & 0x80) != 0) return {};
  uint8_t opcode = (query[2] >> 3) & 0x0F;
  uint16_t qdcount = uint16_t(query[4] << 8 | query[5]);
  size_t question = qdcount == 1 ? question_length(query.subspan(kHeaderSize)) : 0;
  uint8_t rcode = opcode != 0 ? kRcodeNotImp : question == 0 ? kRcodeFormErr : kRcodeRefused;
  if (rcode != kRcodeRefused) question = 0;
  if (response.size() < kHeaderSize + question) return {};

  std::memset(response.data(), 0, kHeaderSize);
  response[0] = query[0];
  response[1] = query[1];
  response[2] = uint8_t(0x80 | (query[2] & 0x79));  // QR, OPCODE and RD kept
  response[3] = rcode;
  response[5] = question != 0 ? 1 : 0;
  std::copy_n(query.begin() + kHeaderSize, question, response.begin() + kHeaderSize);
  return AnswerResult{Disposition::Send, kHeaderSize + question};
}

Expected<std::unique_ptr<Answerer>, Error> EmptyZoneLoader::open_answerer(uint64_t generation) {
  return std::unique_ptr<Answerer>(std::make_unique<RefusingAnswerer>(generation));
}

}  // namespace lnsd
