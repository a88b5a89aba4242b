// MetricsHttpServer: the HTTP endpoint Prometheus scrapes, on a port of its
// own (libmicrohttpd, one thread). GET (or HEAD) /metrics answers 200 with
// the text that `render` returns, as text/plain; version=0.0.4; any other
// path is 404 and any other method 405.
//
//   absl::StatusOr<std::unique_ptr<MetricsHttpServer>> metrics =
//       MetricsHttpServer::Start("127.0.0.1", 0, [&] { return Render(); });
//   if (!metrics.ok()) ...
//   int port = (*metrics)->port();  // The one picked, for port 0.
//
// Thread safety: `render` is called on the server's thread, one scrape at a
// time, so it must be safe to call alongside the rest of the process.
// Destroying the server stops it and waits for a scrape in progress.
#ifndef RXLOCATOR_SERVER_METRICS_HTTP_H_
#define RXLOCATOR_SERVER_METRICS_HTTP_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct MHD_Daemon;  // libmicrohttpd

namespace rxlocator {

class MetricsHttpServer {
 public:
  using Render = std::function<std::string()>;

  // Listens on `host` (an IPv4 or IPv6 address, or a name that resolves to
  // one) and `port` (0 picks a free one). Unavailable if it cannot.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& host, int port, Render render);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  int port() const { return port_; }

 private:
  explicit MetricsHttpServer(Render render) : render_(std::move(render)) {}

  const Render render_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_METRICS_HTTP_H_
