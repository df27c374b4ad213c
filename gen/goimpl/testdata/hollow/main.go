// Command hollow is testdata/hollow/hollow.idl implemented in Go, as its
// doc comments say: the Go library behind which driver.c and
// check_hollow.py pass empty structs and payload-free union cases in the
// positions conformance.idl leaves out.
package main

import (
	"sync"

	"goimpltest/hollow"
)

func init() { hollow.Register(impl{}) }

func main() {}

type impl struct{}

func (impl) NothingOrFail(fail bool) (hollow.Nothing, error) {
	if fail {
		return hollow.Nothing{}, hollow.OopsBad
	}
	return hollow.Nothing{}, nil
}

func (impl) FlagOrFail(on, fail bool) (hollow.Flag, error) {
	switch {
	case fail:
		return nil, hollow.OopsBad
	case on:
		return hollow.FlagOn{}, nil
	}
	return hollow.FlagOff{}, nil
}

func (impl) Flip(flags []hollow.Flag) []hollow.Flag {
	out := make([]hollow.Flag, len(flags))
	for i, f := range flags {
		switch f.(type) {
		case hollow.FlagOn:
			out[i] = hollow.FlagOff{}
		case hollow.FlagOff:
			out[i] = hollow.FlagOn{}
		default:
			out[i] = f // unknown: kept
		}
	}
	return out
}

// tag is the C tag of e; 0 for nil.
func tag(e hollow.Event) uint32 {
	switch e := e.(type) {
	case hollow.EventIdle:
		return 1
	case hollow.EventBlank:
		return 2
	case hollow.EventFlag:
		return 3
	case hollow.EventBlanks:
		return 4
	case hollow.EventMaybe:
		return 5
	case hollow.EventCount:
		return 6
	case hollow.EventQuit:
		return 9
	case hollow.EventUnknown:
		return e.Tag
	}
	return 0
}

func (impl) Tags(events []hollow.Event) []uint32 {
	out := make([]uint32, len(events))
	for i, e := range events {
		out[i] = tag(e)
	}
	return out
}

func (impl) EchoLog(log hollow.Log) (hollow.Log, error) {
	if len(log.Events) == 0 {
		return hollow.Log{}, hollow.OopsBad
	}
	return log, nil
}

func (impl) Lookup(events hollow.Map[string, hollow.Event], name string) hollow.Event {
	e, _ := events.Get(name)
	return e
}

func (impl) Sample() hollow.Log {
	var log hollow.Log
	log.Events = []hollow.Event{
		hollow.EventIdle{},
		hollow.EventBlank{},
		hollow.EventFlag{Value: hollow.FlagOn{}},
		hollow.EventBlanks{Value: make([]hollow.Nothing, 3)},
		hollow.EventMaybe{},
		&hollow.EventMaybe{Value: &hollow.Nothing{}}, // a pointer to a case crosses too
		hollow.EventCount{Value: 7},
		&hollow.EventQuit{},
	}
	log.ByName.Put("idle", hollow.EventIdle{})
	log.ByName.Put("quit", hollow.EventQuit{})
	log.ByName.Put("off", hollow.EventFlag{Value: &hollow.FlagOff{}})
	log.Flags = []hollow.Flag{hollow.FlagOn{}, hollow.FlagOff{}, hollow.FlagOn{}}
	log.Gaps.Put(1, &hollow.Nothing{})
	log.Gaps.Put(2, nil)
	log.Last = hollow.EventQuit{}
	log.MaybeFlag = hollow.FlagOff{}
	return log
}

// sw is the Switch: its state under a mutex.
type sw struct {
	mu sync.Mutex
	on bool
}

func (impl) NewSwitch(initial hollow.Flag) hollow.Switch {
	_, on := initial.(hollow.FlagOn)
	return &sw{on: on}
}

func (impl) NewSwitchBlank(hollow.Nothing) hollow.Switch { return &sw{} }

// flag is the Flag of state on.
func flag(on bool) hollow.Flag {
	if on {
		return hollow.FlagOn{}
	}
	return hollow.FlagOff{}
}

func (s *sw) Toggle() hollow.Flag {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = !s.on
	return flag(s.on)
}

func (s *sw) Set(f hollow.Flag) (hollow.Nothing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f.(type) {
	case hollow.FlagOn:
		s.on = true
	case hollow.FlagOff:
		s.on = false
	default:
		return hollow.Nothing{}, hollow.OopsBad
	}
	return hollow.Nothing{}, nil
}

func (s *sw) On() hollow.Flag {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.on {
		return hollow.FlagOn{}
	}
	return nil
}

func (s *sw) Event() (hollow.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.on {
		return nil, hollow.OopsBad
	}
	return hollow.EventFlag{Value: flag(s.on)}, nil
}
