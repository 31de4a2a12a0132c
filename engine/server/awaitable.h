#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>, which g++ 12 does
// not pull in on its own. Include Asio's coroutine support through this header only.
// clang-format off
#include <utility>
#include <boost/asio/awaitable.hpp>
// clang-format on
