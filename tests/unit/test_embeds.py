"""Embeds, the pure parts: their addresses, the iframe snippet, components written as
HTML for the embed page, and the embed page itself (no inline script, the figure's JSON
safe in its data block), and which paths may be framed."""

from __future__ import annotations

import json
import re

from dash import dcc, html

from dashboard.views import embeds
from dashboard.web.embeds import is_embed
from layouts.embed_html import EmbedChart, embed_document, problem_document
from layouts.embed_panel import embed_panel
from layouts.plain import h, link
from layouts.plain_html import to_html
from layouts.value_marks import quality_line
from tests.unit.test_plain import as_json, rebuild


def test_embed_addresses_carry_the_charts_query():
    assert embeds.indicator_trend_path("claimant-count", "E08000004",
                                       ["E12000002", "neighbours"]) == \
        "/embed/indicator/claimant-count?area=E08000004&compare=E12000002,neighbours"
    assert embeds.indicator_trend_path("claimant-count") == "/embed/indicator/claimant-count"
    assert embeds.indicator_ranking_path("claimant-count", "E08000004", "2023/24") == \
        "/embed/indicator/claimant-count/ranking?area=E08000004&period=2023/24"
    assert embeds.area_theme_path("E08000004", "health") == "/embed/area/E08000004/theme/health"
    assert embeds.area_theme_path("E08000004", "health", "region", "99.8") == \
        "/embed/area/E08000004/theme/health?benchmark=region&level=99.8"
    assert embeds.public_chart_path("E08000004", "neighbourhoods") == \
        "/embed/public/area/E08000004/neighbourhoods"
    assert embeds.theme_slug("Work and worklessness") == "work-and-worklessness"


def test_the_snippet_is_an_iframe_named_by_the_charts_title():
    text = embeds.snippet("https://placeboard.example", "/embed/indicator/x?area=E08000004",
                          'Pay "median" <weekly> & more')
    assert text == ('<iframe src="https://placeboard.example/embed/indicator/x?area=E08000004" '
                    'title="Pay &quot;median&quot; &lt;weekly&gt; &amp; more" width="100%" '
                    'height="420" loading="lazy"></iframe>')


def test_only_embed_paths_may_be_framed():
    assert is_embed("/embed") and is_embed("/embed/") and is_embed("/embed/indicator/x")
    assert not is_embed("/embedded") and not is_embed("/indicator/x")
    assert not is_embed("/") and not is_embed("/assets/embed.js")


def test_components_and_their_json_write_the_same_escaped_html():
    tree = html.Div([html.P("a < b & c", className="lead", id="p1"),
                     dcc.Link("Oldham", href="/area/E08000004"),
                     html.Img(src="data:image/svg+xml,x", alt='say "hi"'),
                     html.Details([html.Summary("Why?"), "because"], open=True)])
    expected = ('<div><p class="lead" id="p1">a &lt; b &amp; c</p>'
                '<a href="/area/E08000004">Oldham</a>'
                '<img alt="say &quot;hi&quot;" src="data:image/svg+xml,x">'
                "<details open><summary>Why?</summary>because</details></div>")
    assert to_html(tree) == expected
    plain = h("Div", [h("P", "a < b & c", className="lead", id="p1"),
                      link("Oldham", "/area/E08000004"),
                      h("Img", src="data:image/svg+xml,x", alt='say "hi"'),
                      h("Details", [h("Summary", "Why?"), "because"], open=True)])
    assert to_html(plain) == expected


def test_links_leaving_an_embed_open_a_new_tab_and_graphs_are_left_out():
    tree = [link("Page", "/area/E08000004"), h("A", "1", href="#note-1"),
            dcc.Graph(figure={}), html.Td("x", colSpan=2, style={"minWidth": "3em"})]
    assert to_html(tree, new_tab=True) == (
        '<a href="/area/E08000004" rel="noopener" target="_blank">Page</a>'
        '<a href="#note-1">1</a><td colspan="2" style="min-width: 3em">x</td>')


def _chart(**extra) -> EmbedChart:
    return EmbedChart(title="Claimant Count: Oldham, 2001 to 2025", details="Unit: %.",
                      alt="Line chart over time.", source="Source: ONS.",
                      back_href="/indicator/claimant-count?area=E08000004",
                      back_label="Claimant Count: the full page", **extra)


def test_the_embed_page_has_its_parts_and_no_inline_script():
    figure = {"data": [{"type": "scatter", "name": "</script><script>alert(1)</script>",
                        "y": [1, 2]}], "layout": {"height": 420, "title": {"text": "x"}}}
    page = embed_document(_chart(figure=figure))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert "<h1" in page and "Claimant Count: Oldham, 2001 to 2025" in page
    assert 'id="embed-alt"' in page and "Line chart over time." in page
    assert "Source: ONS." in page and 'href="/indicator/claimant-count?area=E08000004"' in page
    assert "<header" not in page and "<nav" not in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    inline = [body for attributes, body in scripts
              if "src=" not in attributes and "application/json" not in attributes]
    assert inline == []
    data = next(body for attributes, body in scripts if "application/json" in attributes)
    assert "</" not in data
    parsed = json.loads(data)
    assert parsed["data"][0]["name"] == "</script><script>alert(1)</script>"
    assert "height" not in parsed["layout"] and parsed["layout"]["autosize"] is True
    sources = [re.search(r'src="([^"]+)"', a).group(1) for a, _ in scripts if "src=" in a]
    assert all(src.startswith("/") for src in sources)  # served here, nothing remote
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', page))


def test_a_table_embed_needs_no_script():
    page = embed_document(_chart(body=h("Table", h("Tbody", h("Tr", h("Td", "1"))))))
    assert "<table><tbody><tr><td>1</td></tr></tbody></table>" in page
    assert "<script" not in page


def test_the_problem_page_says_what_can_be_embedded():
    page = problem_document("There is no chart to embed here", "No <such> indicator.",
                            [("All indicators", "/data")])
    assert "No &lt;such&gt; indicator." in page and 'href="/data"' in page
    assert "/embed/indicator/&lt;id&gt;?area=&lt;code&gt;" in page
    assert "<script" not in page


def test_the_embed_panel_and_quality_line_are_valid_components():
    """Written as component JSON for speed: rebuilt as real components, they validate and
    give the same JSON (only props the components take)."""
    panel = embed_panel("/embed/indicator/x?area=E08000004", "X: Oldham", "trend-embed")
    assert as_json(rebuild(panel)) == as_json(panel)
    text = json.dumps(panel)
    assert '"data-copy": "trend-embed-code"' in text and '"id": "trend-embed-code"' in text
    assert '"role": "status"' in text and '"readOnly": true' in text
    line = quality_line([{"errors": 0, "warnings": 2}], "claimant-count")
    assert as_json(rebuild(line)) == as_json(line)
    assert line["props"]["children"][2]["props"]["href"] == "/data#dataset-claimant-count"
