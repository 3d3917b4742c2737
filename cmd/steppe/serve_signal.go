package main

import (
	"os"
	"os/signal"
	"syscall"
)

// signalNotify relays SIGTERM and interrupts to c.
func signalNotify(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }
