"""schemathesis against /api/v1/openapi.json: for requests generated from the document
itself (valid ones and, for every parameter, invalid ones), the API never answers with a
server error, and every answer keeps to the document: a documented status, the
documented content type, headers and a body the response schema accepts.

The app is the real one over the real store, called in-process through WSGI.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(built_store_path, tmp_path_factory):
    from dashboard.common.config import DATA_DIR, Settings

    folder = tmp_path_factory.mktemp("schemathesis")
    app = create_app(Settings.from_env(
        store_path=built_store_path, data_dir=DATA_DIR,
        accounts_path=folder / "accounts.sqlite",
        secret_key="test-secret-key-not-for-production",
                                 api_rate_limit="100000 per minute"),
        store=Store(built_store_path, make_cache()))
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app.server)


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_openapi_document(api_schema, mode):
    operations = _operations(api_schema)
    assert len(operations) == 11  # 9 reads, sending a submission and reading it back
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
