// Versioned provider: versioned_function@@FIXLIB_2.0 in the new build, only
// FIXLIB_1.0 in the old one (see versioned_v*.map).
int versioned_function(int x) { return x - 1; }
