#include "engine/types.h"

namespace tapelab::engine {

std::string_view to_string(Side side) { return kSideNames.name(side); }
std::string_view to_string(FillModel model) { return kFillModelNames.name(model); }
std::string_view to_string(MarkModel model) { return kMarkModelNames.name(model); }
std::string_view to_string(AtmConvention convention) { return kAtmConventionNames.name(convention); }
std::string_view to_string(RejectReason reason) { return kRejectReasonNames.name(reason); }
std::string_view to_string(ExitReason reason) { return kExitReasonNames.name(reason); }
std::string_view to_string(ExitPricing pricing) { return kExitPricingNames.name(pricing); }
std::string_view to_string(OrderStatus status) { return kOrderStatusNames.name(status); }

}  // namespace tapelab::engine
