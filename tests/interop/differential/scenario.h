#pragma once

#include "transcript.h"

#include <QString>

namespace zs::differential {

// Replays the differential scenario against the server at host:port: C client sessions and one
// raw connection issue a fixed sequence of requests, and every outcome lands in `transcript`.
// Returns false (with `error`) only if the clients could not connect at all.
bool run_scenario(const QString& host, quint16 port, Transcript* transcript, QString* error);

} // namespace zs::differential
