// The directives of the master file language: $ORIGIN and $INCLUDE (RFC 1035
// §5.1), $TTL (RFC 2308 §4) and BIND's $GENERATE.
#include <climits>
#include <cstdlib>

#include "generate.hh"
#include "parser.hh"
#include "source_file.hh"

namespace lnsd::zonec {

namespace {

std::string quote(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

void ZoneParser::set_origin(const Name& origin) {
  origin_ = origin;
  origin_inside_zone_ = origin.is_subdomain_of(zone_origin_);
  ++origin_generation_;
}

void ZoneParser::directive_origin(const Entry& entry) {
  if (entry.size() != 2) {
    error(entry.pos(0), "syntax", "$ORIGIN takes one domain name",
          "write $ORIGIN example.com.");
    return;
  }
  auto name = Name::from_text(entry.token(1).text, &origin_);
  if (!name) {
    error(entry.pos(1), "bad-name",
          "bad $ORIGIN name " + quote(entry.token(1).text) + ": " +
              std::string(describe(name.error())),
          "write an absolute domain name ending with a dot, e.g. $ORIGIN example.com.");
    return;
  }
  set_origin(*name);
}

void ZoneParser::directive_ttl(const Entry& entry) {
  if (entry.size() != 2) {
    error(entry.pos(0), "syntax", "$TTL takes one TTL", "write $TTL 3600 or $TTL 1h");
    return;
  }
  if (auto ttl = checked_ttl(entry.token(1), entry.pos(1))) default_ttl_ = ttl;
}

void ZoneParser::directive_include(const Entry& entry) {
  if (entry.size() < 2 || entry.size() > 3) {
    error(entry.pos(0), "syntax", "$INCLUDE takes a file name and an optional origin",
          "write $INCLUDE <file> [<origin>]");
    return;
  }
  std::string path(entry.token(1).text);
  if (path.empty()) {
    error(entry.pos(1), "syntax", "$INCLUDE with an empty file name",
          "write $INCLUDE <file> [<origin>]");
    return;
  }
  if (path[0] != '/') {
    const std::string& base =
        options_.zonesdir.empty() ? files_.back().directory : options_.zonesdir;
    path = base + "/" + path;
  }
  // RFC 1035 §5.1: the origin given to $INCLUDE applies to the included file
  // only; the including file's origin is restored afterwards.
  Name saved_origin = origin_;
  if (entry.size() == 3) {
    auto name = Name::from_text(entry.token(2).text, &origin_);
    if (!name) {
      error(entry.pos(2), "bad-name",
            "bad $INCLUDE origin " + quote(entry.token(2).text) + ": " +
                std::string(describe(name.error())),
            "write an absolute domain name ending with a dot");
      return;
    }
    set_origin(*name);
  }
  auto included = include_file(path);
  if (!included) {
    error(entry.pos(1), "include", included.error().message,
          options_.zonesdir.empty()
              ? "relative $INCLUDE paths are taken from the including file's directory"
              : "relative $INCLUDE paths are taken from the zonesdir " + options_.zonesdir);
  }
  set_origin(saved_origin);
}

Expected<void, Error> ZoneParser::include_file(const std::string& path) {
  if (files_.size() > options_.max_include_depth) {
    return unexpected(Error{"$INCLUDE nested more than " +
                            std::to_string(options_.max_include_depth) + " deep"});
  }
  std::string real = real_path_of(path);
  for (const auto& f : files_) {
    if (!f.real_path.empty() && f.real_path == real) {
      return unexpected(Error{"$INCLUDE loop: " + path + " is already being read"});
    }
  }
  auto file = MappedFile::open(path);
  if (!file) return unexpected(file.error());
  return read_source(path, std::move(real), file->text(), &*file);
}

void ZoneParser::directive_generate(const Entry& entry) {
  auto t = entry.tokens();
  auto p = [&](size_t i) { return entry.pos(i); };
  const std::string usage =
      "write $GENERATE <start>-<stop>[/<step>] <owner> [<TTL>] [<class>] <type> <rdata>, "
      "with $ or ${offset,width,base} where the number goes";
  if (t.size() < 5) {
    error(p(0), "generate", "$GENERATE needs a range, an owner, a type and rdata", usage);
    return;
  }
  auto range = parse_generate_range(t[1].text);
  if (!range) {
    error(p(1), "generate", range.error().message, usage);
    return;
  }
  if (range->count() > options_.max_generate) {
    error(p(1), "generate",
          "$GENERATE range " + quote(t[1].text) + " makes " + std::to_string(range->count()) +
              " records, more than the " + std::to_string(options_.max_generate) + " allowed",
          "split the range or write the records out");
    return;
  }
  // The TTL and class pass through as written; the token after them is the type.
  std::string middle;
  size_t i = 3;
  for (; i < t.size(); ++i) {
    middle += ' ';
    middle += t[i].text;
    std::string_view f = t[i].text;
    bool ttl_or_class = !f.empty() && ((f[0] >= '0' && f[0] <= '9') || class_from_text(f));
    if (!ttl_or_class) {
      ++i;
      break;
    }
  }
  if (i >= t.size()) {
    error(p(t.size() - 1), "generate", "$GENERATE has no rdata after the type", usage);
    return;
  }
  for (uint64_t k = 0; k < range->count(); ++k) {
    int64_t value = int64_t(range->start) + int64_t(k) * range->step;
    generated_.clear();
    auto lhs = generate_substitute(t[2].text, value, generated_);
    if (!lhs) {
      error(p(2), "generate", lhs.error().message, usage);
      return;
    }
    generated_ += middle;
    // As BIND does, quotes around the rdata template are removed before
    // the substitution, so "10 mail$" gives the two fields of an MX.
    for (size_t j = i; j < t.size(); ++j) {
      generated_ += ' ';
      auto rhs = generate_substitute(t[j].text, value, generated_);
      if (!rhs) {
        error(p(j), "generate", rhs.error().message, usage);
        return;
      }
    }
    Lexer lexer(generated_);
    size_t errors_before = diags_.error_count();
    generate_pos_ = p(0);
    if (lexer.next(generated_entry_) && lexer.errors().empty()) {
      process_record(generated_entry_);
    } else {
      error(p(0), "generate",
            "$GENERATE makes the record '" + generated_ + "', which does not parse",
            usage);
    }
    generate_pos_.reset();
    // One error for the directive, not one for every value of the range.
    if (diags_.error_count() != errors_before) return;
  }
}

}  // namespace lnsd::zonec
