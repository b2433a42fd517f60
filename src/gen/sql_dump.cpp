#include "gen/sql_dump.h"

#include <fmt/format.h>

namespace tapelab::gen {

const std::vector<ColumnDef>& tick_columns() {
  static const std::vector<ColumnDef> columns = [] {
    std::vector<ColumnDef> c = {
        {"timestamp", "datetime"},      {"price", "decimal(12,2)"},     {"qty", "int(11)"},
        {"avgPrice", "decimal(12,2)"},  {"volume", "bigint(20)"},       {"bQty", "int(11)"},
        {"sQty", "int(11)"},            {"open", "decimal(12,2)"},      {"high", "decimal(12,2)"},
        {"low", "decimal(12,2)"},       {"close", "decimal(12,2)"},     {"changeper", "decimal(20,10)"},
        {"lastTradeTime", "datetime"},  {"oi", "int(11)"},              {"oiHigh", "int(11)"},
        {"oiLow", "int(11)"},
    };
    // Book levels: names are static strings so ColumnDef can hold views.
    static const char* const kBid[15] = {"bq0", "bp0", "bo0", "bq1", "bp1", "bo1", "bq2", "bp2",
                                         "bo2", "bq3", "bp3", "bo3", "bq4", "bp4", "bo4"};
    static const char* const kAsk[15] = {"sq0", "sp0", "so0", "sq1", "sp1", "so1", "sq2", "sp2",
                                         "so2", "sq3", "sp3", "so3", "sq4", "sp4", "so4"};
    for (const auto* side : {kBid, kAsk}) {
      for (int i = 0; i < 15; ++i) c.push_back({side[i], i % 3 == 1 ? "decimal(12,2)" : "int(11)"});
    }
    return c;
  }();
  return columns;
}

void append_file_header(TextBuffer& out, std::string_view database) {
  out.append(fmt::format(
      "-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)\n"
      "--\n"
      "-- Host: localhost    Database: {0}\n"
      "-- ------------------------------------------------------\n"
      "-- Server version\t5.7.44-log\n"
      "\n"
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
      "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
      "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
      "/*!40101 SET NAMES utf8 */;\n"
      "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
      "/*!40103 SET TIME_ZONE='+00:00' */;\n"
      "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
      "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
      "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n"
      "\n"
      "--\n"
      "-- Current Database: `{0}`\n"
      "--\n"
      "\n"
      "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `{0}` /*!40100 DEFAULT CHARACTER SET latin1 */;\n"
      "\n"
      "USE `{0}`;\n",
      database));
}

void append_table_preamble(TextBuffer& out, std::string_view table, const std::vector<ColumnDef>& columns) {
  out.append(fmt::format(
      "\n--\n-- Table structure for table `{0}`\n--\n\n"
      "DROP TABLE IF EXISTS `{0}`;\n"
      "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
      "/*!40101 SET character_set_client = utf8 */;\n"
      "CREATE TABLE `{0}` (\n",
      table));
  for (const auto& column : columns) {
    out.append(fmt::format("  `{}` {} {},\n", column.name, column.type,
                           column.name == "timestamp" ? "NOT NULL" : "DEFAULT NULL"));
  }
  out.append(fmt::format(
      "  PRIMARY KEY (`timestamp`)\n"
      ") ENGINE=InnoDB DEFAULT CHARSET=latin1;\n"
      "/*!40101 SET character_set_client = @saved_cs_client */;\n"
      "\n--\n-- Dumping data for table `{0}`\n--\n\n"
      "LOCK TABLES `{0}` WRITE;\n"
      "/*!40000 ALTER TABLE `{0}` DISABLE KEYS */;\n",
      table));
}

void append_table_epilogue(TextBuffer& out, std::string_view table) {
  out.append(fmt::format("/*!40000 ALTER TABLE `{0}` ENABLE KEYS */;\nUNLOCK TABLES;\n", table));
}

void append_file_footer(TextBuffer& out, std::string_view completed_on) {
  out.append(fmt::format(
      "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
      "\n"
      "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
      "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n"
      "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n"
      "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"
      "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n"
      "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n"
      "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n"
      "\n"
      "-- Dump completed on {}\n",
      completed_on));
}

StatementBuilder::StatementBuilder(TextBuffer& out, std::string_view table, const DumpFormat& format)
    : out_(out),
      prefix_(fmt::format("{} INTO `{}` VALUES ",
                          format.style == StatementStyle::kReplace ? "REPLACE" : "INSERT", table)),
      format_(format) {}

void StatementBuilder::begin_row() {
  if (open_) {
    out_.append(',');
    return;
  }
  statement_start_ = out_.size();
  out_.append(prefix_);
  open_ = true;
}

void StatementBuilder::end_row() {
  ++rows_in_statement_;
  const bool full_rows = format_.rows_per_statement != 0 && rows_in_statement_ >= format_.rows_per_statement;
  if (full_rows || out_.size() - statement_start_ >= format_.statement_bytes) finish();
}

void StatementBuilder::finish() {
  if (!open_) return;
  out_.append(";\n");
  open_ = false;
  rows_in_statement_ = 0;
}

}  // namespace tapelab::gen
