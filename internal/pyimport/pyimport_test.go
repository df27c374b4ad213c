package pyimport

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFill(t *testing.T) {
	src := "from __future__ import annotations\n\n" + Placeholder + "\n\nx: _Any = _ctu.find_library(_os.sep)\ny: _Final = _TYPE_CHECKING\n"
	imps := []Import{
		{Module: "typing", Name: "Final", Alias: "_Final"},
		{Module: "os", Alias: "_os"},
		{Module: "ctypes.util", Alias: "_ctu"},
		{Module: "ctypes", Alias: "_ct"}, // unused: left out
		{Module: "typing", Name: "Any", Alias: "_Any"},
		{Module: "typing", Name: "TYPE_CHECKING", Alias: "_TYPE_CHECKING"},
		{Module: "collections.abc", Name: "Callable", Alias: "_Callable"}, // unused
	}
	want := "from __future__ import annotations\n\n" +
		"import ctypes.util as _ctu\n" +
		"import os as _os\n" +
		"from typing import TYPE_CHECKING as _TYPE_CHECKING\n" +
		"from typing import Any as _Any\n" +
		"from typing import Final as _Final\n" +
		"\nx: _Any = _ctu.find_library(_os.sep)\ny: _Final = _TYPE_CHECKING\n"
	if diff := cmp.Diff(want, Fill(src, imps)); diff != "" {
		t.Errorf("Fill (-want +got):\n%s", diff)
	}
	// The room Slot reserves is filled in place, with the same result;
	// room that is too small falls back to a copy.
	for _, slot := range []string{Slot(imps), Placeholder + "\n\x00"} {
		in := []byte(strings.Replace(src, Placeholder, slot, 1))
		if diff := cmp.Diff(want, string(FillBytes(in, imps))); diff != "" {
			t.Errorf("FillBytes with %q (-want +got):\n%s", slot, diff)
		}
	}
}

func TestSort(t *testing.T) {
	all := []string{"encode_i16", "Fault", "encode_i8", "METHOD_IDS", "connect", "DEFAULT_MAX_CALLS", "RpcError"}
	SortAll(all)
	if diff := cmp.Diff([]string{"DEFAULT_MAX_CALLS", "METHOD_IDS", "Fault", "RpcError", "connect", "encode_i8", "encode_i16"}, all); diff != "" {
		t.Errorf("SortAll (-want +got):\n%s", diff)
	}
	members := []string{"EchoU16Request", "EchoI8Request", "echo", "EchoI16Request", "IO"}
	SortMembers(members)
	if diff := cmp.Diff([]string{"IO", "EchoI8Request", "EchoI16Request", "EchoU16Request", "echo"}, members); diff != "" {
		t.Errorf("SortMembers (-want +got):\n%s", diff)
	}
}

// TestContainsWord holds containsWord to the regexp \bw\b it replaces.
func TestContainsWord(t *testing.T) {
	texts := []string{"", "_ct", "_ct.x", "x_ct", "_ctu", "a _ct", "(_ct)", "_ct_", "9_ct", "_ct9 _ct", "é_ct", "_ct\n", "_ct_ct", "x._ct"}
	words := []string{"_ct", "_TYPE_CHECKING", "ct", "a", "(_ct)"}
	for _, s := range texts {
		for _, w := range words {
			want := regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`).MatchString(s)
			// FillBytes searches the text on both sides of the placeholder
			// it takes out: every split must agree with the whole.
			for cut := 0; cut <= len(s); cut++ {
				if got := containsWord([]byte(s[:cut]), []byte(s[cut:]), w); got != want {
					t.Errorf("containsWord(%q, %q, %q) = %v, regexp says %v", s[:cut], s[cut:], w, got, want)
				}
			}
		}
	}
}

// TestUnderscoreWords holds the one-pass scan to the regexp \bw\b, on the
// texts above and on random texts over a small alphabet, at every cut.
func TestUnderscoreWords(t *testing.T) {
	texts := []string{"", "_ct", "_ct.x", "x_ct", "_ctu", "a _ct", "(_ct)", "_ct_", "9_ct", "_ct9 _ct", "é_ct", "_ct\n", "_ct_ct", "x._ct", "__ct", "_c t", "_ _ct"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "_ct .é\n"
	for range 2000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	aliases := []string{"_ct", "_c", "_", "__ct", "_TYPE_CHECKING"}
	imps := make([]Import, len(aliases))
	for i, a := range aliases {
		imps[i] = Import{Module: "m", Alias: a}
	}
	for _, s := range texts {
		for cut := 0; cut <= len(s); cut++ {
			got := underscoreWords([]byte(s[:cut]), []byte(s[cut:]), imps)
			for _, w := range aliases {
				want := regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`).MatchString(s)
				if found, ok := got[w]; !ok || found != want {
					t.Fatalf("underscoreWords(%q, %q)[%q] = %v, %v; regexp says %v", s[:cut], s[cut:], w, found, ok, want)
				}
			}
		}
	}
}
