// Makes abseil's Mutex, CondVar and Notification visible to ThreadSanitizer
// when abseil itself is not instrumented (Debian's is not). Compiled into
// every executable of the tsan build (sanitizers.cmake), nowhere else.
//
// ThreadSanitizer learns that one thread's writes happen before another's
// reads from the synchronisation it sees: pthread calls, which it
// intercepts, and code it instruments. abseil's Mutex waits on futexes in
// libabsl_synchronization.so, whose annotations for ThreadSanitizer are
// compiled out, so every piece of data guarded by an absl::Mutex (ours, and
// gRPC's, which builds its own Mutex on abseil's) would look like a data
// race. An instrumented abseil is what Google uses; lacking one, this file
// defines the same exported functions, which the dynamic linker then binds
// in preference to the library's (an executable's definitions come first),
// and each annotates the operation as abseil's own code does when built
// with -fsanitize=thread (absl/synchronization/mutex.cc), then calls the
// library's definition, found with dlsym(RTLD_NEXT).
//
// The destructor is left alone: gRPC frees its objects once reference
// counts that ThreadSanitizer cannot see reach zero, so a destroy annotation
// would look like a race with the last unlock; free() drops what
// ThreadSanitizer keeps for the memory anyway.
//
// Only the outermost of nested calls annotates (a timed wait calls the
// deadline one, Notification calls its Mutex): the library's functions call
// each other through these definitions too.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "absl/base/options.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

#if !defined(__SANITIZE_THREAD__)
#error "tsan_absl_mutex.cc is only for -fsanitize=thread builds"
#endif
// The symbol names below are those of an inline namespace (absl::debian3).
static_assert(ABSL_OPTION_USE_INLINE_NAMESPACE == 1);

