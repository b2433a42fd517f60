// The reader on hand-written dumps: every grammar element mysqldump produces,
// at every possible chunk boundary, plain and gzip'd.
#include "dump/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace tapelab::dump {
namespace {

using testing::Collector;
using testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A dump in mysqldump's layout with the quirks real files have.
const std::string kDump = R"SQL(/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: banknifty
-- ------------------------------------------------------
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
# a hash comment; with a semicolon
CREATE DATABASE /*!32312 IF NOT EXISTS*/ `banknifty` /*!40100 DEFAULT CHARACTER SET latin1 */;
USE `banknifty`;

--
-- Table structure for table `BANKNIFTY25DEC58300CE`
--

DROP TABLE IF EXISTS `BANKNIFTY25DEC58300CE`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8 */;
CREATE TABLE `BANKNIFTY25DEC58300CE` (
  `timestamp` datetime NOT NULL,
  `price` decimal(10,2) DEFAULT NULL,
  `qty` int(11) DEFAULT NULL,
  `volume` bigint(20) unsigned DEFAULT NULL,
  `changeper` double DEFAULT NULL,
  PRIMARY KEY (`timestamp`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `BANKNIFTY25DEC58300CE` WRITE;
/*!40000 ALTER TABLE `BANKNIFTY25DEC58300CE` DISABLE KEYS */;
REPLACE INTO `BANKNIFTY25DEC58300CE` VALUES ('2025-11-18 10:00:47',1507.10,35,2905,-2.5571396243),('2025-11-18 10:01:27',1507.10,35,2905,-2.5571396243),('1970-01-01 05:30:00',NULL,0,0,1.5e-7);
REPLACE INTO `BANKNIFTY25DEC58300CE` VALUES ('0000-00-00 00:00:00',-0.05,-35,0,-1E+20);
/*!40000 ALTER TABLE `BANKNIFTY25DEC58300CE` ENABLE KEYS */;
UNLOCK TABLES;

DROP TABLE IF EXISTS `Nifty 50`;
CREATE TABLE `Nifty 50` (
  `timestamp` datetime NOT NULL,
  `price` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`timestamp`)
) ENGINE=InnoDB;
INSERT INTO `Nifty 50` VALUES ('2025-11-18 09:15:00',25900.05);
INSERT INTO `Nifty 50` VALUES ('2025-11-18 09:15:01',25901.00);
INSERT IGNORE INTO `Nifty 50` (`price`, `timestamp`) VALUES (25902.50,'2025-11-18 09:15:02'),(25903.00,'2025-11-18 09:15:03');

CREATE TABLE `odd``name` (
  `id` int NOT NULL,
  `text` text,
  `blob` blob,
  `weird col` varchar(10),
  KEY `k` (`text`(10)),
  CONSTRAINT `pk` PRIMARY KEY (`id`)
) ENGINE=InnoDB;
INSERT INTO `odd``name` VALUES (1,'it''s; a \'test\' \\ with ),( inside',0x00FF10,'a'),
(2,'line\nbreak\ttab "dq" \0 \Z','','b'),
(3,"double \"quoted\"",X'CAFE',NULL),
(4,'unicode ✓ ₹ नमस्ते',_binary 'raw',''),
(5 , 'spaces' , 0x , 'c' ) ;
INSERT INTO `banknifty`.`odd``name` (`id`) VALUES (6);
UNLOCK TABLES;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t` BEFORE INSERT ON `Nifty 50` FOR EACH ROW BEGIN SET NEW.price = 1; END */;;
DELIMITER ;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
-- Dump completed on 2025-11-18 16:00:01
)SQL";

class ReaderTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    auto path = dir_ / name;
    testing::write_text(path, text);
    return path;
  }
  TempDir dir_;
};

TEST_F(ReaderTest, ReadsSchemasAndRows) {
  Collector got = testing::read_all(write("d.sql", kDump));
  ASSERT_EQ(got.tables.size(), 3u);
  const TableSchema& option = got.tables[0].schema;
  EXPECT_EQ(option.database, "banknifty");
  EXPECT_EQ(option.name, "BANKNIFTY25DEC58300CE");
  ASSERT_EQ(option.columns.size(), 5u);
  EXPECT_EQ(option.columns[0].name, "timestamp");
  EXPECT_EQ(option.columns[0].type, "datetime");
  EXPECT_EQ(option.columns[0].family, TypeFamily::kDateTime);
  EXPECT_FALSE(option.columns[0].nullable);
  EXPECT_EQ(option.columns[1].type, "decimal(10,2)");
  EXPECT_EQ(option.columns[1].family, TypeFamily::kDecimal);
  EXPECT_TRUE(option.columns[1].nullable);
  EXPECT_EQ(option.columns[3].type, "bigint(20) unsigned");
  EXPECT_EQ(option.columns[3].family, TypeFamily::kInteger);
  EXPECT_EQ(option.columns[4].family, TypeFamily::kFloat);
  EXPECT_THAT(option.primary_key, ElementsAre("timestamp"));
  EXPECT_EQ(option.engine, "MyISAM");

  EXPECT_EQ(got.tables[1].schema.name, "Nifty 50");
  EXPECT_EQ(got.tables[1].schema.engine, "InnoDB");
  const TableSchema& odd = got.tables[2].schema;
  EXPECT_EQ(odd.name, "odd`name");
  EXPECT_THAT(odd.primary_key, ElementsAre("id"));
  ASSERT_EQ(odd.columns.size(), 4u);
  EXPECT_EQ(odd.columns[3].name, "weird col");

  auto option_rows = got.rows_of("BANKNIFTY25DEC58300CE");
  ASSERT_EQ(option_rows.size(), 4u);
  EXPECT_EQ(option_rows[0]->kind, StatementKind::kReplace);
  EXPECT_EQ(option_rows[0]->values.at("timestamp"), "2025-11-18 10:00:47");
  EXPECT_EQ(option_rows[0]->values.at("price"), "1507.10");
  EXPECT_EQ(option_rows[0]->values.at("changeper"), "-2.5571396243");
  EXPECT_EQ(option_rows[2]->values.at("price"), std::nullopt);
  EXPECT_EQ(option_rows[2]->values.at("changeper"), "1.5e-7");
  EXPECT_EQ(option_rows[3]->values.at("timestamp"), "0000-00-00 00:00:00");
  EXPECT_EQ(option_rows[3]->values.at("qty"), "-35");
  EXPECT_EQ(option_rows[3]->values.at("changeper"), "-1E+20");

  auto spot = got.rows_of("Nifty 50");
  ASSERT_EQ(spot.size(), 4u);
  EXPECT_EQ(spot[0]->kind, StatementKind::kInsert);
  EXPECT_EQ(spot[1]->values.at("price"), "25901.00");
  // The column list reorders the values; they still land under their names.
  EXPECT_EQ(spot[2]->kind, StatementKind::kInsertIgnore);
  EXPECT_THAT(spot[2]->layout, ElementsAre("price", "timestamp"));
  EXPECT_EQ(spot[2]->values.at("timestamp"), "2025-11-18 09:15:02");
  EXPECT_EQ(spot[3]->values.at("price"), "25903.00");

  auto odd_rows = got.rows_of("odd`name");
  ASSERT_EQ(odd_rows.size(), 6u);
  EXPECT_EQ(odd_rows[0]->values.at("text"), "it's; a 'test' \\ with ),( inside");
  EXPECT_EQ(odd_rows[0]->values.at("blob"), "0x00FF10");
  EXPECT_EQ(odd_rows[1]->values.at("text"), std::string("line\nbreak\ttab \"dq\" \0 \x1a", 23));
  EXPECT_EQ(odd_rows[1]->values.at("blob"), "");
  EXPECT_EQ(odd_rows[2]->values.at("text"), "double \"quoted\"");
  EXPECT_EQ(odd_rows[2]->values.at("blob"), "0xCAFE");
  EXPECT_EQ(odd_rows[2]->values.at("weird col"), std::nullopt);
  EXPECT_EQ(odd_rows[3]->values.at("text"), "unicode ✓ ₹ नमस्ते");
  EXPECT_EQ(odd_rows[3]->values.at("blob"), "raw");
  EXPECT_EQ(odd_rows[4]->values.at("blob"), "0x");
  EXPECT_EQ(odd_rows[4]->values.at("weird col"), "c");
  EXPECT_THAT(odd_rows[5]->layout, ElementsAre("id"));
  EXPECT_EQ(odd_rows[5]->values.at("id"), "6");
}

TEST_F(ReaderTest, EveryChunkBoundaryGivesTheSameResult) {
  const auto path = write("d.sql", kDump);
  const Collector expected = testing::read_all(path);
  for (std::size_t chunk : {1, 2, 3, 5, 8, 13, 64, 100, 1000}) {
    for (bool background : {false, true}) {
      ReaderOptions options;
      options.chunk_size = chunk;
      options.background_decode = background;
      options.max_batch_rows = 2;
      const Collector got = testing::read_all(path, options);
      SCOPED_TRACE(::testing::Message() << "chunk " << chunk << " background " << background);
      ASSERT_EQ(got.tables.size(), expected.tables.size());
      for (std::size_t i = 0; i < got.tables.size(); ++i) {
        EXPECT_EQ(got.tables[i].position.offset, expected.tables[i].position.offset);
        EXPECT_EQ(got.tables[i].position.line, expected.tables[i].position.line);
        EXPECT_EQ(got.tables[i].schema.columns.size(), expected.tables[i].schema.columns.size());
      }
      ASSERT_EQ(got.rows.size(), expected.rows.size());
      for (std::size_t i = 0; i < got.rows.size(); ++i) {
        EXPECT_EQ(got.rows[i].ordered, expected.rows[i].ordered) << "row " << i;
        EXPECT_EQ(got.rows[i].row_offset, expected.rows[i].row_offset) << "row " << i;
      }
    }
  }
}

// A handler that works on each batch only when the next one arrives (as the
// ingest handler does in the background): the reader must keep every view of
// a batch valid until then, across chunk refills and table re-creations.
class DeferredCollector : public testing::Collector {
 public:
  TableAction on_table(const TableSchema& table, const Position& where) override {
    drain();
    return Collector::on_table(table, where);
  }
  void on_rows(const RowBatch& batch) override {
    drain();
    held_ = batch;
    holding_ = true;
  }
  void drain() override {
    if (!holding_) return;
    holding_ = false;
    Collector::on_rows(held_);
  }

