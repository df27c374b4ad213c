/* The C library of testdata/prop/small_union_result.idl: every function
   returns its argument. */
#define SMALL_UNION_RESULT_IMPLEMENTATION
#include "small_union_result.h"

small_union_result_Mixed small_union_result_echo_mixed(const small_union_result_Mixed *v) { return *v; }
small_union_result_Doubles small_union_result_echo_doubles(const small_union_result_Doubles *v) { return *v; }
small_union_result_Narrow small_union_result_echo_narrow(const small_union_result_Narrow *v) { return *v; }
small_union_result_Pair small_union_result_echo_pair(const small_union_result_Pair *v) { return *v; }
small_union_result_Flag small_union_result_echo_flag(const small_union_result_Flag *v) { return *v; }
small_union_result_Wide small_union_result_echo_wide(const small_union_result_Wide *v) { return *v; }
