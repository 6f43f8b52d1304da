//go:build race

package serve

// raceEnabled is true when the tests run under the race detector, which
// slows the program several times over: time bounds that state a goal
// (a login in under 2 s) hold on a plain build only.
const raceEnabled = true
