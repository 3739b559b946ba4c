#include "zone_compile.hh"

#include "compile.hh"
#include "db/writer.hh"

namespace lnsd::test {
namespace {

Expected<std::vector<uint8_t>, std::string> to_image(zonec::LoadedZone loaded) {
  if (loaded.io_error) return unexpected(loaded.io_error->message);
  for (const zonec::Diagnostic& d : loaded.diags.items()) {
    if (d.severity == zonec::Severity::Error) {
      return unexpected(d.file + ":" + std::to_string(d.line) + ": " + d.message);
    }
  }
  if (!loaded.content) return unexpected(std::string("the compiler gave no content"));
  auto image = db::build_database(*loaded.content);
  if (!image) return unexpected(image.error().message);
  return std::move(*image);
}

}  // namespace

Expected<std::vector<uint8_t>, std::string> compile_zone_text(const Name& origin, std::string_view text) {
  return to_image(zonec::load_zone_text(origin, text, origin.to_text()));
}

Expected<std::vector<uint8_t>, std::string> compile_zone_file(const Name& origin, const std::string& path,
                                                             const std::string& zonesdir) {
  zonec::LoadOptions options;
  options.parse.zonesdir = zonesdir;
  return to_image(zonec::load_zone_file(origin, path, options));
}

}  // namespace lnsd::test
