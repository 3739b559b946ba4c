// TEMPORARY link stubs so that rdata.cc links while the special codecs are
// written; replaced wholesale by the real implementation.
#include "dns/rdata_special.hh"

namespace lnsd::special {
#define STUB(type)                                                                              \
  Expected<void, RdataError> type##_from_text(std::span<const Token>, const Name&,              \
                                              std::vector<uint8_t>&) {                          \
    return unexpected(RdataError{"not implemented", 0});                                        \
  }                                                                                             \
  Expected<void, Error> type##_to_text(std::span<const uint8_t>, std::string&) {                \
    return unexpected(Error{"not implemented"});                                                \
  }                                                                                             \
  bool type##_check_wire(std::span<const uint8_t>, RdataNames&) { return false; }
STUB(loc) STUB(apl) STUB(svcb) STUB(ipseckey) STUB(hip)
}  // namespace lnsd::special
