#include "server/metrics_http.h"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/json_log.h"

namespace rxlocator {
namespace {

constexpr char kMetricsType[] = "text/plain; version=0.0.4; charset=utf-8";
constexpr char kTextType[] = "text/plain; charset=utf-8";

MHD_Result Reply(MHD_Connection* connection, unsigned int code,
                 const std::string& body, const char* content_type,
                 const char* allow = nullptr) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  if (allow != nullptr) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, allow);
  }
  const MHD_Result queued = MHD_queue_response(connection, code, response);
  MHD_destroy_response(response);
  return queued;
}

// libmicrohttpd's request handler; `render` is the server's Render.
MHD_Result Handle(void* render, MHD_Connection* connection, const char* url,
                  const char* method, const char* /*version*/,
                  const char* /*upload_data*/, size_t* /*upload_data_size*/,
                  void** /*request_state*/) {
  const absl::string_view verb(method);
  if (verb != MHD_HTTP_METHOD_GET && verb != MHD_HTTP_METHOD_HEAD) {
    return Reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                 "only GET is served here\n", kTextType, "GET, HEAD");
  }
  if (absl::string_view(url) != "/metrics") {
    return Reply(connection, MHD_HTTP_NOT_FOUND,
                 "not found: the metrics are at /metrics\n", kTextType);
  }
  return Reply(connection, MHD_HTTP_OK,
               (*static_cast<const MetricsHttpServer::Render*>(render))(),
               kMetricsType);
}

void LogError(void* /*unused*/, const char* format, va_list args) {
  char message[512];
  std::vsnprintf(message, sizeof message, format, args);
  Log(LogLevel::kWarning, absl::StripTrailingAsciiWhitespace(message),
      {{"component", "metrics_http"}});
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& host, int port, Render render) {
  const std::string where = absl::StrCat(host, ":", port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
      error != 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve metrics on ", where, ": ", gai_strerror(error)));
  }
  sockaddr_storage address{};
  const bool ipv6 = found->ai_family == AF_INET6;
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (ipv6) {
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(port);
  }

  std::unique_ptr<MetricsHttpServer> server(
      new MetricsHttpServer(std::move(render)));
  server->daemon_ = MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
          (ipv6 ? MHD_USE_IPv6 : 0),
      static_cast<uint16_t>(port), /*apc=*/nullptr, /*apc_cls=*/nullptr,
      &Handle, const_cast<Render*>(&server->render_),
      // The logger first, so that it hears every message.
      MHD_OPTION_EXTERNAL_LOGGER, &LogError, nullptr, MHD_OPTION_SOCK_ADDR,
      &address, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_CONNECTION_LIMIT,
      64u, MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", where));
  }
  const MHD_DaemonInfo* info =
      MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info != nullptr ? info->port : port;
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace rxlocator
