#include "server_fixture.hh"

#include <stdexcept>

namespace lnsd::test {

namespace {

SharedRegion make_region() {
  auto region = SharedRegion::create(1, 0);
  if (!region) throw std::runtime_error(region.error().message);
  return std::move(*region);
}

ChannelPair make_pair() {
  auto pair = make_channel();
  if (!pair) throw std::runtime_error(pair.error().message);
  return std::move(*pair);
}

}  // namespace

ServerFixture::ServerFixture(const TcpOptions& tcp, ServerSettings settings)
    : port_(free_port()), region_(make_region()), channel_(make_pair()) {
  for (int family : {AF_INET, AF_INET6}) {
    for (SocketKind kind : {SocketKind::Udp, SocketKind::Tcp}) {
      auto socket = open_listening_socket(loopback_address(family, port_), kind, settings, false);
      if (!socket) throw std::runtime_error(socket.error().message);
      sockets_.push_back(std::move(*socket));
    }
  }
  std::vector<ServerSocket> views;
  for (const auto& s : sockets_) views.push_back(ServerSocket{s.fd.get(), s.kind, s.address.family(), s.wildcard});
  ServerProcessOptions options;
  options.tcp = tcp;
  thread_ = std::thread([this, options, views] {
    event_base* base = event_base_new();
    {
      Server server(base, options, views, answerer, region_.slot(0), region_.zone_stats_table(0),
                    channel_.child_end.get());
      server.run();
    }
    event_base_free(base);
    done_ = true;
  });
}

ServerFixture::~ServerFixture() {
  if (channel_.main_end) send(ChannelCommand::Shutdown);
  if (!stopped_within(std::chrono::seconds(5))) std::terminate();  // a hung server must not hang the suite
  thread_.join();
}

void ServerFixture::send(ChannelCommand command, uint64_t value) {
  if (!send_message(channel_.main_end.get(), ChannelMessage{command, 0, value})) {
    throw std::runtime_error("cannot send to the server");
  }
}

bool ServerFixture::stopped_within(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done_) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace lnsd::test
