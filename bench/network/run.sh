#!/bin/sh
# Benchmark package network's Graph against python3-igraph on the anchor
# lattice (224x224, 10% of edges removed), in one command, and print ratios.
# Needs Debian's python3-igraph:  apt-get install -y python3-igraph
# Run from the repository root:   sh bench/network/run.sh [extra flags]
set -e
go build -o /tmp/steppe-bench-network ./cmd/steppe
exec /tmp/steppe-bench-network bench network --python /usr/bin/python3 --script bench/network/igraph_measures.py "$@"
