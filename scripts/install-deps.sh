#!/usr/bin/env bash
# Installs the Debian packages citegraph needs to build and run (with --test: and to test), and
# only those that are missing (fast when everything is there). Debian 12; run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ cmake make                                   # toolchain
  libboost-graph-dev libboost-program-options-dev  # Boost.Graph, Boost.Program_options
  libeigen3-dev zlib1g-dev libxml2-dev             # Eigen; gzip input; PubMed XML and JATS
  libigraph-dev pkg-config                         # igraph: Leiden clustering, layout
  libfmt-dev                                       # fmt's Dragonbox: shortest doubles in the tables
  libdeflate-dev                                   # PCLMUL CRC-32 of snapshot sections
  libssl-dev                                       # libcrypto's SHA-256 of inputs and outputs
)
# With --test, what the test command needs besides (scripts/test.sh).
if [[ ${1:-} == --test ]]; then
  packages+=(
    clang libclang-rt-14-dev                         # libFuzzer targets (scripts/fuzz.sh)
    clang-format clang-tidy                          # scripts/lint.sh
    doctest-dev                                      # unit tests
    libxml2-utils                                    # xmllint: GraphML/GEXF schema validation
    python3 python3-networkx python3-igraph          # independent oracles in tests
    python3-sklearn                                  # silhouettes (and scipy: burst fit cost)
    chromium                                         # renders report.html in the CLI tests
    libcombblas-dev libopenmpi-dev openmpi-bin       # citegraph-mpi (-DCITEGRAPH_MPI=ON) tests
  )
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
