// domain::Date to and from Python: a datetime.date out; a datetime.date or
// "YYYY-MM-DD" text in, so strategies can pass back the dates they are given.
#pragma once

#include <datetime.h>
#include <pybind11/pybind11.h>

#include <string>

#include "domain/date.h"

namespace pybind11::detail {

template <>
struct type_caster<tapelab::domain::Date> {
  PYBIND11_TYPE_CASTER(tapelab::domain::Date, const_name("datetime.date"));

  bool load(handle src, bool /*convert*/) {
    import_datetime();
    std::optional<tapelab::domain::Date> date;
    if (PyDate_Check(src.ptr())) {
      date = tapelab::domain::Date::try_from_ymd(PyDateTime_GET_YEAR(src.ptr()),
                                                  static_cast<unsigned>(PyDateTime_GET_MONTH(src.ptr())),
                                                  static_cast<unsigned>(PyDateTime_GET_DAY(src.ptr())));
    } else if (isinstance<str>(src)) {
      date = tapelab::domain::Date::parse(src.cast<std::string>());
    }
    if (date) value = *date;
    return date.has_value();
  }

  static handle cast(tapelab::domain::Date date, return_value_policy /*policy*/, handle /*parent*/) {
    import_datetime();
    return PyDate_FromDate(date.year(), static_cast<int>(date.month()), static_cast<int>(date.day()));
  }

 private:
  static void import_datetime() {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
  }
};

}  // namespace pybind11::detail
