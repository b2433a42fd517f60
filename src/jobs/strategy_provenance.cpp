#include "jobs/strategy_provenance.h"

#include "strategies/presets.h"
#include "util/file.h"

namespace tapelab::jobs {

report::ResolvedStrategy resolved_strategy(const strategies::StrategyConfig& config) {
  const engine::StrategySpec spec = strategies::make_spec(config);
  report::ResolvedStrategy s;
  s.info = spec.info;
  s.underlyings = spec.underlyings;
  s.type = std::string(config.params->type());
  s.parameters = strategies::describe(config);
  s.rules = config.params->rules(config.execution);
  return s;
}

std::vector<report::ConfigDocument> config_documents(const std::vector<std::string>& files,
                                                     const std::vector<report::ConfigDocument>& texts,
                                                     const std::vector<std::string>& presets) {
  std::vector<report::ConfigDocument> documents;
  for (const std::string& file : files) documents.push_back({file, read_file(file)});
  documents.insert(documents.end(), texts.begin(), texts.end());
  for (const std::string& name : presets) {
    documents.push_back({"preset " + name, std::string(strategies::preset_text(name))});
  }
  return documents;
}

}  // namespace tapelab::jobs
