// HttpRequest: one plain HTTP/1.0 request over a real socket to a port on
// 127.0.0.1, for tests of the metrics endpoint.
//
//   HttpResponse r = HttpRequest(port, "GET", "/metrics");
//   EXPECT_EQ(r.status, 200);
#ifndef RXLOCATOR_TESTS_SERVER_HTTP_GET_H_
#define RXLOCATOR_TESTS_SERVER_HTTP_GET_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace rxlocator {

struct HttpResponse {
  int status = 0;       // 0 if no response came.
  std::string headers;  // The status line and headers, lowercased.
  std::string body;
};

inline HttpResponse HttpRequest(int port, const std::string& method,
                                const std::string& path) {
  HttpResponse response;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return response;
  }
  const std::string request =
      absl::StrCat(method, " ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    raw.append(buffer, n);
  }
  close(fd);
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.size() < 12) return response;
  response.headers = absl::AsciiStrToLower(raw.substr(0, end));
  response.body = raw.substr(end + 4);
  // "HTTP/1.1 200 OK"
  if (!absl::SimpleAtoi(raw.substr(9, 3), &response.status)) {
    response.status = 0;
  }
  return response;
}

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTS_SERVER_HTTP_GET_H_