namespace absl {
ABSL_NAMESPACE_BEGIN
namespace {

#define RX_STRINGIFY_INNER(x) #x
#define RX_STRINGIFY(x) RX_STRINGIFY_INNER(x)

// The library's definition of the member function whose mangled name is
// _ZN (or _ZNK for a const one), then absl and its inline namespace, then
// `rest`.
template <typename Fn>
Fn Real(bool is_const, const char* rest) {
  const std::string ns = RX_STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name = std::string(is_const ? "_ZNK" : "_ZN") + "4absl" +
                           std::to_string(ns.size()) + ns + rest;
  void* symbol = dlsym(RTLD_NEXT, name.c_str());
  if (symbol == nullptr) {
    std::fprintf(stderr, "tsan_absl_mutex: no %s in abseil: %s\n", name.c_str(),
                 dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(symbol);
}

thread_local int depth = 0;

// Counts one call; whether it is the outermost on this thread.
class Nesting {
 public:
  Nesting() : outermost_(depth++ == 0) {}
  ~Nesting() { --depth; }
  Nesting(const Nesting&) = delete;
  Nesting& operator=(const Nesting&) = delete;
  bool outermost() const { return outermost_; }

 private:
  const bool outermost_;
};

// Whether `mu`, held by this thread, is held for reading: a Mutex is one
// word whose kMuWriter bit (8) says it is held exclusively, as
// CondVar::WaitCommon reads it in mutex.cc.
unsigned HeldFlags(const Mutex* mu) {
  static_assert(sizeof(Mutex) == sizeof(std::atomic<intptr_t>));
  const auto* word = reinterpret_cast<const std::atomic<intptr_t>*>(mu);
  return (word->load(std::memory_order_relaxed) & 8) != 0
             ? 0
             : __tsan_mutex_read_lock;
}

// Runs `call`, which takes `mu`, between the annotations of a lock; returns
// what `call` returns.
template <typename Call>
auto LockBetweenAnnotations(Mutex* mu, unsigned flags, Call call) {
  __tsan_mutex_pre_lock(mu, flags);
  if constexpr (std::is_void_v<decltype(call())>) {
    call();
    __tsan_mutex_post_lock(mu, flags, 0);
  } else {
    auto result = call();
    __tsan_mutex_post_lock(mu, flags, 0);
    return result;
  }
}

// A lock operation on `mu` (Lock, ReaderLock, LockWhen...), done by
// `call`; `flags` is 0 or __tsan_mutex_read_lock.
template <typename Call>
auto AnnotatedLock(Mutex* mu, unsigned flags, Call call) {
  const Nesting nesting;
  if (!nesting.outermost()) return call();
  return LockBetweenAnnotations(mu, flags, call);
}

bool AnnotatedTryLock(Mutex* mu, unsigned flags, bool (*real)(Mutex*)) {
  const Nesting nesting;
  if (!nesting.outermost()) return real(mu);
  flags |= __tsan_mutex_try_lock;
  __tsan_mutex_pre_lock(mu, flags);
  const bool locked = real(mu);
  __tsan_mutex_post_lock(
      mu, locked ? flags : flags | __tsan_mutex_try_lock_failed, 0);
  return locked;
}

void AnnotatedUnlock(Mutex* mu, unsigned flags, void (*real)(Mutex*)) {
  const Nesting nesting;
  if (!nesting.outermost()) return real(mu);
  __tsan_mutex_pre_unlock(mu, flags);
  real(mu);
  __tsan_mutex_post_unlock(mu, flags);
}

// A wait, done by `call`, that releases `mu` (held by this thread) and
// takes it again before it returns: Await, CondVar::Wait.
template <typename Call>
auto AnnotatedWait(Mutex* mu, Call call) {
  const Nesting nesting;
  if (!nesting.outermost()) return call();
  const unsigned flags = HeldFlags(mu);
  __tsan_mutex_pre_unlock(mu, flags);
  __tsan_mutex_post_unlock(mu, flags);
  return LockBetweenAnnotations(mu, flags, call);
}

}  // namespace

void Mutex::Lock() {
  static const auto real = Real<void (*)(Mutex*)>(false, "5Mutex4LockEv");
  AnnotatedLock(this, 0, [&] { real(this); });
}

void Mutex::ReaderLock() {
  static const auto real =
      Real<void (*)(Mutex*)>(false, "5Mutex10ReaderLockEv");
  AnnotatedLock(this, __tsan_mutex_read_lock, [&] { real(this); });
}

bool Mutex::TryLock() {
  static const auto real = Real<bool (*)(Mutex*)>(false, "5Mutex7TryLockEv");
  return AnnotatedTryLock(this, 0, real);
}

bool Mutex::ReaderTryLock() {
  static const auto real =
      Real<bool (*)(Mutex*)>(false, "5Mutex13ReaderTryLockEv");
  return AnnotatedTryLock(this, __tsan_mutex_read_lock, real);
}

void Mutex::Unlock() {
  static const auto real = Real<void (*)(Mutex*)>(false, "5Mutex6UnlockEv");
  AnnotatedUnlock(this, 0, real);
}

void Mutex::ReaderUnlock() {
  static const auto real =
      Real<void (*)(Mutex*)>(false, "5Mutex12ReaderUnlockEv");
  AnnotatedUnlock(this, __tsan_mutex_read_lock, real);
}

void Mutex::LockWhen(const Condition& cond) {
  static const auto real = Real<void (*)(Mutex*, const Condition&)>(
      false, "5Mutex8LockWhenERKNS0_9ConditionE");
  AnnotatedLock(this, 0, [&] { return real(this, cond); });
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  static const auto real = Real<void (*)(Mutex*, const Condition&)>(
      false, "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  AnnotatedLock(this, __tsan_mutex_read_lock, [&] { return real(this, cond); });
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      false, "5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  return AnnotatedLock(this, 0, [&] { return real(this, cond, timeout); });
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      false,
      "5Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  return AnnotatedLock(this, __tsan_mutex_read_lock,
                       [&] { return real(this, cond, timeout); });
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      false, "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return AnnotatedLock(this, 0, [&] { return real(this, cond, deadline); });
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      false, "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return AnnotatedLock(this, __tsan_mutex_read_lock,
                       [&] { return real(this, cond, deadline); });
}

void Mutex::Await(const Condition& cond) {
  static const auto real = Real<void (*)(Mutex*, const Condition&)>(
      false, "5Mutex5AwaitERKNS0_9ConditionE");
  AnnotatedWait(this, [&] { real(this, cond); });
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      false, "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  return AnnotatedWait(this, [&] { return real(this, cond, timeout); });
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      false, "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return AnnotatedWait(this, [&] { return real(this, cond, deadline); });
}

void CondVar::Wait(Mutex* mu) {
  static const auto real =
      Real<void (*)(CondVar*, Mutex*)>(false, "7CondVar4WaitEPNS0_5MutexE");
  AnnotatedWait(mu, [&] { real(this, mu); });
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Duration)>(
      false, "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  return AnnotatedWait(mu, [&] { return real(this, mu, timeout); });
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Time)>(
      false, "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  return AnnotatedWait(mu, [&] { return real(this, mu, deadline); });
}

// A Notification orders what came before Notify before what follows a wait
// that saw it, through an atomic flag abseil sets in the library: the
// annotations say so with the Notification's address.
void Notification::Notify() {
  static const auto real =
      Real<void (*)(Notification*)>(false, "12Notification6NotifyEv");
  const Nesting nesting;
  if (nesting.outermost()) __tsan_release(this);
  real(this);
}

namespace {

// A wait for `notification`, done by `call`, which returns whether it saw
// the notification.
template <typename Call>
bool AnnotatedNotificationWait(const Notification* notification, Call call) {
  const Nesting nesting;
  const bool notified = call();
  if (notified && nesting.outermost()) {
    __tsan_acquire(const_cast<Notification*>(notification));
  }
  return notified;
}

}  // namespace

void Notification::WaitForNotification() const {
  static const auto real = Real<void (*)(const Notification*)>(
      true, "12Notification19WaitForNotificationEv");
  AnnotatedNotificationWait(this, [&] {
    real(this);
    return true;
  });
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const auto real = Real<bool (*)(const Notification*, Duration)>(
      true, "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE");
  return AnnotatedNotificationWait(this, [&] { return real(this, timeout); });
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  static const auto real = Real<bool (*)(const Notification*, Time)>(
      true, "12Notification31WaitForNotificationWithDeadlineENS0_4TimeE");
  return AnnotatedNotificationWait(this, [&] { return real(this, deadline); });
}

ABSL_NAMESPACE_END
}  // namespace absl
