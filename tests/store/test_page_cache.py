"""The public page response cache (dashboard/web/page_cache.py), against the real built store,
flask-caching's SimpleCache and a real redis-server."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from dashboard.common.config import Settings
from dashboard.security.access import Viewer
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.web import page_cache
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


def router_body(app, pathname: str) -> dict:
    """The page-content callback's request as the browser sends it for a URL."""
    client = app.server.test_client()
    client.get("/")  # Dash registers its page router on the first request
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    assert router == page_cache.PAGES_OUTPUT
    return {"output": router,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"]}


def kept_answers(app) -> list[str]:
    cache = app.server.extensions["placeboard"]["store"].cache
    return [k for k in cache._cache if k.startswith(page_cache.RESPONSE_PREFIX)]


def test_the_page_callback_answers_the_same_from_the_cache(settings: Settings):
    app = create_app(settings)
    client = app.server.test_client()
    body = router_body(app, f"/area/{OLDHAM}")
    first = client.post(CALLBACK, json=body)
    second = client.post(CALLBACK, json=body)
    assert first.status_code == second.status_code == 200
    assert "Oldham" in second.get_data(as_text=True)
    assert first.get_json() == second.get_json()



def test_a_kept_answer_is_sent_without_dash_for_the_same_request(settings: Settings):
    """The second public request for a page's content is answered with the kept bytes
    (here replaced by a marker, so an answer built again would show)."""
    app = create_app(settings)
    client = app.server.test_client()
    body = router_body(app, f"/area/{OLDHAM}")
    first = client.post(CALLBACK, json=body)
    assert first.status_code == 200
    [key] = kept_answers(app)
    cache = app.server.extensions["placeboard"]["store"].cache
    assert cache.get(key) == first.get_data()
    cache.set(key, b'{"kept": true}')
    again = client.post(CALLBACK, json=body)
    assert again.get_json() == {"kept": True}
    assert again.headers["Content-Type"] == "application/json"
    assert "Content-Security-Policy" in again.headers  # the security hooks still run


def test_signed_in_viewers_and_uncached_pages_get_no_kept_answer(settings: Settings):
    app = create_app(settings)
    client = app.server.test_client()
    client.post(CALLBACK, json=router_body(app, "/worsening"))  # reads the request
    assert kept_answers(app) == []
    app.server.extensions["placeboard"]["viewer"] = lambda: Viewer("partner", {"oldham"},
                                                                     "pat")
    answer = client.post(CALLBACK, json=router_body(app, f"/area/{OLDHAM}"))
    assert answer.status_code == 200 and "Oldham" in answer.get_data(as_text=True)
    assert kept_answers(app) == []


def test_a_page_that_failed_is_not_kept(settings: Settings, tmp_path: Path):
    """No store yet: the page says so (a 200 with a helpful message), and that answer is
    not kept, so the page shows once the store is built."""
    app = create_app(Settings(**{**settings.__dict__, "store_path": tmp_path / "none.duckdb"}))
    answer = app.server.test_client().post(CALLBACK, json=router_body(app, f"/area/{OLDHAM}"))
    assert answer.status_code == 200
    assert "not built yet" in answer.get_data(as_text=True)
    assert kept_answers(app) == []


def test_a_store_swap_is_never_answered_from_the_old_files_answer(
        built_store_path: Path, tmp_path: Path, settings: Settings):
    path = tmp_path / "placeboard.duckdb"
    shutil.copy(built_store_path, path)
    app = create_app(Settings(**{**settings.__dict__, "store_path": path}))
    client = app.server.test_client()
    body = router_body(app, f"/area/{OLDHAM}")
    client.post(CALLBACK, json=body)
    cache = app.server.extensions["placeboard"]["store"].cache
    [key] = kept_answers(app)
    cache.set(key, b'{"kept": true}')
    swapped = tmp_path / "new.duckdb"
    shutil.copy(built_store_path, swapped)
    os.replace(swapped, path)  # as `placeboard build` and `load` swap a store in
    answer = client.post(CALLBACK, json=body)
    assert "Oldham" in answer.get_data(as_text=True)
