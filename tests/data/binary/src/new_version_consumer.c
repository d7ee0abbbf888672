// Linked against the FIXLIB_2.0 provider, shipped next to the FIXLIB_1.0 one.
int versioned_function(int);
int use_versioned(int x) { return versioned_function(x); }