 private:
  RowBatch held_;
  bool holding_ = false;
};

TEST_F(ReaderTest, BatchesStayValidUntilTheHandlerDrains) {
  const auto path = write("d.sql", kDump);
  const Collector expected = testing::read_all(path);
  for (std::size_t chunk : {1, 2, 7, 64, 1000}) {
    ReaderOptions options;
    options.chunk_size = chunk;
    options.max_batch_rows = 1;
    DeferredCollector got;
    DumpReader(path, options).read(got);
    SCOPED_TRACE(::testing::Message() << "chunk " << chunk);
    ASSERT_EQ(got.rows.size(), expected.rows.size());
    for (std::size_t i = 0; i < got.rows.size(); ++i) {
      EXPECT_EQ(got.rows[i].table, expected.rows[i].table) << "row " << i;
      EXPECT_EQ(got.rows[i].layout, expected.rows[i].layout) << "row " << i;
      EXPECT_EQ(got.rows[i].ordered, expected.rows[i].ordered) << "row " << i;
      EXPECT_EQ(got.rows[i].row_offset, expected.rows[i].row_offset) << "row " << i;
    }
  }
}

TEST_F(ReaderTest, PositionsNameLinesAndOffsets) {
  const auto path = write("d.sql", kDump);
  const Collector got = testing::read_all(path);
  auto line_of = [&](std::size_t offset) {
    return static_cast<std::uint64_t>(std::count(kDump.begin(), kDump.begin() + static_cast<long>(offset), '\n')) + 1;
  };
  const std::size_t create = kDump.find("CREATE TABLE `Nifty 50`");
  EXPECT_EQ(got.tables[1].position.offset, create);
  EXPECT_EQ(got.tables[1].position.line, line_of(create));
  EXPECT_EQ(got.tables[1].file, path.string());
  const std::size_t row = kDump.find("(2,'line");
  auto odd_rows = got.rows_of("odd`name");
  EXPECT_EQ(odd_rows[1]->row_offset, row);
  EXPECT_EQ(odd_rows[0]->line, line_of(kDump.find("(1,'it''s")));
}

TEST_F(ReaderTest, GzipSingleAndMultiMemberEqualPlain) {
  const Collector plain = testing::read_all(write("d.sql", kDump));
  for (int members : {1, 3, 17}) {
    const auto path = write("d" + std::to_string(members) + ".sql.gz", testing::gzip(kDump, members));
    for (std::size_t chunk : {std::size_t{7}, std::size_t{4} << 20}) {
      ReaderOptions options;
      options.chunk_size = chunk;
      DumpReader reader(path, options);
      Collector got;
      reader.read(got);
      ASSERT_EQ(got.rows.size(), plain.rows.size());
      for (std::size_t i = 0; i < got.rows.size(); ++i) EXPECT_EQ(got.rows[i].ordered, plain.rows[i].ordered);
      EXPECT_EQ(reader.stats().bytes, kDump.size());
      EXPECT_EQ(reader.progress().file_bytes_read, std::filesystem::file_size(path));
      EXPECT_EQ(reader.progress().text_bytes_parsed, kDump.size());
      EXPECT_GT(got.progress_calls, 0u);
    }
  }
}

TEST_F(ReaderTest, CrlfLineEndings) {
  std::string crlf;
  for (char c : kDump) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const Collector plain = testing::read_all(write("d.sql", kDump));
  const Collector got = testing::read_all(write("crlf.sql", crlf));
  ASSERT_EQ(got.rows.size(), plain.rows.size());
  // Strings that span lines keep their CR; everything else must match.
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    if (got.rows[i].table == "BANKNIFTY25DEC58300CE" || got.rows[i].table == "Nifty 50") {
      EXPECT_EQ(got.rows[i].ordered, plain.rows[i].ordered);
    }
  }
  EXPECT_EQ(got.tables.size(), 3u);
}

