#include "report/provenance.h"

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "pricing/black.h"
#include "pricing/time_to_expiry.h"
#include "report/settings_json.h"
#include "util/file.h"
#include "util/version.h"

namespace tapelab::report {
namespace {

Json optional_date(const std::optional<domain::Date>& date) {
  if (!date) return nullptr;
  return date->to_string();
}

Json greeks_json(const engine::GreeksConfig& g) {
  return {{"model", pricing::to_string(g.model)},
          {"forward", engine::to_string(g.forward)},
          {"time_basis", pricing::to_string(g.time_basis)},
          {"rate", g.rate},
          {"dividend", g.dividend}};
}

Json strategy_json(const ResolvedStrategy& s) {
  return {{"name", s.info.name},
          {"description", s.info.description},
          {"type", s.type},
          {"parameters", s.parameters},
          {"underlyings", s.underlyings},
          {"execution", execution_json(s.info.execution)},
          {"capital", capital_json(s.info.capital)},
          {"greeks", greeks_json(s.info.greeks)},
          {"rules", s.rules}};
}

Json configuration_json(const RunConfiguration& c) {
  Json strategies = Json::array();
  for (const ResolvedStrategy& s : c.strategies) strategies.push_back(strategy_json(s));
  Json documents = Json::array();
  for (const ConfigDocument& d : c.documents) documents.push_back({{"source", d.source}, {"text", d.text}});
  Json options = Json::object();
  for (const auto& [flag, value] : c.options) options[flag] = value;
  Json out = {{"command", c.command},
              {"days",
               {{"from", optional_date(c.days.from)},
                {"to", optional_date(c.days.to)},
                {"underlyings", c.days.underlyings}}},
              {"strategies", strategies}};
  if (c.greeks) out["greeks"] = greeks_json(*c.greeks);
  out["options"] = options;
  out["documents"] = documents;
  return out;
}

}  // namespace

std::optional<std::string> manifest_hash(const std::filesystem::path& dataset_root) {
  const std::filesystem::path manifest = dataset::manifest_path(dataset_root);
  if (!std::filesystem::exists(manifest)) return std::nullopt;
  return dataset::hash_file(manifest);
}

std::string provenance_json(const std::filesystem::path& dataset_root,
                            const std::optional<std::string>& dataset_manifest_hash,
                            const RunConfiguration& configuration) {
  const Json provenance = {
      {"tapelab_version", kVersion},
      {"dataset",
       {{"path", dataset_root.string()},
        {"manifest_hash", dataset_manifest_hash ? Json(*dataset_manifest_hash) : Json(nullptr)}}},
      {"configuration", configuration_json(configuration)},
  };
  return provenance.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

void write_provenance(const std::filesystem::path& out_dir, const std::filesystem::path& dataset_root,
                      const std::optional<std::string>& dataset_manifest_hash, const RunConfiguration& configuration) {
  write_file_atomically(out_dir / "provenance.json",
                        provenance_json(dataset_root, dataset_manifest_hash, configuration));
}

}  // namespace tapelab::report
