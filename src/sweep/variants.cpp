#include "sweep/variants.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "strategies/config_document.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::sweep {
namespace {

using Path = std::vector<std::string>;

// Far more variants than any machine runs in a session; a typo in a grid
// (a list of 1000 values where 10 were meant) fails here instead.
constexpr std::size_t kMaxVariants = 100'000;

std::string dotted(const Path& path) { return fmt::format("{}", fmt::join(path, ".")); }

std::string value_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return fmt::format("{}", integer->get());
  if (const auto* number = node.as_floating_point()) return fmt::format("{}", number->get());
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  if (const auto* list = node.as_array()) {
    std::vector<std::string> items;
    for (const toml::node& item : *list) items.push_back(value_text(item));
    return fmt::format("[{}]", fmt::join(items, ","));
  }
  if (const auto* table = node.as_table()) {
    std::vector<std::string> items;
    for (const auto& [key, item] : *table) items.push_back(fmt::format("{}={}", key.str(), value_text(item)));
    return fmt::format("{{{}}}", fmt::join(items, ","));
  }
  std::ostringstream out;  // dates and times, as TOML writes them
  node.visit([&](const auto& value) { out << value; });
  return out.str();
}

// One key a grid or a list entry sets: its path in the strategy table and
// the node holding its value (a grid: the list of values).
struct Leaf {
  Path path;
  const toml::node* node = nullptr;
};

// `where` names the table in messages ("strategy[1].grid").
void collect_leaves(const toml::table& table, const Path& prefix, std::string_view source, const std::string& where,
                    std::vector<Leaf>& out) {
  for (const auto& [key, node] : table) {
    Path path = prefix;
    path.emplace_back(key.str());
    // Dotted keys and [sub.tables] are paths; an inline table is a value
    // (`expiry = { min_dte = 0, max_dte = 3 }`), as in a strategy table.
    const toml::table* inner = node.as_table();
    if (!inner || inner->is_inline()) {
      out.push_back(Leaf{std::move(path), &node});
      continue;
    }
    if (inner->empty()) {
      fail("{}:{}: {}.{}: an empty table sets nothing", source, node.source().begin.line, where, dotted(path));
    }
    collect_leaves(*inner, path, source, where, out);
  }
}

// In file order, so names and columns read as the user wrote them.
std::vector<Leaf> leaves_of(const toml::table& table, std::string_view source, const std::string& where) {
  std::vector<Leaf> leaves;
  collect_leaves(table, {}, source, where, leaves);
  std::stable_sort(leaves.begin(), leaves.end(),
                   [](const Leaf& a, const Leaf& b) { return a.node->source().begin < b.node->source().begin; });
  for (const Leaf& leaf : leaves) {
    const std::string& top = leaf.path.front();
    if (top == "grid" || top == "list") {
      fail("{}:{}: {}.{}: a grid or list cannot hold another", source, leaf.node->source().begin.line, where, top);
    }
  }
  return leaves;
}

bool overlaps(const Path& a, const Path& b) {
  const std::size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin());
}

// What one [[strategy]] table sweeps, read from the file once.
struct StrategySweep {
  std::size_t index = 0;                          // in the [[strategy]] array
  std::vector<Leaf> axes;                         // grid keys, each a non-empty list of values
  std::vector<std::vector<Leaf>> entries;         // list entries' keys; one empty entry without a list
};

