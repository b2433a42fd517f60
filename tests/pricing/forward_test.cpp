// Forwards from put-call parity and from futures.
#include <cmath>

#include <gtest/gtest.h>

#include "pricing/black.h"
#include "pricing/forward.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

TEST(Forward, ParityRecoversTheForwardThatPricedTheOptions) {
  const double forward = 25137.5;
  for (double strike : {24500.0, 25100.0, 25150.0, 26000.0}) {
    const OptionInputs call{Model::kBlack76, OptionType::kCall, forward, strike, 9.0 / 365, 0.065};
    OptionInputs put = call;
    put.type = OptionType::kPut;
    for (double vol : {0.08, 0.6}) {
      EXPECT_NEAR(forward_from_parity(strike, price(call, vol), price(put, vol), 9.0 / 365, 0.065), forward, 1e-9)
          << strike << " " << vol;
    }
  }
}

TEST(Forward, ParityByHand) {
  // C - P = 12 at K = 100 with r = 10%, T = 1: F = 100 + 12 e^{0.1}.
  EXPECT_DOUBLE_EQ(forward_from_parity(100, 20, 8, 1, 0.1), 100 + 12 * std::exp(0.1));
  EXPECT_DOUBLE_EQ(forward_from_parity(100, 8, 20, 0, 0.1), 88);
}

TEST(Forward, ParityRejectsWhatCannotBeAForward) {
  EXPECT_THROW(forward_from_parity(-100, 5, 5, 0.1, 0.05), Error);
  EXPECT_THROW(forward_from_parity(100, -1, 5, 0.1, 0.05), Error);
  EXPECT_THROW(forward_from_parity(100, 5, NAN, 0.1, 0.05), Error);
  EXPECT_THROW(forward_from_parity(100, 5, 5, -0.1, 0.05), Error);
  try {
    forward_from_parity(100, 1, 150, 0, 0.05);
    ADD_FAILURE() << "a negative forward was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "put-call parity at strike 100 (call 1, put 150) gives a forward of -49, not a positive price");
  }
}

TEST(Forward, FuturesOfTheSameExpiryAreTheForward) {
  EXPECT_EQ(forward_from_futures(25210.5, 0.05, 0.05, 0.065), 25210.5);
}

TEST(Forward, FuturesOfAnotherExpiryAreCarriedAtTheRate) {
  // A monthly future 20 days out prices a weekly option 6 days out.
  const double f = forward_from_futures(25300, 20.0 / 365, 6.0 / 365, 0.065);
  EXPECT_DOUBLE_EQ(f, 25300 * std::exp(0.065 * (6.0 - 20.0) / 365));
  EXPECT_LT(f, 25300);
  EXPECT_THROW(forward_from_futures(0, 0.1, 0.1, 0.065), Error);
  EXPECT_THROW(forward_from_futures(25300, -0.1, 0.1, 0.065), Error);
}

}  // namespace
}  // namespace tapelab::pricing
