#!/usr/bin/env bash
# Checks a running `roiledger serve` against its contract, schemas/openapi.json:
#   1. the document is valid OpenAPI 3.1 (openapi-spec-validator);
#   2. schemathesis sends generated requests (valid and invalid) to every read operation and to
#      POST /v1/audit, and checks that no answer is a 5xx, that every status code and content type
#      is documented, and that JSON bodies (problem JSON included) follow their schemas.
# The write operations (POST /v1/events, /v1/rules, /v1/closes/{period}) are left out, so the run
# appends nothing to the ledger.
#
# Usage: .ci/check_api.sh BASE_URL TOKEN     (e.g. http://127.0.0.1:8080 rl_...; a read token)
# Environment: CHECK_API_MAX_EXAMPLES (default 25), CHECK_API_SEED (default 2026),
#              CHECK_API_WORKERS (default 1).
# One worker by default: on Python 3.11 two workers crash schemathesis now and then (a
# "Runtime Error: AST constructor recursion depth mismatch" from ast.parse in threads). The coverage
# phase also sends methods a path does not document (PUT, DELETE, TRACE, QUERY, ...): the server
# must answer them with a 4xx (405), since any 5xx fails not_a_server_error.
# Exits 0 when every check passed, non-zero otherwise (what failed is printed above the summary).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 2 ]; then
    echo "usage: $0 BASE_URL TOKEN" >&2
    exit 2
fi
base_url=${1%/}
token=$2
document=schemas/openapi.json

if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
    python3 -m pip install --quiet openapi-spec-validator
fi
if ! python3 -c 'import schemathesis' 2>/dev/null; then
    python3 -m pip install --quiet 'schemathesis>=4'
fi

echo "check_api: validating $document"
if ! python3 -m openapi_spec_validator "$document"; then
    echo "check_api: FAILED: $document is not a valid OpenAPI document" >&2
    exit 1
fi

# schemathesis keeps a crash cache (.schemathesis/) in its working directory: run it in a scratch
# one so that the work tree stays clean.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
document_path="$PWD/$document"

echo "check_api: schemathesis $(python3 -c 'import schemathesis; print(schemathesis.__version__)') against $base_url"
status=0
(cd "$scratch" && python3 -m schemathesis.cli run "$document_path" \
    --url "$base_url" \
    --header "Authorization: Bearer $token" \
    --include-method GET \
    --include-operation-id auditReport \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "${CHECK_API_MAX_EXAMPLES:-25}" \
    --seed "${CHECK_API_SEED:-2026}" \
    --workers "${CHECK_API_WORKERS:-1}" \
    --request-timeout 60 \
    --generation-database none \
    --no-color) || status=$?

if [ "$status" -ne 0 ]; then
    echo "check_api: FAILED: schemathesis exited $status (the failing operations and checks are listed above)" >&2
    exit "$status"
fi
echo "check_api: passed"
