#include "generation_file.hh"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <span>
#include <sstream>

#include "dns/encoding.hh"
#include "unique_fd.hh"

namespace lnsd {
namespace {

constexpr std::string_view kMagic = "lnsd-generation 1";
constexpr std::string_view kPrefix = "generation.";

std::string to_hex(std::span<const uint8_t> bytes) {
  std::string out;
  hex_encode(bytes, out);
  return out;
}

std::string to_hex(std::string_view text) {
  return to_hex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

bool from_hex(std::string_view hex, std::vector<uint8_t>& out) {
  out.clear();
  return hex_decode(hex, out).has_value();
}

bool text_from_hex(std::string_view hex, std::string& out) {
  std::vector<uint8_t> bytes;
  if (!from_hex(hex, bytes)) return false;
  out.assign(bytes.begin(), bytes.end());
  return true;
}

template <class Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_flag(std::string_view text, bool& out) {
  if (text != "0" && text != "1") return false;
  out = text == "1";
  return true;
}

// The flags of AnswerConfig by keyword.
struct FlagField {
  std::string_view keyword;
  bool AnswerConfig::*member;
};
constexpr FlagField kFlags[] = {
    {"hide-identity", &AnswerConfig::hide_identity},
    {"hide-version", &AnswerConfig::hide_version},
    {"minimal-responses", &AnswerConfig::minimal_responses},
    {"refuse-any", &AnswerConfig::refuse_any},
    {"round-robin", &AnswerConfig::round_robin},
    {"confine-to-zone", &AnswerConfig::confine_to_zone},
    {"drop-updates", &AnswerConfig::drop_updates},
    {"answer-cookie", &AnswerConfig::answer_cookie},
};

// One line's meaning; "" when it is understood.
std::string apply_line(std::string_view keyword, std::string_view value, GenerationDescription& d) {
  AnswerConfig& a = d.answer;
  for (const FlagField& f : kFlags) {
    if (keyword == f.keyword) return parse_flag(value, a.*f.member) ? "" : "not 0 or 1";
  }
  if (keyword == "identity") return text_from_hex(value, a.identity) ? "" : "not hex";
  if (keyword == "version") return text_from_hex(value, a.version) ? "" : "not hex";
  if (keyword == "nsid") return from_hex(value, a.nsid) ? "" : "not hex";
  if (keyword == "ipv4-edns-size") return parse_number(value, a.ipv4_edns_size) ? "" : "not a number";
  if (keyword == "ipv6-edns-size") return parse_number(value, a.ipv6_edns_size) ? "" : "not a number";
  if (keyword == "tcp-timeout") return parse_number(value, a.tcp_timeout_seconds) ? "" : "not a number";
  if (keyword == "cookie-secret") {
    std::vector<uint8_t> bytes;
    if (!from_hex(value, bytes) || bytes.size() != a.cookie_secret.size()) return "not 32 hex digits";
    std::copy(bytes.begin(), bytes.end(), a.cookie_secret.begin());
    return "";
  }
  if (keyword == "zone") {
    size_t space = value.find(' ');
    if (space == std::string_view::npos) return "not an origin and a database";
    ServedZone zone;
    zone.name = std::string(value.substr(0, space));
    auto origin = Name::from_text(zone.name);
    if (!origin) return "not a domain name";
    zone.origin = *origin;
    if (!text_from_hex(value.substr(space + 1), zone.database)) return "not hex";
    d.zones.push_back(std::move(zone));
    return "";
  }
  if (keyword == "allow-query" || keyword == "provide-xfr") {
    if (d.zones.empty()) return "before any zone";
    size_t space = value.find(' ');
    if (space == std::string_view::npos) return "not an address and a key";
    auto element = conf::parse_acl_element(value.substr(0, space), value.substr(space + 1));
    if (!element) return element.error();
    ZoneAccess& access = d.zones.back().access;
    (keyword == "allow-query" ? access.allow_query : access.provide_xfr).elements.push_back(std::move(*element));
    return "";
  }
  if (keyword == "stats-group") {
    if (d.zones.empty()) return "before any zone";
    return parse_number(value, d.zones.back().access.stats_group) ? "" : "not a number";
  }
  return "unknown keyword";
}

}  // namespace

std::string generation_file_path(const std::string& database_dir, uint64_t generation) {
  return database_dir + "/" + std::string(kPrefix) + std::to_string(generation);
}

std::string format_generation(const GenerationDescription& description) {
  const AnswerConfig& a = description.answer;
  std::string out(kMagic);
  out += '\n';
  auto line = [&out](std::string_view keyword, const std::string& value) {
    out.append(keyword).append(" ").append(value).append("\n");
  };
  line("identity", to_hex(a.identity));
  line("version", to_hex(a.version));
  line("nsid", to_hex(a.nsid));
  line("ipv4-edns-size", std::to_string(a.ipv4_edns_size));
  line("ipv6-edns-size", std::to_string(a.ipv6_edns_size));
  line("tcp-timeout", std::to_string(a.tcp_timeout_seconds));
  line("cookie-secret", to_hex(a.cookie_secret));
  for (const FlagField& f : kFlags) line(f.keyword, a.*f.member ? "1" : "0");
  for (const ServedZone& zone : description.zones) {
    line("zone", zone.origin.to_text() + " " + to_hex(zone.database));
    for (const auto& e : zone.access.allow_query.elements) line("allow-query", e.to_text());
    for (const auto& e : zone.access.provide_xfr.elements) line("provide-xfr", e.to_text());
    if (zone.access.stats_group != kNoStatsGroup) line("stats-group", std::to_string(zone.access.stats_group));
  }
  out += "end\n";
  return out;
}

Expected<GenerationDescription, Error> parse_generation(std::string_view text) {
  GenerationDescription d;
  size_t line_number = 0;
  bool ended = false;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++line_number;
    auto fail = [&](const std::string& why) {
      return unexpected(Error{"line " + std::to_string(line_number) + ": " + why});
    };
    if (ended) return fail("text after the end");
    if (line_number == 1) {
      if (line != kMagic) return fail("not a generation file of this lnsd");
      continue;
    }
    if (line == "end") {
      ended = true;
      continue;
    }
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return fail("no value");
    std::string_view keyword = line.substr(0, space);
    if (auto why = apply_line(keyword, line.substr(space + 1), d); !why.empty()) {
      return fail(std::string(keyword) + ": " + why);
    }
  }
  // A file cut short (it never is, being renamed into place whole) must not
  // pass for a generation without its last zones.
  if (!ended) return unexpected(Error{"the file ends before its end line"});
  return d;
}

Expected<void, Error> write_generation_file(const std::string& database_dir, uint64_t generation,
                                            const std::string& text) {
  const std::string path = generation_file_path(database_dir, generation);
  const std::string temporary = path + ".tmp";
  UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  if (!fd) return unexpected(Error{"cannot create " + temporary + ": " + std::strerror(errno)});
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::unlink(temporary.c_str());
      return unexpected(Error{"cannot write " + temporary + ": " + std::strerror(error)});
    }
    done += size_t(n);
  }
  fd.reset();
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    return unexpected(Error{"cannot rename " + temporary + " to " + path + ": " + std::strerror(error)});
  }
  return {};
}

Expected<GenerationDescription, Error> read_generation_file(const std::string& database_dir, uint64_t generation) {
  const std::string path = generation_file_path(database_dir, generation);
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(Error{"cannot read " + path + ": " + std::strerror(errno)});
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_generation(text.str());
  if (!parsed) return unexpected(Error{path + ": " + parsed.error().message});
  return parsed;
}

void remove_generation_files_before(const std::string& database_dir, uint64_t oldest_kept) {
  DIR* dir = ::opendir(database_dir.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (!name.starts_with(kPrefix)) continue;
    std::string_view number = name.substr(kPrefix.size());
    if (number.ends_with(".tmp")) number.remove_suffix(4);
    uint64_t generation = 0;
    if (!parse_number(number, generation)) continue;
    if (generation < oldest_kept || name.ends_with(".tmp")) ::unlink((database_dir + "/" + std::string(name)).c_str());
  }
  ::closedir(dir);
}

}  // namespace lnsd
