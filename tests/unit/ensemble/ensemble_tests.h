#pragma once

// One entry point per test class, so a single tst_ensemble executable runs them all.
int run_properties_tests(int argc, char** argv);
int run_zoo_config_tests(int argc, char** argv);
int run_system_properties_tests(int argc, char** argv);
int run_quorum_config_tests(int argc, char** argv);
