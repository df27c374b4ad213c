package genwire_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// chainSeed is the seed of the cross-language round trip; change it (or
// run with -chain.seed) to explore, and keep a failing seed to reproduce.
const chainSeed = 20261125

// cDriverSource is a C program over pkg's codec: for each input line
// "<Message> <hex>" it decodes, re-encodes and prints "ok <hex>", or
// "err <status> <offset>" when decoding fails. At the end it checks that
// every allocation was released. With SHOW_CASE in the environment, the
// answer for a union also carries the tag it decoded ("ok <hex> <tag>"). Limits come from the environment
// (WIRE_MAX_DEPTH, WIRE_MAX_COUNT, WIRE_MAX_SIZE) so tests can lower them.
func cDriverSource(pkg *idl.Package) string {
	pre := cabi.Prefix(pkg)
	var b strings.Builder
	fmt.Fprintf(&b, `#define %s
#include "%s_wire.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *in, *out;
static size_t in_cap, out_cap;

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static void print_hex(const uint8_t *p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    size_t i;
    fputs("ok ", stdout);
    for (i = 0; i < n; i++) {
        putchar(digits[p[i] >> 4]);
        putchar(digits[p[i] & 15]);
    }
}

static void grow(uint8_t **buf, size_t *cap, size_t n) {
    if (n > *cap) {
        *cap = n * 2;
        *buf = (uint8_t *)realloc(*buf, *cap);
        if (*buf == NULL) abort();
    }
}

static size_t env_size(const char *name) {
    const char *v = getenv(name);
    return v != NULL ? (size_t)strtoull(v, NULL, 10) : 0;
}

int main(void) {
    static char line[1 << 16];
    char *text = NULL;
    size_t text_len = 0, text_cap = 0;
    %swire_limits lim;
    lim.max_depth = env_size("WIRE_MAX_DEPTH");
    lim.max_count = env_size("WIRE_MAX_COUNT");
    lim.max_size = env_size("WIRE_MAX_SIZE");
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t l = strlen(line), n = 0, i;
        char *sp, *hex;
        %swire_error err;
        %swire_status s = 0;
        if (text_len + l + 1 > text_cap) {
            text_cap = (text_len + l + 1) * 2;
            text = (char *)realloc(text, text_cap);
            if (text == NULL) abort();
        }
        memcpy(text + text_len, line, l + 1);
        text_len += l;
        if (l == 0 || line[l - 1] != '\n') continue; /* a long line: keep reading */
        text[--text_len] = 0;
        text_len = 0;
        sp = strchr(text, ' ');
        hex = sp != NULL ? sp + 1 : text + strlen(text);
        if (sp != NULL) *sp = 0;
        grow(&in, &in_cap, strlen(hex) / 2 + 1);
        for (i = 0; hex[i] != 0 && hex[i + 1] != 0; i += 2) {
            in[n++] = (uint8_t)(hexval(hex[i]) << 4 | hexval(hex[i + 1]));
        }
        if (0) {
        }
`, cabi.ImplementationMacro(pkg), pkg.Name, pre, pre, pre)
	for _, m := range genwire.NewLayout(pkg).Messages {
		t := pre + m.Name
		showCase := ""
		if m.IsUnion {
			// With SHOW_CASE set, a union's answer ends with the tag it
			// decoded, so tests can see an unknown case being detected.
			showCase = "                    if (getenv(\"SHOW_CASE\") != NULL) printf(\" %lu\", (unsigned long)v.tag);\n"
		}
		fmt.Fprintf(&b, `        else if (strcmp(text, %q) == 0) {
            %s v;
            size_t need, written;
            s = %s_wire_decode(in, n, &lim, &v, &err);
            if (s == 0) {
                need = %s_wire_size(&v);
                /* Exactly need bytes, so that the sanitizers see a write
                   past the end of the message. */
                free(out);
                out = (uint8_t *)malloc(need > 0 ? need : 1);
                out_cap = need;
                if (out == NULL) {
                    fprintf(stderr, "out of memory\n");
                    return 2;
                }
                s = %s_wire_encode(&v, out, out_cap, &written);
                if (s != 0 || written != need) {
                    printf("encode failed: status %%d, %%lu bytes for %%lu\n", (int)s, (unsigned long)written, (unsigned long)need);
                } else {
                    print_hex(out, written);
%s                    putchar('\n');
                }
                %s(&v);
                continue;
            }
        }
`, m.Name, t, t, t, t, showCase, cabi.AnyReleaseName(pkg, &idl.Type{Kind: kindOf(m), Name: m.Name, Decl: m.Decl}))
	}
	fmt.Fprintf(&b, `        else {
            printf("unknown message %%s\n", text);
            continue;
        }
        printf("err %%d %%lu\n", (int)s, (unsigned long)err.offset);
    }
    free(text);
    free(in);
    free(out);
    if (%s() != 0) {
        fprintf(stderr, "leak: %%lld allocations not released\n", (long long)%s());
        return 3;
    }
    return 0;
}
`, cabi.LiveAllocationsName(pkg), cabi.LiveAllocationsName(pkg))
	return b.String()
}

func kindOf(m *genwire.Message) idl.Kind {
	if m.IsUnion {
		return idl.KindUnion
	}
	return idl.KindStruct
}

// buildCDriver writes pkg's C codec and driver into dir and compiles them
// with gcc and extra flags; it returns the driver's path.
func buildCDriver(t testing.TB, dir string, pkg *idl.Package, name string, flags ...string) string {
	t.Helper()
	h, wire := cFiles(t, pkg)
	return buildCDriverFrom(t, dir, pkg, name, h, wire, flags...)
}

