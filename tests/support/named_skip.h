// The one way a test may skip: for a reason with a name, e.g.
//   TAPELAB_SKIP_BECAUSE("no-avx2") << "this CPU has no AVX2";
// Any other skip (a bare GTEST_SKIP, or the skips GoogleTest turns a failed
// SetUpTestSuite into) is printed as a failure and fails the test binary
// (tests/support/test_main.cpp), so CTest fails it instead of counting it as
// skipped. TAPELAB_NAMED_SKIP_MARKER comes from tests/CMakeLists.txt.
#pragma once

#include <gtest/gtest.h>

#ifndef TAPELAB_NAMED_SKIP_MARKER
#error "TAPELAB_NAMED_SKIP_MARKER comes from tests/CMakeLists.txt (link tapelab_test_main)"
#endif

// `reason`: a string literal naming why, in lowercase words joined by '-'.
#define TAPELAB_SKIP_BECAUSE(reason) GTEST_SKIP() << TAPELAB_NAMED_SKIP_MARKER " " reason ": "
