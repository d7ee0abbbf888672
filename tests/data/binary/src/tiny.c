// Object for the 32-bit and big-endian fixtures.
int tiny_value = 42;
int tiny_function(void) { return tiny_value; }
