//go:build race

package main

// raceDetector is true when the tests run under the race detector, which
// multiplies a program's memory: memory is then measured on a plain build.
const raceDetector = true