// buildCDriverFrom is buildCDriver over given C files: <pkg>.h and the
// codec's two files.
func buildCDriverFrom(t testing.TB, dir string, pkg *idl.Package, name string, h gen.File, wire []gen.File, flags ...string) string {
	t.Helper()
	writeFiles(t, dir, append(wire, h)...)
	drv := filepath.Join(dir, name+".c")
	if err := os.WriteFile(drv, []byte(cDriverSource(pkg)), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, name)
	args := append([]string{"-std=c99", "-Wall", "-Wextra", "-Werror", "-O1", "-g"}, flags...)
	args = append(args, "-o", bin, drv, filepath.Join(dir, pkg.Name+"_wire.c"))
	run(t, dir, "gcc", args...)
	return bin
}

// writePython writes pkg's Python types, codec and a driver speaking the
// C driver's protocol into dir.
func writePython(t testing.TB, dir string, pkg *idl.Package) {
	t.Helper()
	ws, err := genwire.Generate(pkg, genwire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	writePythonFrom(t, dir, pkg, ws)
}

// writePythonFrom is writePython with the codec taken from ws, the output
// of the wire backend.
func writePythonFrom(t testing.TB, dir string, pkg *idl.Package, ws []gen.File) {
	t.Helper()
	ps, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ws {
		if strings.HasSuffix(f.Path, ".py") {
			ps = append(ps, f)
		}
	}
	writeFiles(t, dir, ps...)
	var b strings.Builder
	fmt.Fprintf(&b, "import os\nimport sys\n\nimport %s as t\nimport %s_wire as w\n\nT = {\n", pkg.Name, pkg.Name)
	for _, m := range genwire.NewLayout(pkg).Messages {
		fn := strings.TrimSuffix(naming.PyName(m.Name), "_")
		fmt.Fprintf(&b, "    %q: (w.decode_%s, w.encode_%s),\n", m.Name, fn, fn)
	}
	b.WriteString("}\n\nCASES = {\n")
	for _, m := range genwire.NewLayout(pkg).Messages {
		for _, f := range m.Fields {
			if m.IsUnion {
				fmt.Fprintf(&b, "    t.%s%s: %d,\n", naming.PyClass(m.Name), naming.PyClass(f.Name), f.Tag)
			}
		}
	}
	b.WriteString("}\nUNIONS = {")
	for _, m := range genwire.NewLayout(pkg).Messages {
		if m.IsUnion {
			fmt.Fprintf(&b, "%q, ", m.Name)
		}
	}
	b.WriteString(`"-"}
SHOW_CASE = "SHOW_CASE" in os.environ


def case(v):
    if v is None:
        return 0
    if type(v) in CASES:
        return CASES[type(v)]
    return v.tag

for line in sys.stdin:
    typ, _, h = line.rstrip("\n").partition(" ")
    dec, enc = T[typ]
    try:
        v = dec(bytes.fromhex(h))
    except w.WireError as e:
        print(f"err {int(e.kind)} {e.offset}")
        continue
    if SHOW_CASE and typ in UNIONS:
        print("ok " + enc(v).hex() + " " + str(case(v)))
    else:
        print("ok " + enc(v).hex())
`)
	if err := os.WriteFile(filepath.Join(dir, "driver.py"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeGo writes pkg's Go types and codec into dir as package goPkg.
func writeGo(t testing.TB, dir string, pkg *idl.Package, goPkg string) {
	t.Helper()
	ws, err := genwire.Generate(pkg, genwire.Options{GoPackage: goPkg})
	if err != nil {
		t.Fatal(err)
	}
	writeGoFrom(t, dir, pkg, goPkg, ws)
}

// writeGoFrom is writeGo with the codec taken from ws, the wire backend's
// output for Go package goPkg.
func writeGoFrom(t testing.TB, dir string, pkg *idl.Package, goPkg string, ws []gen.File) {
	t.Helper()
	gs, err := gengo.Generate(pkg, gengo.Options{Package: goPkg})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(gs, ws...) {
		if strings.HasSuffix(f.Path, ".go") && !strings.HasSuffix(f.Path, "_cgo.go") {
			writeFiles(t, dir, f)
		}
	}
}

// goModule makes dir a module that requires go-cmp, resolved offline from
// the module cache with the main module's go.sum.
func goModule(t testing.TB, dir, name string) {
	t.Helper()
	mod := "module " + name + "\n\ngo 1.26\n\nrequire github.com/google/go-cmp v0.7.0\n"
	sum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}

func goRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run", "."}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestCrossLanguageChain: Go encodes → Python decodes and re-encodes → C
// decodes and re-encodes → Go decodes, over thousands of seeded random
// values of the conformance IDL, compared with go-cmp (and byte for byte
// at every step).
func TestCrossLanguageChain(t *testing.T) {
	pkg := loadIDL(t, "../../testdata/wire/conformance.idl")
	dir := t.TempDir()
	cdir, pydir := filepath.Join(dir, "c"), filepath.Join(dir, "py")
	os.Mkdir(cdir, 0o755)
	os.Mkdir(pydir, 0o755)
	drv := buildCDriver(t, cdir, pkg, "driver")
	writePython(t, pydir, pkg)
	writeGo(t, dir, pkg, "main")
	src, err := os.ReadFile("testdata/cchain/main.go")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	goModule(t, dir, "cchain")
	n := "1500"
	if testing.Short() {
		n = "200"
	}
	out := goRun(t, dir, "-seed", fmt.Sprint(chainSeed), "-n", n, "-py", pydir, "-c", drv)
	t.Log(strings.TrimSpace(out))
}
