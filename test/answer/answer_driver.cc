// A stand-in server for the differential test until lnsd serves zones
// itself: "answer_driver -d -c lnsd.conf" reads the configuration, compiles
// every zone into a database in a temporary directory, maps them, and
// answers on the configured addresses over UDP and TCP with answer(), in
// one poll loop. Test-only: no privileges, no reload, no limits.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "answer.hh"
#include "answer_config.hh"
#include "compile.hh"
#include "conf/load.hh"
#include "db/writer.hh"
#include "zone_set.hh"

namespace {

volatile sig_atomic_t stop = 0;
void on_signal(int) { stop = 1; }

struct Listener {
  int fd;
  bool tcp;
};

struct Connection {
  int fd;
  std::vector<uint8_t> input;
};

int open_socket(const lnsd::conf::IpAddress& address, uint16_t port, bool tcp) {
  sockaddr_storage ss{};
  socklen_t len;
  if (address.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    std::memcpy(&sin->sin_addr, address.bytes().data(), 4);
    len = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    std::memcpy(&sin6->sin6_addr, address.bytes().data(), 16);
    len = sizeof(sockaddr_in6);
  }
  int fd = socket(ss.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || (tcp && listen(fd, 64) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

bool write_all(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n <= 0) return false;
    data += n;
    size -= size_t(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-c") == 0 && i + 1 < argc) config_path = argv[++i];
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "usage: answer_driver -d -c CONFIG\n");
    return 2;
  }
  auto config = lnsd::conf::load_config(config_path);
  if (!config) {
    for (const auto& d : config.error()) std::fprintf(stderr, "%s\n", d.message.c_str());
    return 1;
  }
  auto answer_config = lnsd::answer_config_from(*config);
  if (!answer_config) {
    std::fprintf(stderr, "%s\n", answer_config.error().c_str());
    return 1;
  }

  char dir_template[] = "/tmp/answer-driver-XXXXXX";
  if (!mkdtemp(dir_template)) return 1;
  const std::string dir = dir_template;
  lnsd::ZoneSet zones;
  for (const lnsd::conf::Zone& zone : config->zones) {
    lnsd::zonec::LoadOptions options;
    options.parse.zonesdir = config->server.zonesdir;
    auto loaded = lnsd::zonec::load_zone_file(zone.dname, zone.zonefile_path, options);
    const std::string db_path = dir + "/" + zone.dname.to_text() + "db";
    std::optional<lnsd::db::ZoneDb> db;
    if (loaded.ok() && loaded.content && lnsd::db::write_database(*loaded.content, db_path)) {
      auto opened = lnsd::db::ZoneDb::open(db_path);
      if (opened) db.emplace(std::move(*opened));
    }
    if (db) {
      zones.add(std::move(*db), lnsd::zone_access_from(zone));
    } else {
      std::fprintf(stderr, "zone %s did not load\n", zone.name.c_str());
      for (const auto& d : loaded.diags.items()) {
        std::fprintf(stderr, "  %s:%u: %s\n", d.file.c_str(), d.line, d.message.c_str());
      }
      zones.add_broken(zone.dname, lnsd::zone_access_from(zone));
    }
  }

  std::vector<Listener> listeners;
  for (const lnsd::conf::ListenAddress& a : config->server.ip_addresses) {
    if (!a.address) continue;
    uint16_t port = a.port ? *a.port : config->server.port;
    for (bool tcp : {false, true}) {
      int fd = open_socket(*a.address, port, tcp);
      if (fd < 0) {
        std::fprintf(stderr, "cannot listen on %s port %u: %s\n", a.text.c_str(), port, std::strerror(errno));
        return 1;
      }
      listeners.push_back({fd, tcp});
    }
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);

  std::vector<uint8_t> query(65535), response(65535);
  std::vector<Connection> connections;
  while (!stop) {
    std::vector<pollfd> fds;
    for (const Listener& l : listeners) fds.push_back({l.fd, POLLIN, 0});
    for (const Connection& c : connections) fds.push_back({c.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), 500) <= 0) continue;
    for (size_t i = 0; i < listeners.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      if (listeners[i].tcp) {
        int fd = accept(listeners[i].fd, nullptr, nullptr);
        if (fd >= 0) connections.push_back({fd, {}});
        continue;
      }
      lnsd::Client client;
      socklen_t len = sizeof client.address;
      ssize_t n = recvfrom(listeners[i].fd, query.data(), query.size(), 0,
                           reinterpret_cast<sockaddr*>(&client.address), &len);
      if (n <= 0) continue;
      auto r = lnsd::answer({query.data(), size_t(n)}, zones, *answer_config, client, response);
      if (r.disposition == lnsd::Disposition::Send) {
        sendto(listeners[i].fd, response.data(), r.length, 0, reinterpret_cast<sockaddr*>(&client.address), len);
      }
    }
    for (size_t k = 0; k < connections.size();) {
      const pollfd& p = fds[listeners.size() + k];
      Connection& c = connections[k];
      bool closed = false;
      if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
        uint8_t chunk[4096];
        ssize_t n = read(c.fd, chunk, sizeof chunk);
        if (n <= 0) {
          closed = true;
        } else {
          c.input.insert(c.input.end(), chunk, chunk + n);
          while (!closed && c.input.size() >= 2) {
            size_t length = size_t(c.input[0]) << 8 | c.input[1];
            if (c.input.size() < 2 + length) break;
            lnsd::Client client;
            client.transport = lnsd::Transport::Tcp;
            socklen_t len = sizeof client.address;
            getpeername(c.fd, reinterpret_cast<sockaddr*>(&client.address), &len);
            auto r = lnsd::answer({c.input.data() + 2, length}, zones, *answer_config, client, response);
            c.input.erase(c.input.begin(), c.input.begin() + 2 + long(length));
            if (r.disposition == lnsd::Disposition::Send) {
              uint8_t head[2] = {uint8_t(r.length >> 8), uint8_t(r.length)};
              closed = !write_all(c.fd, head, 2) || !write_all(c.fd, response.data(), r.length);
            }
          }
        }
      }
      if (closed) {
        close(c.fd);
        connections.erase(connections.begin() + long(k));
        fds.erase(fds.begin() + long(listeners.size() + k));
      } else {
        ++k;
      }
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
