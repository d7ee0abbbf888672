// References plain_function@FIXLIB_1.0 (see mixed_versions.c).
int plain_function(int);
int use_plain(int x) { return plain_function(x); }
