/* SPDX-License-Identifier: MIT */
/* An extension module named like a library (as triton's libtriton.so is):
   Python imports libpyinit.so because it defines PyInit_libpyinit. */
void *PyInit_libpyinit(void) { return 0; }
