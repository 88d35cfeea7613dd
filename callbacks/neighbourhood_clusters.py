"""The neighbourhood map's hot-spot layer and its funnel plot and inequality section:
marks and legend per (place, measure, switch), the section per (place, measure) (also on
the first load, so the page's layout does not wait for it), and assets/maps.js drawing
the marks on the map."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard.web import runtime
from layouts import neighbourhood_clusters as clusters
from layouts.neighbourhood_clusters import ClusterIds
from layouts.neighbourhoods import Ids


def register(app: Dash) -> None:
    # The layout carries the first view; callbacks answer changes only.
    @app.callback(Output(ClusterIds.MARKS, "data"), Output(ClusterIds.HOTSPOT_BOX, "children"),
                  Input(Ids.PLACE, "value"), Input(Ids.MEASURE, "value"),
                  Input(ClusterIds.HOTSPOTS, "value"), Input(Ids.GEOGRAPHY, "value"),
                  prevent_initial_call=True)
    def _layer(area, measure, shown, geography):
        return clusters.hotspot_layer(runtime.store(), area, measure, shown, geography)

    # Filled after the page's first paint: the funnel and the SII take a few hundred ms.
    @app.callback(Output(ClusterIds.SECTION, "children"),
                  Input(Ids.PLACE, "value"), Input(Ids.MEASURE, "value"))
    def _section(area, measure):
        return clusters.clusters_section(runtime.store(), area, measure)

    # An output (a hidden line saying what is marked) makes Dash run it on the first load.
    app.clientside_callback(ClientsideFunction("placeboard_maps", "marks"),
                            Output(ClusterIds.MARKED, "children"),
                            Input(ClusterIds.MARKS, "data"), State(Ids.MAP, "id"))
