// What a server calls for every query: a plain function pointer and its
// context, one indirect call per query, no allocation, no std::function.
//
// In lnsd the function wraps answer() (daemon/answer.hh) with the server's
// current ZoneSet and AnswerConfig as its context; the tests plug in their
// own. A handler must follow answer()'s contract: it writes at most
// `response.size()` bytes, never blocks, never throws.
#pragma once

#include <cstdint>
#include <span>

#include "answer.hh"

namespace lnsd {

struct QueryHandler {
  using Function = AnswerResult (*)(void* context, std::span<const uint8_t> query, const Client& client,
                                    std::span<uint8_t> response);

  // Optional: called with every query of a receive batch before the first
  // is answered, to warm the cache (AnswerPrefetch). It must not change
  // what the function answers.
  using Prefetch = void (*)(void* context, std::span<const std::span<const uint8_t>> queries);

  Function function = nullptr;
  void* context = nullptr;
  Prefetch prefetch = nullptr;

  void warm(std::span<const std::span<const uint8_t>> queries) const {
    if (prefetch) prefetch(context, queries);
  }

  AnswerResult operator()(std::span<const uint8_t> query, const Client& client, std::span<uint8_t> response) const {
    return function(context, query, client, response);
  }
};

}  // namespace lnsd
