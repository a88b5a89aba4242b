#include "testing/latency_proxy.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/time/clock.h"

namespace rxlocator {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

bool WriteAll(int fd, const char* data, ssize_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= n;
  }
  return true;
}

}  // namespace

LatencyProxy::LatencyProxy(int target_port) : target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  socklen_t size = sizeof address;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) !=
          0) {
    return;
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

LatencyProxy::~LatencyProxy() {
  stopping_ = true;
  shutdown(listener_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  close(listener_);
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
  for (std::thread& t : forwarders_) t.join();
  for (int fd : sockets_) close(fd);
}

void LatencyProxy::Accept() {
  while (!stopping_) {
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) return;  // The listener was shut down.
    const int target = socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in address = Loopback(target_port_);
    if (connect(target, reinterpret_cast<const sockaddr*>(&address),
                sizeof address) != 0) {
      close(client);
      close(target);
      continue;
    }
    std::lock_guard<std::mutex> lock(mu_);
    sockets_.insert(sockets_.end(), {client, target});
    forwarders_.emplace_back(
        [this, client, target] { Forward(client, target); });
    forwarders_.emplace_back(
        [this, client, target] { Forward(target, client); });
  }
}

void LatencyProxy::Forward(int from, int to) {
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = recv(from, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    const absl::Time arrived = absl::Now();
    absl::SleepFor(arrived + absl::Nanoseconds(delay_ns_.load()) - absl::Now());
    if (!WriteAll(to, buffer, n)) break;
  }
  // One side closed: close the other way too, so both threads end.
  shutdown(to, SHUT_RDWR);
  shutdown(from, SHUT_RDWR);
}

}  // namespace rxlocator
