// FreePort: a loopback TCP port that nothing listened on a moment ago, for
// a server that must be told its port. Another process may take it before
// the server binds, so callers retry on a bind failure.
#ifndef RXLOCATOR_TESTING_FREE_PORT_H_
#define RXLOCATOR_TESTING_FREE_PORT_H_

namespace rxlocator {

// 0 if none could be had.
int FreePort();

}  // namespace rxlocator

#endif  // RXLOCATOR_TESTING_FREE_PORT_H_
