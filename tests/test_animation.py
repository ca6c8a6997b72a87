"""The descent animation: `gradfig render --format gif` (and mp4 where ffmpeg is installed) writes
a real file whose frames, decoded, show the paths growing; frames and rate as asked; GIF bytes
the same on every run; refusals in one line."""

from __future__ import annotations

import io
import itertools
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gradfig import cli
from gradfig.figures.animation import ffmpeg_path, steps_shown

FORMULA = ["--formula", "x^2 + 3*y^2", "--domain", "-2,2,-2,2", "--only", "descent"]


def _gif_frames(data: bytes) -> tuple[list[np.ndarray], list[int]]:
    image = Image.open(io.BytesIO(data))
    frames, durations = [], []
    for i in range(image.n_frames):
        image.seek(i)
        frames.append(np.asarray(image.convert("RGB")))
        durations.append(image.info["duration"])
    return frames, durations


@pytest.fixture(scope="module")
def gif(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("gif")
    code = cli.main(["render", *FORMULA, "--format", "gif", "--frames", "12", "--fps", "5",
                     "--out", str(out), "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0
    assert [p.name for p in out.iterdir()] == ["descent-formula-light.gif"]
    return (out / "descent-formula-light.gif").read_bytes()


def test_the_gif_has_the_frames_and_rate_asked_for(gif: bytes) -> None:
    frames, durations = _gif_frames(gif)
    assert len(frames) == 12 and frames[0].shape == (640, 800, 3)
    assert durations[:-1] == [200] * 11 and durations[-1] == 2000  # 5 per second, then a hold


def test_the_paths_grow_frame_by_frame(gif: bytes) -> None:
    frames, _ = _gif_frames(gif)
    changed = [int(np.any(f != frames[0], axis=-1).sum()) for f in frames]
    assert changed[0] == 0 and changed[-1] > 2000  # the paths drawn over the field
    # Each frame adds to what was drawn (the step counter changes too, so allow it that much).
    assert all(b >= a - 400 for a, b in itertools.pairwise(changed)), changed
    assert len(set(changed)) >= 8  # it moves in most frames, not in one jump


def test_the_gif_bytes_are_the_same_on_every_run(gif: bytes, tmp_path: Path) -> None:
    code = cli.main(["render", *FORMULA, "--format", "gif", "--frames", "12", "--fps", "5",
                     "--out", str(tmp_path), "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0 and (tmp_path / "descent-formula-light.gif").read_bytes() == gif


def test_steps_shown_run_from_the_start_to_the_last_step() -> None:
    for frames, longest in ((12, 400), (40, 2000), (5, 3), (2, 1)):
        shown = steps_shown(frames, longest)
        assert len(shown) == frames and shown[0] == 0 and shown[-1] == longest
        assert shown == sorted(shown)
        if frames <= longest + 1:  # a new frame each time: the GIF keeps every one
            assert len(set(shown)) == frames
    assert steps_shown(40, 400)[10] <= 12  # the large first steps take several frames


@pytest.mark.parametrize(("args", "message"), [
    (["--only", "field-bowl", "--format", "gif"], "gif animations are made for descent figures only"),
    (["--only", "descent-bowl", "--format", "gif", "--frames", "0"], "must be at least 1"),
    (["--only", "descent-bowl", "--format", "gif", "--fps", "500"], "between 0.5 and 50"),
])
def test_bad_animation_options_are_one_line_exit_2(args: list[str], message: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["render", "--out", str(tmp_path / "out"), "--no-cache", *args])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out").exists()


def test_mp4_is_encoded_by_ffmpeg_or_refused_in_one_line(tmp_path: Path, capsys) -> None:
    args = ["render", "--only", "descent-bowl", "--format", "mp4", "--frames", "8",
            "--out", str(tmp_path / "out"), "--no-cache", "--quiet", "--jobs", "1"]
    code = cli.main(args)
    err = capsys.readouterr().err
    if ffmpeg_path() is None:
        assert code == 2 and err.count("\n") == 1 and "needs ffmpeg" in err
        assert not (tmp_path / "out").exists()
        return
    assert code == 0, err
    video = tmp_path / "out" / "descent-bowl-light.mp4"
    # Decode it with the same ffmpeg: H.264, 8 frames of 800 x 640, the paths advancing.
    proc = subprocess.run([ffmpeg_path(), "-hide_banner", "-i", str(video), "-f", "rawvideo",
                           "-pix_fmt", "rgb24", "-"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert b"Video: h264" in proc.stderr and b"800x640" in proc.stderr
    frames = np.frombuffer(proc.stdout, np.uint8).reshape(-1, 640, 800, 3)
    assert len(frames) == 8
    moved = [float(np.abs(f.astype(int) - frames[0]).sum(axis=-1).__gt__(60).mean()) for f in frames]
    assert moved[0] == 0 and moved[-1] > moved[1] > 0, moved


def test_without_an_encoder_mp4_is_refused_before_drawing(tmp_path: Path, capsys, monkeypatch) -> None:
    """A machine with neither Debian's ffmpeg nor the imageio-ffmpeg wheel."""
    from gradfig.figures import animation

    monkeypatch.setattr(animation, "ffmpeg_path", lambda: None)
    code = cli.main(["render", "--only", "descent-bowl", "--format", "gif,mp4", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "needs ffmpeg" in err
    assert not (tmp_path / "o").exists()
