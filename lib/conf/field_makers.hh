// Builders of option table entries for the common value forms. A field
// refers to its storage through a member pointer, either a plain member
// (server options: always in effect) or a Setting<T> (zone options: set or
// inherited).
#pragma once

#include <limits>

#include "conf/fields.hh"
#include "conf/values.hh"

namespace lnsd::conf::detail {

template <class T> struct SlotTraits {
  using Value = T;
  static T& value(T& slot) { return slot; }
  static const T& value(const T& slot) { return slot; }
  static void store(T& slot, T v) { slot = std::move(v); }
  static constexpr bool tracked = false;
};

template <class T> struct SlotTraits<Setting<T>> {
  using Value = T;
  static T& value(Setting<T>& slot) { return slot.value; }
  static const T& value(const Setting<T>& slot) { return slot.value; }
  static void store(Setting<T>& slot, T v) { slot.assign(std::move(v)); }
  static constexpr bool tracked = true;
};

// Fills is_set and inherit for Setting<T> members.
template <class Owner, class Slot>
void track(Field<Owner>& f, Slot Owner::*m) {
  if constexpr (SlotTraits<Slot>::tracked) {
    f.is_set = [m](const Owner& o) { return (o.*m).set; };
    f.inherit = [m](Owner& dest, const Owner& src) {
      if ((src.*m).set) dest.*m = src.*m;
    };
  }
}

inline std::optional<std::string> one_value(const OptionEntry& e, std::string_view form) {
  if (e.values.size() != 1) return expected(form, e);
  return std::nullopt;
}

template <class Owner, class Slot>
Field<Owner> flag(std::string_view name, Feature feature, Slot Owner::*m) {
  using Traits = SlotTraits<Slot>;
  Field<Owner> f;
  f.name = std::string(name);
  f.feature = feature;
  f.form = "<yes or no>";
  f.set = [m, form = f.form](Owner& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto v = parse_yes_no(e.values[0]);
    if (!v) return expected(form, e);
    Traits::store(o.*m, *v);
    return std::nullopt;
  };
  f.get = [m](const Owner& o) { return std::vector<std::string>{yes_no(Traits::value(o.*m))}; };
  f.conf = [m, n = f.name](const Owner& o) {
    return std::vector<std::string>{n + ": " + yes_no(Traits::value(o.*m))};
  };
  track(f, m);
  return f;
}

template <class Owner, class Slot>
Field<Owner> number(std::string_view name, Feature feature, Slot Owner::*m, uint64_t min = 0,
                    uint64_t max = std::numeric_limits<typename SlotTraits<Slot>::Value>::max()) {
  using Traits = SlotTraits<Slot>;
  using T = typename Traits::Value;
  Field<Owner> f;
  f.name = std::string(name);
  f.feature = feature;
  if (min == 0 && max >= std::numeric_limits<uint32_t>::max()) {
    f.form = "<number>";
  } else if (max >= std::numeric_limits<uint32_t>::max()) {
    f.form = "<number of at least " + std::to_string(min) + ">";
  } else {
    f.form = "<number from " + std::to_string(min) + " to " + std::to_string(max) + ">";
  }
  f.set = [m, min, max, form = f.form](Owner& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    auto v = parse_decimal(e.values[0]);
    if (!v || *v < min || *v > max) return expected(form, e);
    Traits::store(o.*m, static_cast<T>(*v));
    return std::nullopt;
  };
  f.get = [m](const Owner& o) { return std::vector<std::string>{std::to_string(Traits::value(o.*m))}; };
  f.conf = [m, n = f.name](const Owner& o) {
    return std::vector<std::string>{n + ": " + std::to_string(Traits::value(o.*m))};
  };
  track(f, m);
  return f;
}

// A string; printed quoted in nsd.conf syntax.
template <class Owner, class Slot>
Field<Owner> text(std::string_view name, Feature feature, Slot Owner::*m,
                  std::string_view form = "<string>") {
  using Traits = SlotTraits<Slot>;
  Field<Owner> f;
  f.name = std::string(name);
  f.feature = feature;
  f.form = std::string(form);
  f.set = [m, form = f.form](Owner& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    Traits::store(o.*m, e.values[0]);
    return std::nullopt;
  };
  f.get = [m](const Owner& o) { return std::vector<std::string>{Traits::value(o.*m)}; };
  f.conf = [m, n = f.name](const Owner& o) {
    return std::vector<std::string>{n + ": \"" + Traits::value(o.*m) + "\""};
  };
  track(f, m);
  return f;
}

// An optional string of the server: "#name:" in nsd.conf syntax when unset.
template <class Owner>
Field<Owner> optional_text(std::string_view name, Feature feature, std::optional<std::string> Owner::*m,
                           std::string_view form = "<string>") {
  Field<Owner> f;
  f.name = std::string(name);
  f.feature = feature;
  f.form = std::string(form);
  f.set = [m, form = f.form](Owner& o, const OptionEntry& e) -> std::optional<std::string> {
    if (auto err = one_value(e, form)) return err;
    o.*m = e.values[0];
    return std::nullopt;
  };
  f.get = [m](const Owner& o) { return std::vector<std::string>{(o.*m).value_or("")}; };
  f.conf = [m, n = f.name](const Owner& o) {
    if (!(o.*m)) return std::vector<std::string>{"#" + n + ":"};
    return std::vector<std::string>{n + ": \"" + *(o.*m) + "\""};
  };
  return f;
}

}  // namespace lnsd::conf::detail
