"""The public page response cache (dashboard/page_cache.py), against the real built store,
flask-caching's SimpleCache and a real redis-server."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from dashboard import page_cache
from dashboard.access import Viewer
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.store import Store, make_cache
from layouts import area
from tests.store.test_cache import redis_url  # noqa: F401  (fixture: a real redis-server)

OLDHAM = "E08000004"
CALLBACK = "/_dash-update-component"


class Counted:
    """The area page's layout, counting how often it is really built."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self, **query):
        self.builds += 1
        return area.layout(**query)


def page_text(content) -> str:
    return content if isinstance(content, str) else json.dumps(
        content, default=lambda c: c.to_plotly_json())


def test_the_key_is_the_url_in_any_order_under_one_store_and_access_version():
    key = page_cache.page_key((1, 2), "public|0", "layouts.compare",
                              {"areas": ["E08000004", "E08000010"], "sort": "area"})
    assert key == page_cache.page_key((1, 2), "public|0", "layouts.compare",
                                      {"sort": "area", "areas": ["E08000004", "E08000010"]})
    assert key != page_cache.page_key((1, 2), "public|0", "layouts.compare",
                                      {"sort": "claimant-count",
                                       "areas": ["E08000004", "E08000010"]})
    assert key != page_cache.page_key((1, 3), "public|0", "layouts.compare",
                                      {"areas": ["E08000004", "E08000010"], "sort": "area"})
    assert key != page_cache.page_key((1, 2), "public|1", "layouts.compare",
                                      {"areas": ["E08000004", "E08000010"], "sort": "area"})
    assert key != page_cache.page_key((1, 2), "public|0", "layouts.area",
                                      {"areas": ["E08000004", "E08000010"], "sort": "area"})


def test_pages_that_are_not_a_function_of_their_url_are_not_wrapped():
    layout = Counted()
    assert page_cache.cached_page("layouts.worsening", layout) is layout
    assert page_cache.cached_page("layouts.admin", layout) is layout


def test_a_public_viewer_gets_the_same_page_built_once_per_url(settings: Settings):
    app = create_app(settings)
    layout = Counted()
    cached = page_cache.cached_page("layouts.area", layout)
    with app.server.test_request_context():
        first = cached(code=OLDHAM)
        again = cached(code=OLDHAM)
        other = cached(code=OLDHAM, benchmark="region")
    assert layout.builds == 2
    assert page_text(first) == page_text(again)  # the same page, from the cache
    assert "Oldham" in page_text(again)
    assert "Oldham" in page_text(other)


def test_signed_in_viewers_are_never_served_from_the_cache(settings: Settings):
    app = create_app(settings)
    app.server.extensions["placeboard"]["viewer"] = lambda: Viewer("partner", {"oldham"},
                                                                     "pat")
    layout = Counted()
    cached = page_cache.cached_page("layouts.area", layout)
    with app.server.test_request_context():
        cached(code=OLDHAM)
        cached(code=OLDHAM)
    assert layout.builds == 2


def test_a_store_swap_and_an_access_change_each_build_the_page_again(
        built_store_path: Path, tmp_path: Path, settings: Settings):
    path = tmp_path / "placeboard.duckdb"
    shutil.copy(built_store_path, path)
    app = create_app(Settings(**{**settings.__dict__, "store_path": path}))
    layout = Counted()
    cached = page_cache.cached_page("layouts.area", layout)
    with app.server.test_request_context():
        cached(code=OLDHAM)
        cached(code=OLDHAM)
        assert layout.builds == 1
        swapped = tmp_path / "new.duckdb"
        shutil.copy(built_store_path, swapped)
        os.replace(swapped, path)  # as `placeboard build` and `load` swap a store in
        cached(code=OLDHAM)
        assert layout.builds == 2
        accounts = app.server.extensions["placeboard"]["accounts"]
        accounts.set_access("indicator", "claimant-count", "restricted:analyst",
                            Viewer("admin", user="ada"))
        page = cached(code=OLDHAM)
        assert layout.builds == 3
        assert "Claimant" not in page_text(page)  # the change shows at once


def test_instances_sharing_redis_share_public_pages(settings: Settings,
                                                     redis_url: str):  # noqa: F811
    builds = []
    for _ in range(2):  # two app instances, as behind a load balancer
        store = Store(settings.store_path, make_cache(redis_url))
        app = create_app(settings, store=store)
        layout = Counted()
        with app.server.test_request_context():
            page = page_cache.cached_page("layouts.area", layout)(code=OLDHAM)
        builds.append(layout.builds)
        assert "Oldham" in page_text(page)
    assert builds == [1, 0]


def test_the_page_callback_answers_the_same_from_the_cache(settings: Settings):
    app = create_app(settings)
    client = app.server.test_client()
    client.get("/")  # Dash registers its page router on the first request
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname",
                        "value": f"/area/{OLDHAM}"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"]}
    first = client.post(CALLBACK, json=body)
    second = client.post(CALLBACK, json=body)
    assert first.status_code == second.status_code == 200
    assert "Oldham" in second.get_data(as_text=True)
    assert first.get_json() == second.get_json()
