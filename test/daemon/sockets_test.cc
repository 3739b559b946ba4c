// Listen addresses and the listening sockets main opens
// (daemon/socket_address.hh, daemon/sockets.hh).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>

#include "daemon/sockets.hh"
#include "net_client.hh"

using namespace lnsd;
using namespace lnsd::test;

namespace {

int int_option(int fd, int level, int option) {
  int value = -1;
  socklen_t length = sizeof value;
  getsockopt(fd, level, option, &value, &length);
  return value;
}

ServerSettings loopback_settings(uint16_t port) {
  ServerSettings settings;
  settings.port = port;
  settings.ip_addresses = {ListenSpec{"127.0.0.1", {}}, ListenSpec{"::1", {}}};
  return settings;
}

}  // namespace

TEST_CASE("addresses are read in NSD's address@port notation", "[sockets]") {
  auto v4 = parse_socket_address("192.0.2.1", 53);
  REQUIRE(v4);
  CHECK(v4->family() == AF_INET);
  CHECK(v4->port() == 53);
  CHECK(to_string(*v4) == "192.0.2.1@53");

  auto v6 = parse_socket_address("2001:db8::1@5353", 53);
  REQUIRE(v6);
  CHECK(v6->family() == AF_INET6);
  CHECK(v6->port() == 5353);
  CHECK(to_string(*v6) == "2001:db8::1@5353");

  CHECK(parse_socket_address("0.0.0.0", 53)->is_wildcard());
  CHECK(parse_socket_address("::", 53)->is_wildcard());
  CHECK_FALSE(parse_socket_address("::1", 53)->is_wildcard());
}

TEST_CASE("names and bad ports are not addresses", "[sockets]") {
  CHECK_FALSE(parse_socket_address("localhost", 53));
  CHECK_FALSE(parse_socket_address("192.0.2.1@", 53));
  CHECK_FALSE(parse_socket_address("192.0.2.1@0", 53));
  CHECK_FALSE(parse_socket_address("192.0.2.1@70000", 53));
  CHECK_FALSE(parse_socket_address("192.0.2.256", 53));
}

TEST_CASE("without ip-address, lnsd listens on the wildcard address of each family", "[sockets]") {
  ServerSettings settings;
  settings.port = 5300;
  auto targets = listen_targets(settings);
  REQUIRE(targets);
  REQUIRE(targets->size() == 2);
  CHECK(to_string((*targets)[0].address) == "0.0.0.0@5300");
  CHECK(to_string((*targets)[1].address) == "::@5300");

  settings.do_ip6 = false;
  REQUIRE(listen_targets(settings)->size() == 1);
}

TEST_CASE("do-ip4 and do-ip6 filter the ip-address list", "[sockets]") {
  ServerSettings settings = loopback_settings(5300);
  settings.do_ip4 = false;
  auto targets = listen_targets(settings);
  REQUIRE(targets);
  REQUIRE(targets->size() == 1);
  CHECK((*targets)[0].address.family() == AF_INET6);
  settings.ip_addresses = {ListenSpec{"127.0.0.1", {}}};
  CHECK_FALSE(listen_targets(settings));  // nothing left
}

