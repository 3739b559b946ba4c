// Readers for the value forms nsd.conf uses. Each returns the value or
// nullopt; the callers word the error with the option's expected form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/config.hh"
#include "conf/document.hh"

namespace lnsd::conf {

// "yes" or "no", exactly (NSD is case-sensitive here).
std::optional<bool> parse_yes_no(std::string_view text);
// Decimal digits only: no sign, no spaces, no suffix (as NSD).
std::optional<uint64_t> parse_decimal(std::string_view text);
// An even number of hex digits.
bool is_hex(std::string_view text);

std::string yes_no(bool value);
// "'a b'" for messages: the values as written, joined by spaces.
std::string quote_values(const std::vector<std::string>& values);

// "expected <form>, not 'x'" or "expected <form>, got N values".
std::string expected(std::string_view form, const OptionEntry& option);

// ip-address:/interface:/control-interface: with their socket options.
// `allow_path` admits an absolute path (a control socket).
std::optional<ListenAddress> parse_listen_address(const std::vector<std::string>& values,
                                                  bool socket_options, bool allow_path,
                                                  std::string& error);

}  // namespace lnsd::conf
