// Consumer: needs provider_function (present) and missing_function (absent
// from the shipped libprovider.so), plus one weak reference that may stay
// unresolved without failing the load.
int provider_function(int);
int missing_function(int);
extern int optional_hook(int) __attribute__((weak));
int consume(int x) { return provider_function(x) + missing_function(x) + (optional_hook ? optional_hook(x) : 0); }
