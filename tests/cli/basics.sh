#!/usr/bin/env bash
# The CLI's top level: version, help, unknown commands.
source "$(dirname "$0")/lib.sh"
set -e

expect_status 0 "--version" -- --version
expect_match "$out" '^packfolio [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

expect_status 0 "--help" -- --help
expect_match "$out" 'usage: packfolio COMMAND' "--help shows usage"
expect_match "$out" 'Exit status: 0 success, 2 bad input' "--help documents exit codes"

expect_status 2 "no arguments" --
expect_match "$err" 'usage' "no arguments prints usage on stderr"

expect_status 2 "unknown command" -- frobnicate
expect_match "$err" 'unknown command "frobnicate"' "unknown command is named"

finish
