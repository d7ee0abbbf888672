// SPDX-License-Identifier: MIT
#include "cli/app.h"
#include "core/heap.h"

int main(int argc, char** argv) {
  mlstack::prepare_heap();
  return mlstack::cli::run(argc, argv);
}
