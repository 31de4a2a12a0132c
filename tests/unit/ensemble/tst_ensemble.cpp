// Runs every test class of the ensemble module; the exit code is the total number of failures.
#include "ensemble_tests.h"

int main(int argc, char** argv) {
    int failures = 0;
    failures += run_properties_tests(argc, argv);
    failures += run_zoo_config_tests(argc, argv);
    failures += run_system_properties_tests(argc, argv);
    failures += run_quorum_config_tests(argc, argv);
    return failures;
}
