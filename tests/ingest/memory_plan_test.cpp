// How --memory-budget is split between working sets and buffered rows.
#include <gtest/gtest.h>

#include "dataset/partition_builder.h"
#include "ingest/memory_plan.h"

namespace tapelab::ingest {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kGiB = std::size_t{1} << 30;

std::size_t writer() {
  return dataset::finish_working_set(dataset::TableKind::kOptions, dataset::BuildOptions{});
}

TEST(MemoryPlan, AWriterIsTheSizeOfTwoRowGroupsAndTheirColumns) {
  // Two staged row groups of at least 200k rows at 300+ bytes a row alone are over 120 MB.
  EXPECT_GT(writer(), 120 * kMiB);
  EXPECT_LT(writer(), kGiB);
  EXPECT_LT(dataset::finish_working_set(dataset::TableKind::kSpot, dataset::BuildOptions{}), writer());
}

TEST(MemoryPlan, TheDefaultBudgetOnTwoCoresWritesTwoPartitionsAndGivesTheRestToRows) {
  const MemoryPlan plan = plan_memory(2 * kGiB, 2, 2);
  EXPECT_EQ(plan.writers, 2);
  EXPECT_FALSE(plan.below_working_set);
  EXPECT_EQ(plan.working_set, 2 * writer());
  EXPECT_EQ(plan.row_budget + plan.working_set, 2 * kGiB);
}

TEST(MemoryPlan, ManyCoresDoNotReadOrWriteMoreThanHalfTheBudgetHolds) {
  const MemoryPlan plan = plan_memory(2 * kGiB, 24, 24);
  EXPECT_GE(plan.writers, 1);
  EXPECT_LT(plan.writers, 24);
  EXPECT_GE(plan.readers, 1);
  EXPECT_LT(plan.readers, 24);
  EXPECT_LE(static_cast<std::size_t>(plan.writers) * writer(), kGiB);
  EXPECT_FALSE(plan.below_working_set);
  EXPECT_EQ(plan.row_budget + plan.working_set, 2 * kGiB);
}

TEST(MemoryPlan, ReadersNeverPassTheJobsAskedFor) {
  EXPECT_EQ(plan_memory(64 * kGiB, 3, 24).readers, 3);
  EXPECT_EQ(plan_memory(64 * kGiB, 0, 24).readers, 1);
}

TEST(MemoryPlan, ALargeBudgetWritesOnEveryCore) {
  const MemoryPlan plan = plan_memory(64 * kGiB, 24, 24);
  EXPECT_EQ(plan.writers, 24);
  EXPECT_EQ(plan.row_budget, 64 * kGiB - plan.working_set);
}

TEST(MemoryPlan, ManyReadersReserveMoreThanTheWriters) {
  const MemoryPlan few = plan_memory(8 * kGiB, 2, 2);
  const MemoryPlan many = plan_memory(8 * kGiB, 32, 2);
  EXPECT_EQ(many.readers, 32);
  EXPECT_GT(many.working_set, few.working_set);
  EXPECT_EQ(many.row_budget + many.working_set, 8 * kGiB);
}

TEST(MemoryPlan, ABudgetBelowOneWriterStillRunsAndSaysSo) {
  const MemoryPlan plan = plan_memory(4 * kMiB, 2, 2);
  EXPECT_TRUE(plan.below_working_set);
  EXPECT_EQ(plan.writers, 1);
  EXPECT_EQ(plan.row_budget, kMiB);
}

}  // namespace
}  // namespace tapelab::ingest
