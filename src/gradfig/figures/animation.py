"""Gradient descent as an animation: the descent figure's paths growing step by step.

:func:`descent_frames` draws a descent figure (:func:`gradfig.figures.static.descent_figure`,
or any figure whose paths carry its ``descent-path-<i>`` and ``descent-end-<i>`` gids) once,
then shows in each frame the first steps of every path: frame k of n shows about
``ceil(N ** (k / (n - 1)))`` steps, N the longest run's, so the large first steps are not over
within one frame and the long crawl at the end still arrives (at least one step more per
frame while there are steps enough: a GIF merges a frame equal to the one before it). The
heatmap, level curves, legend and title are drawn once; each frame redraws only the paths,
their end markers and the step count over that background (matplotlib's blitting, on the Agg canvas).

:func:`gif_bytes` encodes frames as a GIF with Pillow (matplotlib's own image dependency):
one palette for every frame, taken from the last, no dithering, fixed timings, so the bytes
are the same on every run. :func:`mp4_bytes` encodes H.264 with ``ffmpeg`` (Debian's, on
``PATH``, or the binary the ``imageio-ffmpeg`` wheel ships) with bit-exact flags and one
thread; without an encoder it raises :class:`EncoderMissingError`, whose message says what to
install.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DEFAULT_FPS", "DEFAULT_FRAMES", "EncoderMissingError", "descent_frames", "ffmpeg_path",
           "gif_bytes", "mp4_bytes", "steps_shown"]

DEFAULT_FRAMES = 40
DEFAULT_FPS = 10
#: How long the last frame stays, in seconds, before a GIF loops.
HOLD = 2.0


class EncoderMissingError(RuntimeError):
    """No video encoder (ffmpeg) on this machine; the message says how to get one."""


def steps_shown(frames: int, longest: int) -> list[int]:
    """Steps of each path shown in each frame: from 0 (the start) to ``longest``, geometric."""
    if frames < 2:
        return [longest]
    shown = [0]
    for k in range(1, frames):
        # One more step at least (a GIF merges a frame equal to the one before it), while
        # leaving one step for each frame still to come, when there are enough steps.
        geometric = math.ceil(longest ** (k / (frames - 1)))
        ceiling = max(longest - (frames - 1 - k), shown[-1])
        shown.append(min(max(geometric, shown[-1] + 1), ceiling, longest))
    return shown


def descent_frames(draw: Callable[..., Any], frames: int = DEFAULT_FRAMES, dpi: float = 100
                   ) -> Iterator[np.ndarray]:
    """RGB frames ``(height, width, 3)`` of uint8 of the descent figure ``draw()`` returns."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = draw()
    figure.set_dpi(dpi)
    figure.draw_without_rendering()
    figure.set_layout_engine("none")  # lay out once: only the paths move
    paths = {a.get_gid()[len("descent-path-"):]: a for ax in figure.axes for a in ax.lines
             if (a.get_gid() or "").startswith("descent-path-")}
    ends = {a.get_gid()[len("descent-end-"):]: a for ax in figure.axes for a in ax.lines
            if (a.get_gid() or "").startswith("descent-end-")}
    if not paths:
        raise ValueError("the figure has no descent paths to animate (no 'descent-path-<i>' gids)")
    ax = next(iter(paths.values())).axes
    full = {i: np.asarray(line.get_xydata()) for i, line in paths.items()}
    longest = max(len(p) for p in full.values()) - 1
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    counter = ax.text(0.02, 0.97, "", transform=ax.transAxes, ha="left", va="top", zorder=20,
                      color="#111318", fontweight="bold",
                      bbox={"boxstyle": "round,pad=0.3", "facecolor": "#ffffffd9", "edgecolor": "none"})
    moving = [*paths.values(), *ends.values(), counter]
    canvas = FigureCanvasAgg(figure)
    with figure.in_style() if hasattr(figure, "in_style") else nullcontext():
        for artist in moving:
            artist.set_visible(False)
        canvas.draw()
        background = canvas.copy_from_bbox(figure.bbox)
        for artist in moving:
            artist.set_visible(True)
        order = sorted(moving, key=lambda a: a.get_zorder())
        for n in steps_shown(frames, longest):
            canvas.restore_region(background)
            for i, line in paths.items():
                shown = full[i][: n + 1]
                line.set_data(shown[:, 0], shown[:, 1])
                if i in ends:
                    tip = np.clip(shown[-1], [x0, y0], [x1, y1])
                    ends[i].set_data([tip[0]], [tip[1]])
            counter.set_text(f"{n} step{'s' if n != 1 else ''}")
            for artist in order:
                ax.draw_artist(artist)
            yield np.asarray(canvas.buffer_rgba())[..., :3].copy()


def gif_bytes(frames: list[np.ndarray], fps: float = DEFAULT_FPS) -> bytes:
    """A looping GIF of the frames at ``fps``, the last frame held :data:`HOLD` seconds."""
    from PIL import Image

    images = [Image.fromarray(f) for f in frames]
    palette = images[-1].quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indexed = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    step = max(20, round(1000 / fps / 10) * 10)  # GIF timings are in hundredths of a second
    durations = [step] * (len(indexed) - 1) + [max(step, int(HOLD * 1000))]
    buffer = io.BytesIO()
    indexed[0].save(buffer, format="GIF", save_all=True, append_images=indexed[1:], duration=durations,
                    loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


def ffmpeg_path() -> str | None:
    """``ffmpeg`` on ``PATH``, else the one the ``imageio-ffmpeg`` wheel ships, else None."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:
        return None


def mp4_bytes(frames: list[np.ndarray], fps: float = DEFAULT_FPS) -> bytes:
    """An H.264 MP4 of the frames at ``fps`` (yuv420p: plays everywhere), bit-exact."""
    exe = ffmpeg_path()
    if exe is None:
        raise EncoderMissingError("mp4 needs ffmpeg, and none is installed: 'apt-get install ffmpeg' "
                             "(Debian) or 'pip install imageio-ffmpeg', or use --format gif")
    height, width = frames[0].shape[:2]
    with tempfile.TemporaryDirectory(prefix="gradfig-mp4-") as folder:
        out = Path(folder) / "out.mp4"
        proc = subprocess.run(
            [exe, "-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
             "-r", f"{fps:g}", "-i", "-", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264",
             "-pix_fmt", "yuv420p", "-preset", "medium", "-crf", "20", "-threads", "1",
             "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
             "-movflags", "+faststart", str(out)],
            input=b"".join(f.tobytes() for f in frames), capture_output=True,
            env={**os.environ, "LC_ALL": "C"})
        if proc.returncode != 0:
            reason = " ".join(proc.stderr.decode("utf-8", "replace").split())[:200]
            raise RuntimeError(f"ffmpeg could not encode the video: {reason}")
        return out.read_bytes()
