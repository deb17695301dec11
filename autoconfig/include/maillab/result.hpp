// Closed result type for expected failures: a value or an error that names the problem.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace maillab {

struct Error {
    std::string message;
};

template <class T, class E = Error> class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(E error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const { return std::get<E>(state_); }

  private:
    std::variant<T, E> state_;
};

// For operations that return nothing on success.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

} // namespace maillab
