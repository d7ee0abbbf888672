/* An extension module's NumPy C-API import, as NumPy's headers write it:
 * NUMPY_MAJOR=1 imports the 1.x module name only, NUMPY_MAJOR=2 tries the
 * 2.x name first and falls back to the 1.x one. */
typedef struct object object;
extern object *PyImport_ImportModule(const char *name);
extern void *PyCapsule_GetPointer(object *capsule, const char *name);
extern object *PyObject_GetAttrString(object *o, const char *name);

void **api_table;

int import_array_like(void) {
#if NUMPY_MAJOR == 2
  object *numpy = PyImport_ImportModule("numpy._core._multiarray_umath");
  if (numpy == 0) numpy = PyImport_ImportModule("numpy.core._multiarray_umath");
#else
  object *numpy = PyImport_ImportModule("numpy.core._multiarray_umath");
#endif
  if (numpy == 0) return -1;
  api_table = (void **)PyCapsule_GetPointer(PyObject_GetAttrString(numpy, "_ARRAY_API"), 0);
  return api_table ? 0 : -1;
}
