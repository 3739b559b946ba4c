#include "test_answerer.hh"

#include <algorithm>
#include <cstring>

namespace lnsd::test {

AnswerResult answer_test_query(uint64_t generation, std::span<const uint8_t> query, std::span<uint8_t> response) {
  if (query.size() < 12 || (query[2] & 0x80) != 0) return {};
  size_t wanted = query.size() >= 14 ? size_t(query[12]) << 8 | query[13] : 0;
  size_t length = std::max(wanted, kTestResponseMinimum);
  if (length > response.size()) return {};
  std::copy_n(query.begin(), 12, response.begin());
  response[2] |= 0x80;
  response[12] = uint8_t(wanted >> 8);
  response[13] = uint8_t(wanted);
  for (int i = 0; i < 8; ++i) response[14 + size_t(i)] = uint8_t(generation >> (56 - 8 * i));
  std::fill(response.begin() + kTestResponseMinimum, response.begin() + ptrdiff_t(length), 0xAB);
  return AnswerResult{Disposition::Send, length};
}

Expected<void, Error> TestAnswerer::switch_to(uint64_t generation) {
  if (std::find(refused.begin(), refused.end(), generation) != refused.end()) {
    return unexpected(Error{"generation refused by the test"});
  }
  generation_ = generation;
  return {};
}

AnswerResult TestAnswerer::answer(void* context, std::span<const uint8_t> query, const Client&,
                                  std::span<uint8_t> response) {
  return answer_test_query(static_cast<TestAnswerer*>(context)->generation_, query, response);
}

std::vector<uint8_t> test_query(uint16_t id, uint16_t wanted_size, bool qr) {
  std::vector<uint8_t> query(14, 0);
  query[0] = uint8_t(id >> 8);
  query[1] = uint8_t(id);
  query[2] = qr ? 0x80 : 0x00;
  query[12] = uint8_t(wanted_size >> 8);
  query[13] = uint8_t(wanted_size);
  return query;
}

uint16_t message_id(const std::vector<uint8_t>& message) {
  return message.size() < 2 ? 0 : uint16_t(message[0] << 8 | message[1]);
}

uint64_t response_generation(const std::vector<uint8_t>& response) {
  uint64_t generation = 0;
  if (response.size() < kTestResponseMinimum) return 0;
  for (size_t i = 0; i < 8; ++i) generation = generation << 8 | response[14 + i];
  return generation;
}

}  // namespace lnsd::test
