#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run it:
# the tests (pytest), the linter (ruff) and the type checker (mypy --strict on src/).
# README's test command and .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools used by the interop tests: xmlsec1 (signature interop), SoftHSM2 (PKCS#11).
need=()
command -v xmlsec1 >/dev/null 2>&1 || need+=(xmlsec1)
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"; } \
    >/dev/null 2>&1 || echo "note: could not install ${need[*]}; the tests that need them will be skipped" >&2
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test,lint,pkcs11,dask,pdf,hub]" 2>&1 | grep -v "Running pip as the 'root' user" || true
# tables (pandas), the example notebook (executed by a test) and the documentation site
python3 -m pip install -q --disable-pip-version-check -e ".[pandas,notebook,docs]" 2>&1 | grep -v "Running pip as the 'root' user" || true
# atheris (the fuzz extra) builds from source on some platforms: without it the fuzz tests run
# their Hypothesis-driven harness only (tests/security/test_fuzz.py).
if ! python3 -m pip install -q --disable-pip-version-check -e ".[fuzz]" >/dev/null 2>&1; then
  echo "note: atheris could not be installed; fuzzing uses the Hypothesis harness only" >&2
fi

python3 -m ruff check src tests benchmarks
python3 -m mypy
python3 -m pytest -q -p no:cacheprovider "$@"
# the documentation site, strict: broken links, pages missing from the nav, public names missing
# from the API reference fail it (mkdocs.yml, tools/docs_hooks.py); the notebook in it is executed
# on this python3 (a kernelspec made for it is looked up first, whatever `python` is on PATH)
kernels="$(mktemp -d)"
python3 -m ipykernel install --prefix "$kernels" --name python3 >/dev/null 2>&1
JUPYTER_PATH="$kernels/share/jupyter" NO_MKDOCS_2_WARNING=1 \
  python3 -m mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