StrategySweep read_sweep(const toml::table& strategy, std::size_t index, std::string_view source) {
  const std::string where = fmt::format("strategy[{}]", index + 1);
  StrategySweep sweep;
  sweep.index = index;
  if (const toml::node* grid = strategy.get("grid")) {
    if (!grid->is_table()) fail("{}:{}: {}.grid: expected a table of key = [values]", source, grid->source().begin.line, where);
    sweep.axes = leaves_of(*grid->as_table(), source, where + ".grid");
    for (const Leaf& axis : sweep.axes) {
      const std::string key = fmt::format("{}.grid.{}", where, dotted(axis.path));
      const int line = static_cast<int>(axis.node->source().begin.line);
      if (axis.path == Path{"name"}) {
        fail("{}:{}: {}: variants are named by their values; `name` cannot be swept", source, line, key);
      }
      const toml::array* values = axis.node->as_array();
      if (!values) fail("{}:{}: {}: expected a list of values to sweep, e.g. [0.3, 0.5]", source, line, key);
      if (values->empty()) fail("{}:{}: {}: an empty list of values leaves nothing to run", source, line, key);
    }
  }
  if (const toml::node* list = strategy.get("list")) {
    const toml::array* entries = list->as_array();
    if (!entries || !entries->is_array_of_tables() || entries->empty()) {
      fail("{}:{}: {}.list: expected one or more [[{}.list]] tables", source, list->source().begin.line, where,
           "strategy");
    }
    for (std::size_t e = 0; e < entries->size(); ++e) {
      const std::string entry_where = fmt::format("{}.list[{}]", where, e + 1);
      std::vector<Leaf> leaves = leaves_of(*entries->get(e)->as_table(), source, entry_where);
      for (const Leaf& leaf : leaves) {
        for (const Leaf& axis : sweep.axes) {
          if (overlaps(leaf.path, axis.path)) {
            fail("{}:{}: {}.{}: also swept by {}.grid.{}; set a key in the grid or the list, not both", source,
                 leaf.node->source().begin.line, entry_where, dotted(leaf.path), where, dotted(axis.path));
          }
        }
      }
      sweep.entries.push_back(std::move(leaves));
    }
  }
  if (sweep.entries.empty()) sweep.entries.emplace_back();
  return sweep;
}

// The table that holds `path`'s last key inside `table`, made where missing
// (a value in the way is replaced: the swept key sets the whole path).
toml::table& parent_of(toml::table& table, const Path& path) {
  toml::table* at = &table;
  for (std::size_t k = 0; k + 1 < path.size(); ++k) {
    toml::node* next = at->get(path[k]);
    if (!next || !next->is_table()) {
      at->insert_or_assign(path[k], toml::table{});
      next = at->get(path[k]);
    }
    at = next->as_table();
  }
  return *at;
}

// Moves `value` (a node of a freshly parsed copy of the file) to `path` in
// `strategy`; moving keeps the node's line for error messages.
void set_value(toml::table& strategy, const Path& path, toml::node& value) {
  toml::table& parent = parent_of(strategy, path);
  value.visit([&](auto& node) { parent.insert_or_assign(path.back(), std::move(node)); });
}

// The node at `path` under `table` (the same file parsed again: same shape).
toml::node& node_at(toml::table& table, const Path& path) {
  toml::node* node = &table;
  for (const std::string& key : path) node = node->as_table()->get(key);
  return *node;
}

struct Assignment {
  Path path;
  std::string text;
  toml::source_position where;
  bool from_list = false;
};

}  // namespace

