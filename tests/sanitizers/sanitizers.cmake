# Sanitizer builds, included by the top-level CMakeLists.txt when
# RXLOCATOR_SANITIZER is set (the asan and tsan presets of CMakePresets.json
# set it; README.md in this folder says how the suite runs under them):
#
# - address: AddressSanitizer with LeakSanitizer, and UndefinedBehaviorSanitizer
#   (float-cast-overflow too); any finding stops the program.
# - thread: ThreadSanitizer, with tsan_absl_mutex.cc in every executable so
#   that it sees abseil's Mutex, CondVar and Notification.
#
# Every target of the project is instrumented, tests and benchmarks included;
# Debian's gRPC, protobuf and abseil are not (see tsan.supp).
#
# Beware under thread: protobuf's MapFieldBase has extra members when
# __SANITIZE_THREAD__ is defined, so a `map<>` field in proto/ would differ
# between our code and Debian's libprotobuf. The API has none.
set(rx_sanitizer_flags -fno-omit-frame-pointer)
if(RXLOCATOR_SANITIZER STREQUAL "address")
  list(APPEND rx_sanitizer_flags
       -fsanitize=address,undefined,float-cast-overflow
       -fno-sanitize-recover=all)
elseif(RXLOCATOR_SANITIZER STREQUAL "thread")
  list(APPEND rx_sanitizer_flags -fsanitize=thread)
else()
  message(FATAL_ERROR
          "RXLOCATOR_SANITIZER must be address or thread, not '${RXLOCATOR_SANITIZER}'")
endif()
add_compile_options(${rx_sanitizer_flags})
add_link_options(${rx_sanitizer_flags})

if(RXLOCATOR_SANITIZER STREQUAL "thread")
  # Linked into every executable made after this (not into libraries), so
  # that its definitions come before libabsl_synchronization's; compiled
  # once.
  add_library(rxlocator_tsan_absl_mutex_object OBJECT
    ${CMAKE_CURRENT_LIST_DIR}/tsan_absl_mutex.cc)
  target_link_libraries(rxlocator_tsan_absl_mutex_object PRIVATE
    absl::synchronization)
  add_library(rxlocator_tsan_absl_mutex INTERFACE)
  target_sources(rxlocator_tsan_absl_mutex INTERFACE
    "$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:$<TARGET_OBJECTS:rxlocator_tsan_absl_mutex_object>>")
  target_link_libraries(rxlocator_tsan_absl_mutex INTERFACE
    absl::synchronization ${CMAKE_DL_LIBS})
  link_libraries(rxlocator_tsan_absl_mutex)
endif()
