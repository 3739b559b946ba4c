// Linked into every fuzz target: UndefinedBehaviorSanitizer reports and
// carries on by default, so an undefined behaviour would only be a line in
// the log; halting makes it a crash that libFuzzer saves and test/run
// reports.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}
