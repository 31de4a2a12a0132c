#pragma once

// One entry point per test class, so a single tst_tree executable runs them all.
int run_path_acl_tests(int argc, char** argv);
int run_watch_manager_tests(int argc, char** argv);
int run_data_tree_tests(int argc, char** argv);
int run_prep_tests(int argc, char** argv);
int run_quota_tests(int argc, char** argv);
int run_pending_changes_tests(int argc, char** argv);
