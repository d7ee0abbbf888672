// Provider library: defines provider_function, and (in the "full" build
// only) missing_function, so a consumer linked against the full build and run
// against the lean one has a known undefined symbol.
int provider_function(int x) { return x + 1; }
#ifdef PROVIDER_FULL
int missing_function(int x) { return x * 2; }
#endif
