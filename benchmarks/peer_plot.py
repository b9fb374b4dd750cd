"""The peer benchmark's plot: seconds and peak memory by graph size, one line per tool, one
column per stage (the closure, SHACL), log-log. A tool stopped by a cap ends where it stopped;
the legend says at which size and why."""

from __future__ import annotations

from pathlib import Path

TITLES = {"reason": "OWL 2 RL closure", "validate": "SHACL validation"}


def plot(runs: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5), sharex=True)
    for col, stage in enumerate(TITLES):
        tools = list(dict.fromkeys(r["tool"] for r in runs if r["stage"] == stage))
        for tool in tools:
            rows = [r for r in runs if r["stage"] == stage and r["tool"] == tool]
            ok = sorted(
                (r["triples"], r["seconds"], r["peak_rss"]) for r in rows if r["status"] == "ok"
            )
            stopped = next((r["status"] for r in rows if r["status"] != "ok"), "")
            name = tool + (f" ({stopped})" if stopped else "")
            style = {"linewidth": 2.5, "color": "black"} if tool == "ours" else {}
            if not ok:
                continue
            xs, secs, rss = zip(*ok, strict=True)
            axes[0][col].plot(xs, secs, marker="o", label=name, **style)
            axes[1][col].plot(xs, [b / 2**20 for b in rss], marker="o", label=name, **style)
        axes[0][col].set_title(TITLES[stage])
        axes[0][col].set_ylabel("wall seconds (the call alone)")
        axes[1][col].set_ylabel("peak RSS, MiB (the whole process)")
        axes[1][col].set_xlabel("asserted triples (synthetic graph)")
        for ax in (axes[0][col], axes[1][col]):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.grid(True, which="both", alpha=0.3)
        axes[0][col].legend(fontsize=7)
    fig.suptitle("governance-graph beside other tools (same graphs, answers compared)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
