// The option tables: for each option of a clause, how its values are read,
// checked and stored, how nsd-checkconf -o prints it, how it is written back
// in nsd.conf syntax, and which feature it belongs to. The reader, lnsd-
// checkconf, the feature report and the man page test all work from these
// tables, so an option is described once.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conf/config.hh"
#include "conf/document.hh"
#include "conf/features.hh"

namespace lnsd::conf {

template <class Owner>
struct Field {
  std::string name;
  Feature feature = Feature::Core;
  bool list = false;  // may be given many times, each adding an element
  std::string form;  // what a value looks like: "<yes or no>", "<number>"
  // Stores the option's values; returns what is wrong with them.
  std::function<std::optional<std::string>(Owner&, const OptionEntry&)> set;
  // The value as nsd-checkconf -o prints it, one line per element. Empty for
  // options that only modify others (ip4-only).
  std::function<std::vector<std::string>(const Owner&)> get;
  // The option in nsd.conf syntax, one "name: value" line per element.
  std::function<std::vector<std::string>(const Owner&)> conf;
  // Zone options: whether the configuration set it, and how include-pattern
  // carries it from a pattern into the including pattern or zone.
  std::function<bool(const Owner&)> is_set;
  std::function<void(Owner&, const Owner&)> inherit;
};

const std::vector<Field<ServerOptions>>& server_fields();
const std::vector<Field<RemoteControl>>& remote_control_fields();
const std::vector<Field<ZoneSettings>>& zone_fields();

// The table name of an option: NSD's other spellings ("interface" for
// "ip-address", "multi-primary-check" for "multi-master-check"), and
// "server-N-cpu-affinity" for server-1-cpu-affinity, server-2-...
std::string_view canonical_option_name(std::string_view name);

template <class Owner>
const Field<Owner>* find_field(const std::vector<Field<Owner>>& fields, std::string_view name) {
  name = canonical_option_name(name);
  for (const Field<Owner>& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Options of NSD that lnsd reads without a field of its own.
enum class OtherKind : uint8_t {
  Ignored,      // obsolete in NSD too: accepted and ignored
  Unsupported,  // an error, unless its value is the harmless one
};

struct OtherOption {
  std::string_view clause;    // "server", "zone" (pattern: and zone:), "verify", "tls-auth", "dnstap"
  std::string_view name;
  OtherKind kind;
  std::string_view harmless;  // the accepted value of an unsupported option; "" = none
  bool harmless_is_empty_string = false;  // harmless value is "" (an empty quoted string)
  std::string_view why;       // the feature lnsd lacks, for the message and the man page
};

std::span<const OtherOption> other_options();
const OtherOption* find_other_option(std::string_view clause, std::string_view name);

// One row of the man page's option table.
struct OptionInfo {
  std::string clause;
  std::string name;
  std::string default_value;  // as nsd-checkconf -o prints it on an empty file
  std::string status;         // "active", "later", "ignored" or "unsupported"
};
std::vector<OptionInfo> all_options();

}  // namespace lnsd::conf
