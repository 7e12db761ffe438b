package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

func TestHealthAnswersWhileTheProcessRuns(t *testing.T) {
	if code := get(t, NewHandler(&State{}), "/health"); code != http.StatusOK {
		t.Fatalf("/health: got %d, want 200", code)
	}
}

func TestReadyFollowsTheReadinessState(t *testing.T) {
	state := &State{}
	h := NewHandler(state)
	if code := get(t, h, "/ready"); code != http.StatusServiceUnavailable {
		t.Fatalf("/ready before start: got %d, want 503", code)
	}
	state.SetReady(true)
	if code := get(t, h, "/ready"); code != http.StatusOK {
		t.Fatalf("/ready after start: got %d, want 200", code)
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	if code := get(t, NewHandler(&State{}), "/nope"); code != http.StatusNotFound {
		t.Fatalf("/nope: got %d, want 404", code)
	}
}
