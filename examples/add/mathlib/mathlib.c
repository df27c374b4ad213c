// mathlib.c  — compile to a shared library
int add(int a, int b) {
    return a + b;
}
