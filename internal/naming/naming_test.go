package naming

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"user_id":        "user id",
		"userId":         "user Id",
		"HTTPServer":     "HTTP Server",
		"DIVIDE_BY_ZERO": "DIVIDE BY ZERO",
		"Point":          "Point",
		"point3d":        "point3d",
		"vec_3":          "vec 3",
		"parseURL2Fast":  "parse URL2 Fast",
		"__x__":          "x",
		"__":             "x",
	} {
		if got := strings.Join(Words(in), " "); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGo(t *testing.T) {
	tests := []struct{ in, exported, local string }{
		{"user_id", "UserID", "userID"},
		{"DIVIDE_BY_ZERO", "DivideByZero", "divideByZero"},
		{"Point", "Point", "point"},
		{"http_url", "HTTPURL", "httpURL"},
		{"type", "Type", "type_"},
		{"func", "Func", "func_"},
		{"string", "String", "string_"},
		{"unsafe", "Unsafe", "unsafe_"},
		{"x", "X", "x"},
		{"from", "From", "from"},
		{"ID", "ID", "id"},
		{"with_capacity", "WithCapacity", "withCapacity"},
		{"_", "X", "x"},
	}
	for _, tt := range tests {
		if got := GoExported(tt.in); got != tt.exported {
			t.Errorf("GoExported(%q) = %q, want %q", tt.in, got, tt.exported)
		}
		if got := GoLocal(tt.in); got != tt.local {
			t.Errorf("GoLocal(%q) = %q, want %q", tt.in, got, tt.local)
		}
	}
}

func TestPython(t *testing.T) {
	tests := []struct{ in, name, class, konst string }{
		{"from", "from_", "From", "FROM"},
		{"class", "class_", "Class", "CLASS"},
		{"None", "none", "None_", "NONE"},
		{"int", "int_", "Int", "INT"},
		{"userId", "user_id", "UserId", "USER_ID"},
		{"def", "def_", "Def", "DEF"},
		{"default", "default", "Default", "DEFAULT"},
		{"http_server", "http_server", "HttpServer", "HTTP_SERVER"},
		{"Point", "point", "Point", "POINT"},
	}
	for _, tt := range tests {
		if got := PyName(tt.in); got != tt.name {
			t.Errorf("PyName(%q) = %q, want %q", tt.in, got, tt.name)
		}
		if got := PyClass(tt.in); got != tt.class {
			t.Errorf("PyClass(%q) = %q, want %q", tt.in, got, tt.class)
		}
		if got := PyConst(tt.in); got != tt.konst {
			t.Errorf("PyConst(%q) = %q, want %q", tt.in, got, tt.konst)
		}
	}
}

func TestC(t *testing.T) {
	for in, want := range map[string]string{
		"default": "default_", "class": "class_", "from": "from", "new": "new_", "x": "x", "int": "int_",
	} {
		if got := CName(in); got != want {
			t.Errorf("CName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CUpper("calc", "Rounding", "UP"); got != "CALC_ROUNDING_UP" {
		t.Errorf("CUpper = %q", got)
	}
	if got := CUpper("calc", "CalcError", "DIVIDE_BY_ZERO"); got != "CALC_CALC_ERROR_DIVIDE_BY_ZERO" {
		t.Errorf("CUpper = %q", got)
	}
}

func TestEscapeIsStable(t *testing.T) {
	// An escaped name is not reserved, so escaping it again changes nothing.
	for _, set := range []map[string]bool{GoReserved, PyReserved, CReserved} {
		for w := range set {
			e := Escape(w, set)
			if set[e] || Escape(e, set) != e {
				t.Errorf("Escape(%q) = %q is not stable", w, e)
			}
		}
	}
}

// TestASCIIFastPaths holds the ASCII renderers to the general ones on
// random identifiers: letters of both cases, digits, underscores, and the
// words of the initialisms table and the reserved sets.
func TestASCIIFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b", "z", "A", "B", "Z", "0", "3", "_", "__", "id", "ID", "Id", "http", "HTTP", "url", "uuid", "type", "from", "class", "none", "err", "xml"}
	names := []string{"", "_", "___", "x", "X", "_x", "x_", "3d", "_3", "userId", "HTTPServer", "DIVIDE_BY_ZERO", "point3d", "vec_3", "ID", "type", "from", "class_", "None"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		names = append(names, b.String())
	}
	for _, n := range names {
		for _, c := range []struct {
			name       string
			fast, slow func(string) string
		}{
			{"GoExported", GoExported, goExportedRunes},
			{"GoLocal", GoLocal, goLocalRunes},
			{"PyName", PyName, pyNameRunes},
			{"PyClass", PyClass, pyClassRunes},
			{"PyConst", PyConst, pyConstRunes},
			{"CUpper", func(s string) string { return CUpper("pkg", s, s) }, func(s string) string { return cUpperRunes("pkg", s, s) }},
		} {
			if got, want := c.fast(n), c.slow(n); got != want {
				t.Fatalf("%s(%q) = %q, general path says %q", c.name, n, got, want)
			}
		}
	}
}
