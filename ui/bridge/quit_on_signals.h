#pragma once

namespace zs::ui {

// SIGTERM, SIGINT and SIGHUP make the application quit through its event loop (as closing the
// window does), so that what it started, such as a local ensemble, is stopped. Call once, after
// the QCoreApplication exists.
void quit_on_signals();

} // namespace zs::ui
