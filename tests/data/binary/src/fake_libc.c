// A stand-in libc.so.6 that defines a GLIBC_2.99 symbol, so a module can be
// linked as if built on a machine with a glibc newer than any real one.
int glibc_future_function(int x) { return x; }
