#!/bin/sh
# Benchmark steppe's edge criticality against python3-igraph on a synthetic
# road-like network of 100,000 edges, in one command, and print the ratio.
# Needs Debian's python3-igraph:  apt-get install -y python3-igraph
# Run from the repository root:   sh bench/network/run.sh [extra flags]
set -e
go build -o /tmp/steppe-bench-network ./cmd/steppe
exec /tmp/steppe-bench-network bench network --python /usr/bin/python3 --script bench/network/igraph_criticality.py "$@"
