/* The C library behind the generated cgo binding: testdata's
 * implementation of conformance.idl, compiled into this package. */
#include "../../testdata/c/conformance_impl.c"
