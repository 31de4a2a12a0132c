// Runs every test class of the tree module; the exit code is the total number of failures.
#include "tree_tests.h"

int main(int argc, char** argv) {
    int failures = 0;
    failures += run_path_acl_tests(argc, argv);
    failures += run_watch_manager_tests(argc, argv);
    failures += run_data_tree_tests(argc, argv);
    failures += run_prep_tests(argc, argv);
    failures += run_quota_tests(argc, argv);
    failures += run_pending_changes_tests(argc, argv);
    return failures;
}