TEST_CASE("sockets carry the options NSD sets", "[sockets]") {
  uint16_t port = free_port();
  ServerSettings settings;
  settings.receive_buffer_size = 300000;
  auto v4 = open_listening_socket(loopback_address(AF_INET, port), SocketKind::Udp, settings, false);
  REQUIRE(v4);
  CHECK(int_option(v4->fd.get(), IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_OMIT);
  // The kernel doubles the value asked for (bookkeeping overhead).
  CHECK(int_option(v4->fd.get(), SOL_SOCKET, SO_RCVBUF) >= 300000);

  auto v6 = open_listening_socket(loopback_address(AF_INET6, port), SocketKind::Udp, settings, false);
  REQUIRE(v6);
  CHECK(int_option(v6->fd.get(), IPPROTO_IPV6, IPV6_V6ONLY) == 1);
  CHECK(int_option(v6->fd.get(), IPPROTO_IPV6, IPV6_DONTFRAG) == 0);

  auto tcp6 = open_listening_socket(loopback_address(AF_INET6, port), SocketKind::Tcp, settings, false);
  REQUIRE(tcp6);
  CHECK(int_option(tcp6->fd.get(), IPPROTO_IPV6, IPV6_V6ONLY) == 1);
  CHECK(int_option(tcp6->fd.get(), SOL_SOCKET, SO_ACCEPTCONN) == 1);
}

TEST_CASE("ip-freebind binds an address the host does not have", "[sockets]") {
  ServerSettings settings;
  SocketAddress absent = *parse_socket_address("192.0.2.77", free_port());
  CHECK_FALSE(open_listening_socket(absent, SocketKind::Udp, settings, false));
  settings.ip_freebind = true;
  auto socket = open_listening_socket(absent, SocketKind::Udp, settings, false);
  REQUIRE(socket);
  CHECK(int_option(socket->fd.get(), IPPROTO_IP, IP_FREEBIND) == 1);
}

TEST_CASE("a bind failure names the address and the cause", "[sockets]") {
  uint16_t port = free_port();
  ServerSettings settings = loopback_settings(port);
  auto first = open_listening_sockets(settings);
  REQUIRE(first);
  auto second = open_listening_sockets(settings);
  REQUIRE_FALSE(second);
  CHECK(second.error().message.find("127.0.0.1@" + std::to_string(port)) != std::string::npos);
  CHECK(second.error().message.find("in use") != std::string::npos);
}

TEST_CASE("without reuseport all servers share one UDP and one TCP socket per address", "[sockets]") {
  ServerSettings settings = loopback_settings(free_port());
  settings.server_count = 3;
  auto set = open_listening_sockets(settings);
  REQUIRE(set);
  CHECK(set->sockets.size() == 4);
  for (unsigned server = 0; server < 3; ++server) CHECK(set->server_sockets[server].size() == 4);
  CHECK(set->for_server(2)[0].fd == set->for_server(0)[0].fd);
}

TEST_CASE("with reuseport every server has sockets of its own on the same addresses", "[sockets]") {
  ServerSettings settings = loopback_settings(free_port());
  settings.server_count = 3;
  settings.reuseport = true;
  auto set = open_listening_sockets(settings);
  REQUIRE(set);
  CHECK(set->sockets.size() == 12);
  auto first = set->for_server(0);
  auto third = set->for_server(2);
  REQUIRE(first.size() == 4);
  REQUIRE(third.size() == 4);
  CHECK(first[0].fd != third[0].fd);
  CHECK(int_option(third[0].fd, SOL_SOCKET, SO_REUSEPORT) == 1);

  // A forked server keeps its own descriptors and closes the others'.
  int mine = third[0].fd;
  set->keep_only(2);
  CHECK(set->sockets[0].fd.get() == -1);
  CHECK(fcntl(mine, F_GETFD) != -1);
}

TEST_CASE("servers= gives an address to some servers only", "[sockets]") {
  uint16_t port = free_port();
  ServerSettings settings;
  settings.port = port;
  settings.server_count = 3;
  settings.ip_addresses = {ListenSpec{"127.0.0.1", {{2, 3}}}, ListenSpec{"::1", {}}};
  auto set = open_listening_sockets(settings);
  REQUIRE(set);
  CHECK(set->for_server(0).size() == 2);  // ::1 only
  CHECK(set->for_server(1).size() == 4);
  CHECK(set->for_server(2).size() == 4);
  for (const auto& socket : set->for_server(0)) CHECK(socket.family == AF_INET6);
}

TEST_CASE("xfrd keeps no listening socket", "[sockets]") {
  ServerSettings settings = loopback_settings(free_port());
  auto set = open_listening_sockets(settings);
  REQUIRE(set);
  set->keep_only(-1);
  for (const auto& socket : set->sockets) CHECK_FALSE(socket.fd.valid());
}
