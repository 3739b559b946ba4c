// A stand-in for the answer path, for the socket and process tests: it
// answers the test protocol below, from a "generation" it can be switched
// between like the real zones.
//
// Query:    a 12-byte DNS header (QR=0), then optionally a 2-byte wanted
//           response size.
// Response: the header with QR=1, the wanted size, the generation (8 bytes,
//           big-endian), padded with 0xAB to the wanted size (at least 22).
// A query with QR=1 is dropped, as the answer path drops responses.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "daemon/zone_loader.hh"

namespace lnsd::test {

constexpr size_t kTestResponseMinimum = 12 + 2 + 8;

AnswerResult answer_test_query(uint64_t generation, std::span<const uint8_t> query, std::span<uint8_t> response);

class TestAnswerer final : public Answerer {
 public:
  explicit TestAnswerer(uint64_t generation = 1) : generation_(generation) {}
  QueryHandler handler() override { return QueryHandler{&TestAnswerer::answer, this}; }
  Expected<void, Error> switch_to(uint64_t generation) override;
  uint64_t generation() const override { return generation_; }
  // Generations switch_to refuses, to test a failed switch.
  std::vector<uint64_t> refused;

 private:
  static AnswerResult answer(void* context, std::span<const uint8_t> query, const Client& client,
                             std::span<uint8_t> response);
  uint64_t generation_;
};

// Builds a test query.
std::vector<uint8_t> test_query(uint16_t id, uint16_t wanted_size = 0, bool qr = false);
uint16_t message_id(const std::vector<uint8_t>& message);
// The generation a test response was answered from.
uint64_t response_generation(const std::vector<uint8_t>& response);

}  // namespace lnsd::test