TEST_F(ReaderTest, SkippedTablesCostNoRowsAndDoNotDerail) {
  const auto path = write("d.sql", kDump);
  for (std::size_t chunk : {std::size_t{3}, std::size_t{4} << 20}) {
    ReaderOptions options;
    options.chunk_size = chunk;
    DumpReader reader(path, options);
    Collector got;
    got.skip = {"odd`name", "BANKNIFTY25DEC58300CE"};
    reader.read(got);
    EXPECT_EQ(got.tables.size(), 3u);
    EXPECT_TRUE(got.rows_of("odd`name").empty());
    EXPECT_TRUE(got.rows_of("BANKNIFTY25DEC58300CE").empty());
    EXPECT_EQ(got.rows_of("Nifty 50").size(), 4u);
    EXPECT_EQ(reader.stats().skipped_inserts, 4u);
    EXPECT_EQ(reader.stats().rows, 4u);
  }
}

TEST_F(ReaderTest, LongLinesAndManyRows) {
  std::string dump = "CREATE TABLE `t` (`a` int, `s` varchar(100)) ENGINE=InnoDB;\nINSERT INTO `t` VALUES ";
  const int rows = 60000;
  for (int i = 0; i < rows; ++i) {
    if (i > 0) dump += ',';
    dump += "(" + std::to_string(i) + ",'row " + std::to_string(i) + " has a \\'quote\\' and ;')";
  }
  dump += ";\n";
  ASSERT_GT(dump.size(), std::size_t{2} << 20);
  const auto path = write("long.sql.gz", testing::gzip(dump));
  ReaderOptions options;
  options.chunk_size = 1 << 16;
  const Collector got = testing::read_all(path, options);
  ASSERT_EQ(got.rows.size(), static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; i += 997) {
    EXPECT_EQ(got.rows[i].values.at("a"), std::to_string(i));
    EXPECT_EQ(got.rows[i].values.at("s"), "row " + std::to_string(i) + " has a 'quote' and ;");
  }
  EXPECT_GT(got.batches, 10u);
}