SweepPlan parse_sweep(std::string_view text, std::string_view source) {
  const auto parse = [&] {
    try {
      return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
      fail("{}:{}: {}", source, e.source().begin.line, e.description());
    }
  };
  const toml::table document = parse();
  const toml::array& tables = strategies::strategy_tables(document, source);
  std::vector<StrategySweep> sweeps;
  for (std::size_t i = 0; i < tables.size(); ++i) sweeps.push_back(read_sweep(*tables.get(i)->as_table(), i, source));

  SweepPlan plan;
  const auto column_of = [&](const Path& path) {
    const std::string name = dotted(path);
    const auto it = std::find(plan.columns.begin(), plan.columns.end(), name);
    if (it != plan.columns.end()) return static_cast<std::size_t>(it - plan.columns.begin());
    plan.columns.push_back(name);
    return plan.columns.size() - 1;
  };
  std::size_t total = 0;
  for (const StrategySweep& sweep : sweeps) {
    std::vector<const Leaf*> keys;
    for (const auto& entry : sweep.entries) {
      for (const Leaf& leaf : entry) {
        if (leaf.path != Path{"name"}) keys.push_back(&leaf);
      }
    }
    for (const Leaf& axis : sweep.axes) keys.push_back(&axis);
    std::stable_sort(keys.begin(), keys.end(),
                     [](const Leaf* a, const Leaf* b) { return a->node->source().begin < b->node->source().begin; });
    for (const Leaf* key : keys) column_of(key->path);
    std::size_t points = sweep.entries.size();
    for (const Leaf& axis : sweep.axes) points *= axis.node->as_array()->size();
    total += points;
    if (total > kMaxVariants) fail("{}: the sweep has more than {} variants", source, kMaxVariants);
  }

  std::set<std::string, std::less<>> names;
  for (const StrategySweep& sweep : sweeps) {
    const std::string where = fmt::format("strategy[{}]", sweep.index + 1);
    std::size_t points = 1;
    for (const Leaf& axis : sweep.axes) points *= axis.node->as_array()->size();
    for (std::size_t e = 0; e < sweep.entries.size(); ++e) {
      for (std::size_t point = 0; point < points; ++point) {
        // A fresh copy of the file per variant: its nodes move into place.
        toml::table copy = parse();
        toml::table& strategy = *copy["strategy"].as_array()->get(sweep.index)->as_table();
        std::vector<Assignment> assignments;
        bool named = false;
        for (const Leaf& leaf : sweep.entries[e]) {
          toml::node& value =
              node_at(*strategy["list"].as_array()->get(e)->as_table(), leaf.path);
          if (leaf.path == Path{"name"}) {
            named = true;
          } else {
            assignments.push_back({leaf.path, value_text(value), leaf.node->source().begin, true});
          }
          set_value(strategy, leaf.path, value);
        }
        std::size_t rest = point;
        for (std::size_t a = sweep.axes.size(); a-- > 0;) {
          const Leaf& axis = sweep.axes[a];
          const std::size_t count = axis.node->as_array()->size();
          toml::array& values = *node_at(*strategy["grid"].as_table(), axis.path).as_array();
          toml::node& value = *values.get(rest % count);
          rest /= count;
          assignments.push_back({axis.path, value_text(value), axis.node->source().begin, false});
          set_value(strategy, axis.path, value);
        }
        strategy.erase("grid");
        strategy.erase("list");
        std::stable_sort(assignments.begin(), assignments.end(),
                         [](const Assignment& x, const Assignment& y) { return x.where < y.where; });
        std::vector<std::string> parts;
        std::vector<std::string> name_parts;  // a named list entry's name stands for its values
        Variant variant;
        variant.values.resize(plan.columns.size());
        for (const Assignment& a : assignments) {
          parts.push_back(fmt::format("{}={}", dotted(a.path), a.text));
          if (!(named && a.from_list)) name_parts.push_back(parts.back());
          variant.values[column_of(a.path)] = a.text;
        }
        try {
          variant.config = strategies::parse_strategy(copy, strategy, source, where);
        } catch (const Error& error) {
          if (parts.empty()) throw;
          fail("{} (in the variant with {})", error.what(), fmt::join(parts, " "));
        }
        if (!name_parts.empty()) {
          variant.config.name = fmt::format("{} {}", variant.config.name, fmt::join(name_parts, " "));
        }
        if (!names.insert(variant.config.name).second) {
          fail("{}: two variants are named \"{}\": a value listed twice, or two list entries alike", source,
               variant.config.name);
        }
        plan.variants.push_back(std::move(variant));
      }
    }
  }
  return plan;
}

SweepPlan load_sweep(const std::filesystem::path& file) { return parse_sweep(read_file(file), file.string()); }

}  // namespace tapelab::sweep
