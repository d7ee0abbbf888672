// Needs glibc_future_function@GLIBC_2.99 from libc.so.6.
int glibc_future_function(int);
int use_future(int x) { return glibc_future_function(x); }
