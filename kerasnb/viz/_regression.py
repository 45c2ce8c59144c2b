"""The regression view of ``show_predictions``: predicted against actual, and residuals."""

from __future__ import annotations

import numpy as np

from ._display import View


class RegressionPlot(View):
    """Predicted-vs-actual scatter with the identity line, and the residuals.

    Attributes:
        actual, predicted: the values plotted.
        mae, rmse, r2: mean absolute error, root mean squared error, R².
        plotly_figure: the plotly ``FigureWidget`` (interactive views only).
    """

    kind = "regression plot"

    def __init__(self, actual: np.ndarray, predicted: np.ndarray, indices: np.ndarray,
                 interactive: bool) -> None:
        super().__init__()
        self.actual, self.predicted, self.indices = actual, predicted, indices
        residual = predicted - actual
        self.mae = float(np.mean(np.abs(residual)))
        self.rmse = float(np.sqrt(np.mean(residual ** 2)))
        spread = float(np.sum((actual - actual.mean()) ** 2))
        self.r2 = 1.0 - float(np.sum(residual ** 2)) / spread if spread > 0 else float("nan")
        self.plotly_figure = None
        if interactive:
            self.plotly_figure = self._plotly()
            self.widget = self.plotly_figure
        else:
            self.figure = self._matplotlib()

    def __repr__(self) -> str:
        return (f"<RegressionPlot: {len(self.actual)} samples, MAE {self.mae:.4g}, "
                f"RMSE {self.rmse:.4g}, R² {self.r2:.3f}>")

    def _title(self) -> str:
        return f"MAE {self.mae:.4g} · RMSE {self.rmse:.4g} · R² {self.r2:.3f}"

    def _bounds(self) -> tuple[float, float]:
        both = np.concatenate([self.actual, self.predicted])
        low, high = float(both.min()), float(both.max())
        pad = 0.03 * (high - low or 1.0)
        return low - pad, high + pad

    def _matplotlib(self):
        from ._display import new_figure

        figure = new_figure(9.0, 4.0)
        scatter, residuals = figure.subplots(1, 2)
        low, high = self._bounds()
        scatter.plot([low, high], [low, high], color="#888", linestyle="--", linewidth=1,
                     label="perfect prediction")
        scatter.scatter(self.actual, self.predicted, s=14, alpha=0.7, color="#4c78a8")
        scatter.set(xlabel="actual", ylabel="predicted", xlim=(low, high), ylim=(low, high),
                    title="predicted vs actual")
        scatter.legend(loc="upper left", fontsize=8)
        residuals.axhline(0.0, color="#888", linestyle="--", linewidth=1)
        residuals.scatter(self.actual, self.predicted - self.actual, s=14, alpha=0.7,
                          color="#e45756")
        residuals.set(xlabel="actual", ylabel="predicted − actual", title="residuals")
        figure.suptitle(self._title(), fontsize=10)
        return figure

    def _plotly(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        low, high = self._bounds()
        base = make_subplots(rows=1, cols=2, subplot_titles=("predicted vs actual", "residuals"))
        figure = go.FigureWidget(base)
        hover = "sample %{customdata}<br>actual %{x:.4g}<br>predicted %{y:.4g}<extra></extra>"
        figure.add_scatter(x=[low, high], y=[low, high], mode="lines", name="perfect prediction",
                           line={"dash": "dash", "color": "#888"}, row=1, col=1)
        figure.add_scatter(x=self.actual, y=self.predicted, mode="markers", name="samples",
                           customdata=self.indices, hovertemplate=hover,
                           marker={"color": "#4c78a8", "size": 6, "opacity": 0.7}, row=1, col=1)
        figure.add_scatter(x=[low, high], y=[0.0, 0.0], mode="lines", showlegend=False,
                           line={"dash": "dash", "color": "#888"}, row=1, col=2)
        figure.add_scatter(x=self.actual, y=self.predicted - self.actual, mode="markers",
                           name="residuals", customdata=self.indices,
                           hovertemplate="sample %{customdata}<br>actual %{x:.4g}<br>"
                                         "residual %{y:.4g}<extra></extra>",
                           marker={"color": "#e45756", "size": 6, "opacity": 0.7}, row=1, col=2)
        figure.update_xaxes(title_text="actual")
        figure.update_yaxes(title_text="predicted", row=1, col=1)
        figure.update_yaxes(title_text="predicted − actual", row=1, col=2)
        figure.update_layout(title={"text": self._title(), "x": 0.02, "xanchor": "left"},
                             height=420, margin={"t": 70},
                             template="plotly_white")
        return figure
