// SPDX-License-Identifier: MIT
#include "cli/app.h"

int main(int argc, char** argv) { return mlstack::cli::run(argc, argv); }
