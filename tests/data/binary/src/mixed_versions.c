// plain_function is versioned FIXLIB_1.0 in the build consumers link against
// and unversioned (base) in the shipped one, where tagged_function keeps
// FIXLIB_1.0 so the file still defines that version: the loader binds the
// versioned reference to the unversioned definition.
int plain_function(int x) { return x + 2; }
int tagged_function(int x) { return x + 3; }