TEST_F(ReaderTest, RowLongerThanHeadroomSpansChunks) {
  const std::string big(300000, 'x');
  const std::string dump = "CREATE TABLE t (a int, s longtext);\nINSERT INTO t VALUES (1,'" + big + "'),(2,'y');\n";
  ReaderOptions options;
  options.chunk_size = 4096;
  const Collector got = testing::read_all(write("big.sql", dump), options);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[0].values.at("s"), big);
  EXPECT_EQ(got.rows[1].values.at("s"), "y");
}

TEST_F(ReaderTest, TableWithoutCreateIsOfferedAndNamedByItsList) {
  const std::string dump = "INSERT INTO `x` (`b`,`a`) VALUES (1,2);\n";
  const Collector got = testing::read_all(write("x.sql", dump));
  ASSERT_EQ(got.tables.size(), 1u);
  EXPECT_FALSE(got.tables[0].schema.has_definition());
  ASSERT_EQ(got.rows.size(), 1u);
  EXPECT_EQ(got.rows[0].values.at("a"), "2");
}

TEST_F(ReaderTest, RecreatedTableGetsNewSchema) {
  const std::string dump =
      "CREATE TABLE t (a int, b int);\nINSERT INTO t VALUES (1,2);\nDROP TABLE IF EXISTS t;\n"
      "CREATE TABLE t (b int, a int, c int);\nINSERT INTO t VALUES (3,4,5);\n";
  const Collector got = testing::read_all(write("r.sql", dump));
  ASSERT_EQ(got.tables.size(), 2u);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[0].values.at("a"), "1");
  EXPECT_EQ(got.rows[1].values.at("a"), "4");
  EXPECT_EQ(got.rows[1].values.at("c"), "5");
}

TEST_F(ReaderTest, EmptyFileAndCommentsOnly) {
  EXPECT_TRUE(testing::read_all(write("e.sql", "")).rows.empty());
  EXPECT_TRUE(testing::read_all(write("c.sql", "-- only\n/* a comment */\n# and more\n")).tables.empty());
}

}  // namespace
}  // namespace tapelab::dump
